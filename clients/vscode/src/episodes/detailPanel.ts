// The episode detail webview, with Rollback (codeImprove/rollback with the episode id) and Open file.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type EpisodeDetail, Methods, type RollbackResponse, type Stats } from '../protocol';
import { detailHtml } from './detailHtml';

export class DetailPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private episode: EpisodeDetail | undefined;

  constructor(private readonly client: () => LanguageClient | undefined, private readonly onRolledBack: () => void) {}

  async show(id: number): Promise<void> {
    const client = this.client();
    if (!client) return;
    const [episode, stats] = await Promise.all([
      client.sendRequest<EpisodeDetail>(Methods.episode, { id }),
      client.sendRequest<Stats>(Methods.stats, {}).catch(() => undefined),
    ]);
    this.episode = episode;
    const panel = this.panel ?? this.create();
    panel.title = `Episode ${id}`;
    const nonce = randomBytes(16).toString('hex');
    panel.webview.html = detailHtml(episode, stats, { source: panel.webview.cspSource, nonce });
    panel.reveal(undefined, true);
  }

  private create(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel('codeImprove.episode', 'Episode', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [] });
    panel.onDidDispose(() => { this.panel = undefined; });
    panel.webview.onDidReceiveMessage((message: { type: string; id: number }) => {
      if (message.type === 'rollback') void this.rollback(message.id);
      if (message.type === 'open' && this.episode?.id === message.id) void this.openFile(this.episode.file);
    });
    this.panel = panel;
    return panel;
  }

  async rollback(id: number): Promise<void> {
    const client = this.client();
    if (!client) return;
    const answer = await vscode.window.showWarningMessage(`Roll back episode ${id}? The files it changed get their earlier contents back.`, { modal: true }, 'Rollback');
    if (answer !== 'Rollback') return;
    try {
      const result = await client.sendRequest<RollbackResponse>(Methods.rollback, { target: String(id) });
      // Open buffers were restored through workspace/applyEdit; save them so disk matches, as for closed files.
      for (const file of [...result.restoredFiles, ...result.mergedFiles]) {
        const document = vscode.workspace.textDocuments.find(d => d.uri.fsPath === file || d.uri.fsPath.endsWith(`/${file}`) || d.uri.fsPath.endsWith(`\\${file}`));
        if (document?.isDirty) await document.save();
      }
      const text = `Rolled back episode ${id}: ${[...result.restoredFiles, ...result.mergedFiles].join(', ') || 'no files'} (point ${result.point}).`;
      void this.panel?.webview.postMessage({ text });
      void vscode.window.showInformationMessage(`CodeImprove: ${text}`);
      this.onRolledBack();
    } catch (e) {
      const text = `Rollback failed: ${(e as Error).message}`;
      void this.panel?.webview.postMessage({ text });
      void vscode.window.showErrorMessage(`CodeImprove: ${text}`);
    }
  }

  private async openFile(file: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = file.startsWith('/') || /^[a-zA-Z]:/.test(file) || !folder ? vscode.Uri.file(file) : vscode.Uri.joinPath(folder, file);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
