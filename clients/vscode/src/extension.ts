// Activation: starts the CodeImprove language server over stdio and wires the lightbulb, the inline preview,
// the episode panel and the status bar to it. The extension decides nothing itself; the server does.
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, type ErrorHandler, LanguageClient, type LanguageClientOptions, RevealOutputChannelOn,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { type EpisodeSummary, type ImproveArgs, Methods } from './protocol';
import { runImprove } from './improve';
import { PreviewController } from './preview/previewController';
import { ChangeRecorder } from './preview/changeRecorder';
import { EpisodeTree } from './episodes/episodeTree';
import { DetailPanel } from './episodes/detailPanel';
import { StatusBar } from './status/statusBar';
import { contributedSettings, csharpExtensionId, isOurSection, serverSettings, settingsSection, withDiagnosticsScope } from './settings';
import { resolveServerPath } from './serverPath';
import { type LogLevel, parseServerLogLine } from './serverLog';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('CodeImprove Server', { log: true });
  const status = new StatusBar();
  const changes = new ChangeRecorder();
  const episodes = new EpisodeTree(() => client);
  const details = new DetailPanel(() => client, () => episodes.refresh());
  const previews = new PreviewController(() => client, () => episodes.refresh());
  const view = vscode.window.createTreeView('codeImprove.episodes', { treeDataProvider: episodes, showCollapseAll: false });
  episodes.attach(view);
  const settings = contributedSettings(context.extension.packageJSON);

  const improve = async (args: ImproveArgs) => {
    if (!client) return;
    await runImprove(client, args, previews, changes, response => {
      status.noteTokensPerSecond(response?.tokensPerSecond);
      episodes.refresh();
    });
  };

  context.subscriptions.push(
    log, status, episodes, details, previews, view,
    vscode.workspace.onDidChangeTextDocument(e => changes.record(e.document.uri.toString(), e.document.version, e.contentChanges)),
    vscode.commands.registerCommand('codeImprove.showLog', () => log.show(true)),
    vscode.commands.registerCommand('codeImprove.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('codeImprove.improveAtCursor', async () => {
      const args = selectionArgs();
      if (args) await improve(args);
    }),
    vscode.commands.registerCommand('codeImprove.improveWithInstruction', async () => {
      const args = selectionArgs();
      if (!args) return;
      const instruction = await vscode.window.showInputBox({
        title: 'CodeImprove: improve with an instruction',
        prompt: 'What should change? e.g. "avoid the allocation in the loop" (empty: let CodeImprove choose)',
        ignoreFocusOut: true,
      });
      if (instruction === undefined) return; // Escape: no run
      await improve({ ...args, instruction: instruction.trim() || undefined });
    }),
    vscode.commands.registerCommand('codeImprove.refreshEpisodes', () => episodes.refresh()),
    vscode.commands.registerCommand('codeImprove.resetPreferences', async () => {
      if (!client) return;
      try {
        const result = await client.sendRequest<{ forgotten: number }>(Methods.resetPreferences, {});
        void vscode.window.showInformationMessage(`CodeImprove: forgot the learned preferences of ${result.forgotten} code fix(es); rejected fixes are proposed again.`);
      } catch (error) {
        void vscode.window.showErrorMessage(`CodeImprove: ${(error as Error).message}`);
      }
    }),
    vscode.commands.registerCommand('codeImprove.searchEpisodes', () => episodes.search()),
    vscode.commands.registerCommand('codeImprove.clearEpisodeSearch', () => episodes.setFilter('')),
    vscode.commands.registerCommand('codeImprove.openEpisode', async (e: EpisodeSummary | number) => {
      try {
        await details.show(typeof e === 'number' ? e : e.id);
      } catch (error) {
        void vscode.window.showErrorMessage(`CodeImprove: ${(error as Error).message}`);
      }
    }),
    vscode.commands.registerCommand('codeImprove.rollbackEpisode', (e: EpisodeSummary) => details.rollback(e.id)),
    vscode.workspace.onDidChangeConfiguration(async e => {
      if (e.affectsConfiguration(`${settingsSection}.server`)) {
        const answer = await vscode.window.showInformationMessage('CodeImprove: restart the server to use the new server settings?', 'Restart');
        if (answer === 'Restart') await client?.restart();
      }
    }),
    // The C# extension installed or removed: the server pulls the settings again and with them the resolved diagnostics.scope.
    vscode.extensions.onDidChange(() => {
      void client?.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }),
  );

  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const config = () => vscode.workspace.getConfiguration(settingsSection);
  const command = resolveServerPath(config().get<string>('server.path'), context.extensionPath, folder);
  if (!fs.existsSync(command)) {
    void vscode.window.showErrorMessage(`CodeImprove: the server was not found at ${command}. Set "codeImprove.server.path" to a codeimprove executable.`);
    status.dispose();
    return;
  }
  ensureExecutable(command);
  const serverOptions: ServerOptions = { command, args: ['serve', '--stdio'], options: { cwd: folder } };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'csharp' }],
    // Restricted Mode: the server builds no project and reads no workspace config (restarted below once trusted).
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    outputChannel: log,
    stdioOptions: {
      stdout: () => undefined, // the protocol stream, read by the client itself
      stderr: (input, channel) => {
        let level: LogLevel = 'info';
        readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', line => {
          const parsed = parseServerLogLine(line, level);
          level = parsed.level;
          channel[level](parsed.text);
        });
      },
    },
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: { configurationSection: settingsSection },
    errorHandler: restartingErrorHandler(log),
    middleware: {
      // The lightbulb's codeImprove.improve is registered by the client from the server's executeCommandProvider;
      // it is run here instead, with progress, cancellation and the preview.
      executeCommand: async (cmd, cmdArgs, next) => {
        if (cmd !== Methods.improveCommand) return next(cmd, cmdArgs);
        await improve(cmdArgs[0] as ImproveArgs);
        return undefined;
      },
      workspace: {
        configuration: async (params, token, next) => {
          const answered = await next(params, token);
          if (!Array.isArray(answered)) return answered;
          const csharp = vscode.extensions.getExtension(csharpExtensionId) !== undefined;
          return params.items.map((item, i) => isOurSection(item.section)
            ? withDiagnosticsScope(serverSettings(settings, key => config().inspect(key), vscode.workspace.isTrusted), csharp)
            : answered[i]);
        },
      },
    },
  };

  client = new LanguageClient('codeImprove', 'CodeImprove', serverOptions, clientOptions);
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()));
  context.subscriptions.push(...status.attach(client));
  try {
    await client.start();
    episodes.refresh();
  } catch (e) {
    void vscode.window.showErrorMessage(`CodeImprove: the server did not start: ${(e as Error).message}`);
  }
}

