// The inline diff preview in the editor: decorations for each open proposal, per-hunk Accept/Reject CodeLens,
// Accept all / Reject all, and one accept/reject request to the server once every hunk is decided.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type AcceptResult, ErrorCodes, Methods, type Proposal } from '../protocol';
import { type HunkDecision, type Outcome, PreviewState, StaleHunkError } from './previewState';
import { hunkTitle, renderHunk } from './inlineRendering';
import { errorCode } from '../rpcErrors';

const previewContextKey = 'codeImprove.previewActive';

export class PreviewController implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly previews = new Map<string, PreviewState>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly removed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly added = vscode.window.createTextEditorDecorationType({});
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined, private readonly onDecided: () => void) {
    this.disposables.push(
      vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this),
      vscode.languages.registerHoverProvider({ scheme: 'file' }, this),
      vscode.workspace.onDidChangeTextDocument(e => this.documentChanged(e)),
      vscode.workspace.onDidCloseTextDocument(d => this.documentClosed(d)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.redrawAll()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.commands.registerCommand('codeImprove.acceptHunk', (uri: string, hunkId: number) => this.decide(uri, hunkId, 'accepted')),
      vscode.commands.registerCommand('codeImprove.rejectHunk', (uri: string, hunkId: number) => this.decide(uri, hunkId, 'rejected')),
      vscode.commands.registerCommand('codeImprove.undoHunkDecision', (uri: string, hunkId: number) => this.decide(uri, hunkId, undefined)),
      vscode.commands.registerCommand('codeImprove.acceptAll', (uri?: string) => this.decideRemaining(uri, 'accepted')),
      vscode.commands.registerCommand('codeImprove.rejectAll', (uri?: string) => this.decideRemaining(uri, 'rejected')),
    );
  }

  /** Shows a proposal; a preview already open on the document is rejected first (one proposal per document). */
  async show(proposal: Proposal, state: PreviewState): Promise<void> {
    const existing = this.previews.get(proposal.uri);
    if (existing) await this.finish(proposal.uri, existing, { kind: 'reject' }, 'replaced by a new proposal');
    this.previews.set(proposal.uri, state);
    this.redraw(proposal.uri);
    const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === proposal.uri);
    if (document) {
      const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
      const first = state.hunks[0].span.start;
      editor.revealRange(new vscode.Range(first, 0, first, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    this.updateContext();
  }

  isOpen(uri: string): boolean {
    return this.previews.has(uri);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const uri = document.uri.toString();
    const state = this.previews.get(uri);
    if (!state) return [];
    const total = state.hunks.length;
    const lenses: vscode.CodeLens[] = [];
    for (const tracked of state.hunks) {
      const line = Math.min(renderHunk(tracked).anchorLine, document.lineCount - 1);
      const at = new vscode.Range(line, 0, line, 0);
      const id = tracked.hunk.id;
      lenses.push(new vscode.CodeLens(at, { title: hunkTitle(tracked, total), command: '' }));
      if (tracked.decision) {
        lenses.push(new vscode.CodeLens(at, { title: tracked.decision === 'accepted' ? '✓ Accepted' : '✗ Rejected', command: '' }));
        if (!tracked.stale) {
          lenses.push(new vscode.CodeLens(at, { title: 'Undo', command: 'codeImprove.undoHunkDecision', arguments: [uri, id] }));
        }
      } else {
        lenses.push(new vscode.CodeLens(at, { title: 'Accept', command: 'codeImprove.acceptHunk', arguments: [uri, id] }));
        lenses.push(new vscode.CodeLens(at, { title: 'Reject', command: 'codeImprove.rejectHunk', arguments: [uri, id] }));
      }
      if (tracked === state.hunks[0]) {
        lenses.push(new vscode.CodeLens(at, { title: 'Accept all', command: 'codeImprove.acceptAll', arguments: [uri] }));
        lenses.push(new vscode.CodeLens(at, { title: 'Reject all', command: 'codeImprove.rejectAll', arguments: [uri] }));
      }
    }
    return lenses;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const state = this.previews.get(document.uri.toString());
    const tracked = state?.hunks.find(t => position.line >= t.span.start && position.line < Math.max(t.span.end, t.span.start + 1));
    if (!state || !tracked) return undefined;
    const text = new vscode.MarkdownString();
    text.appendMarkdown(`**CodeImprove** · ${state.proposal.strategy} · hunk ${tracked.index}/${state.hunks.length}\n\n`);
    text.appendCodeblock(tracked.hunk.diff, 'diff');
    if (state.proposal.explanation) text.appendMarkdown(`\n${state.proposal.explanation}`);
    return new vscode.Hover(text);
  }

  private async decide(uri: string, hunkId: number, decision: HunkDecision | undefined): Promise<void> {
    const state = this.previews.get(uri);
    if (!state) return;
    try {
      await this.settle(uri, state, state.decide(hunkId, decision));
    } catch (e) {
      void vscode.window.showWarningMessage(`CodeImprove: ${(e as Error).message}`);
    }
  }

  private async decideRemaining(uri: string | undefined, decision: HunkDecision): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    const state = target ? this.previews.get(target) : undefined;
    if (!target || !state) {
      void vscode.window.showInformationMessage('CodeImprove: no proposal is open in this editor.');
      return;
    }
    await this.settle(target, state, state.decideRemaining(decision));
  }

  private async settle(uri: string, state: PreviewState, outcome: Outcome): Promise<void> {
    if (outcome.kind === 'pending') {
      this.redraw(uri);
      return;
    }
    await this.finish(uri, state, outcome);
  }

  /** Sends the one answer the server takes for the proposal and closes the preview, whatever the server says. */
  private async finish(uri: string, state: PreviewState, outcome: Exclude<Outcome, { kind: 'pending' }>, reason?: string): Promise<void> {
    this.close(uri);
    const client = this.client();
    if (!client) return;
    try {
      if (outcome.kind === 'reject') {
        await client.sendRequest(Methods.reject, { proposal: state.proposal.id, reason });
        return;
      }
      const result = await client.sendRequest<AcceptResult>(Methods.accept, { proposal: state.proposal.id, hunks: outcome.hunks });
      if (!result.applied) {
        void vscode.window.showWarningMessage('CodeImprove: the editor did not apply the change; nothing was recorded as accepted.');
      } else {
        const of = state.hunks.length;
        vscode.window.setStatusBarMessage(`CodeImprove: applied ${result.hunks.length} of ${of} hunk(s)`, 5000);
      }
    } catch (e) {
      if (errorCode(e) === ErrorCodes.contentModified) {
        void vscode.window.showErrorMessage(
          'CodeImprove: the document changed under the proposal, so it was not applied. Run "Improve this method" again.');
      } else {
        void vscode.window.showErrorMessage(`CodeImprove: ${outcome.kind} failed: ${(e as Error).message}`);
      }
    } finally {
      this.onDecided();
    }
  }

  private documentChanged(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    const state = this.previews.get(uri);
    if (!state || e.contentChanges.length === 0) return;
    try {
      state.applyChanges(e.contentChanges);
      this.redraw(uri);
    } catch (error) {
      if (!(error instanceof StaleHunkError)) throw error;
      void vscode.window.showWarningMessage(`CodeImprove: ${error.message} The preview was dropped and the proposal rejected; run "Improve this method" again.`);
      void this.finish(uri, state, { kind: 'reject' }, 'document edited inside the proposal');
    }
  }

  private documentClosed(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    const state = this.previews.get(uri);
    if (state) void this.finish(uri, state, { kind: 'reject' }, 'document closed');
  }

  private close(uri: string): void {
    this.previews.delete(uri);
    this.redraw(uri);
    this.updateContext();
  }

  private redrawAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.redraw(editor.document.uri.toString());
  }

  private redraw(uri: string): void {
    const state = this.previews.get(uri);
    const renderings = state ? state.hunks.map(renderHunk) : [];
    const removed = renderings.flatMap(r => r.removedLines).map(line => new vscode.Range(line, 0, line, 0));
    const added = renderings.flatMap(r => r.added).map(a => ({
      range: new vscode.Range(a.line, 0, a.line, a.placement === 'after' ? Number.MAX_SAFE_INTEGER : 0),
      renderOptions: {
        [a.placement]: {
          contentText: a.placement === 'after' ? `  ⇒ ${a.text}` : `${a.text} ⇐  `,
          color: new vscode.ThemeColor('gitDecoration.addedResourceForeground'),
          backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
          fontStyle: 'italic',
        },
      },
    }));
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== uri) continue;
      editor.setDecorations(this.removed, removed);
      editor.setDecorations(this.added, added);
    }
    this.lensesChanged.fire();
  }

  private updateContext(): void {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    void vscode.commands.executeCommand('setContext', previewContextKey, active !== undefined && this.previews.has(active));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.removed.dispose();
    this.added.dispose();
    this.lensesChanged.dispose();
  }
}
