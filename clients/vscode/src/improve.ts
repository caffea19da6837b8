// Runs the server's codeImprove.improve command (the "Improve this method" lightbulb) inside a cancellable
// progress notification: Cancel sends $/cancelRequest, the emergency stop. The server reports its stages into
// the notification through the work-done token passed with the request.
import * as vscode from 'vscode';
import { type LanguageClient, WorkDoneProgress, type WorkDoneProgressReport, type WorkDoneProgressBegin } from 'vscode-languageclient/node';
import { ErrorCodes, type ImproveArgs, type ImproveResponse, Methods } from './protocol';
import { errorCode } from './rpcErrors';
import type { PreviewController } from './preview/previewController';
import { PreviewState, StaleHunkError } from './preview/previewState';
import type { ChangeRecorder } from './preview/changeRecorder';

let nextToken = 0;

export async function runImprove(
  client: LanguageClient, args: ImproveArgs, previews: PreviewController, changes: ChangeRecorder,
  onFinished: (response: ImproveResponse | undefined) => void,
): Promise<void> {
  const recording = changes.start(args.uri, vscode.workspace.textDocuments.find(d => d.uri.toString() === args.uri)?.version);
  let response: ImproveResponse | undefined;
  try {
    response = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'CodeImprove', cancellable: true },
      async (progress, token) => {
        progress.report({ message: 'improving…' });
        const workDoneToken = `codeImprove/improve/${process.pid}/${++nextToken}`;
        const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, value => {
          if (value.kind === 'end') return;
          const { message } = value as WorkDoneProgressBegin | WorkDoneProgressReport;
          if (message) progress.report({ message });
        });
        try {
          return await client.sendRequest<ImproveResponse>(
            'workspace/executeCommand', { command: Methods.improveCommand, arguments: [args], workDoneToken }, token);
        } finally {
          listener.dispose();
        }
      });
  } catch (e) {
    recording.dispose();
    const code = errorCode(e);
    if (code === ErrorCodes.requestCancelled) {
      void vscode.window.showInformationMessage('CodeImprove: improvement cancelled; nothing was changed.');
    } else {
      void vscode.window.showErrorMessage(`CodeImprove: ${(e as Error).message}`);
    }
    onFinished(undefined);
    return;
  }
  const proposal = response?.proposal;
  if (!proposal || proposal.hunks.length === 0) {
    recording.dispose();
    const why = response?.reasons?.length ? response.reasons.join('; ') : 'the server found no improvement';
    void vscode.window.showInformationMessage(`CodeImprove: no proposal (${why}).`);
    onFinished(response);
    return;
  }
  const state = new PreviewState(proposal);
  try {
    // Edits made while the server was working moved (or invalidated) the proposal's lines.
    state.applyChanges(recording.since(proposal.version));
  } catch (e) {
    if (!(e instanceof StaleHunkError)) throw e;
    void vscode.window.showWarningMessage(`CodeImprove: the method was edited while it was being improved (${e.message}); the proposal was dropped.`);
    await client.sendRequest(Methods.reject, { proposal: proposal.id, reason: 'document edited while improving' }).catch(() => undefined);
    onFinished(response);
    return;
  } finally {
    recording.dispose();
  }
  await previews.show(proposal, state);
  onFinished(response);
}
