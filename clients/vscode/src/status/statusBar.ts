import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { Methods, type ServerStatus } from '../protocol';
import { statusText } from './statusText';

/** Shows the server's status: pulled with codeImprove/serverStatus on start, pushed by codeImprove/statusChanged. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('codeImprove.status', vscode.StatusBarAlignment.Right, 100);
  private status: ServerStatus | undefined;
  private connection: 'starting' | 'running' | 'stopped' = 'starting';

  constructor() {
    this.item.name = 'CodeImprove';
    this.item.command = 'codeImprove.showLog';
    this.render();
    this.item.show();
  }

  attach(client: LanguageClient): vscode.Disposable[] {
    return [
      client.onDidChangeState(e => {
        this.connection = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
        this.render();
        if (e.newState === State.Running) void this.refresh(client);
      }),
      client.onNotification(Methods.statusChanged, (status: ServerStatus) => this.update(status)),
    ];
  }

  async refresh(client: LanguageClient): Promise<void> {
    try {
      this.update(await client.sendRequest<ServerStatus>(Methods.serverStatus, {}));
    } catch {
      // The server went away; its state change is rendered on its own.
    }
  }

  /** The figure of the run that just finished (a later statusChanged replaces it). */
  noteTokensPerSecond(value: number | undefined): void {
    if (this.status && value !== undefined) {
      this.update({ ...this.status, lastTokensPerSecond: value });
    }
  }

  private update(status: ServerStatus): void {
    this.status = status;
    this.connection = 'running';
    this.render();
  }

  private render(): void {
    const { text, tooltip } = statusText(this.status, this.connection);
    this.item.text = text;
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.item.dispose();
  }
}