/** Restarts a crashed server (up to 5 times in 3 minutes) and says so; after that it stays down with a message. */
/** The active editor's cursor or selection as improve arguments (an empty range: the member around the cursor). */
function selectionArgs(): ImproveArgs | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { start, end } = editor.selection;
  return {
    uri: editor.document.uri.toString(),
    range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
  };
}

function restartingErrorHandler(log: vscode.LogOutputChannel): ErrorHandler {
  const crashes: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && now - crashes[0] > 3 * 60_000) crashes.shift();
      if (crashes.length > 5) {
        log.appendLine('[client] the server crashed 5 times in 3 minutes; not restarting it again.');
        return { action: CloseAction.DoNotRestart, message: 'CodeImprove: the server crashed repeatedly and was not restarted. See the "CodeImprove Server" output; run "CodeImprove: Restart Server" to try again.' };
      }
      log.appendLine('[client] the server stopped unexpectedly; restarting it.');
      void vscode.window.showWarningMessage('CodeImprove: the server stopped unexpectedly and was restarted.', 'Show Log')
        .then(choice => { if (choice) log.show(true); });
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

/** A vsix may lose the executable bit of the bundled server on some platforms. */
function ensureExecutable(file: string): void {
  if (process.platform === 'win32') return;
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    fs.chmodSync(file, 0o755);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
