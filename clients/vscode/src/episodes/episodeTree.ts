// The episode history in the CodeImprove activity-bar view, newest first, filtered by a search text that the
// server applies (codeImprove/episodes `text`).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type EpisodeList, type EpisodeSummary, Methods } from '../protocol';
import { episodeItemText } from './episodeFormat';

const pageSize = 200;

export class EpisodeTree implements vscode.TreeDataProvider<EpisodeSummary>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private filter = '';
  private view: vscode.TreeView<EpisodeSummary> | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  attach(view: vscode.TreeView<EpisodeSummary>): void {
    this.view = view;
    this.describe(undefined);
  }

  refresh(): void {
    this.changed.fire();
  }

  async search(): Promise<void> {
    const text = await vscode.window.showInputBox({
      title: 'Search episodes', prompt: 'Text in the file, strategy, instruction or code (empty: show all)', value: this.filter,
    });
    if (text === undefined) return;
    this.setFilter(text.trim());
  }

  setFilter(text: string): void {
    this.filter = text;
    void vscode.commands.executeCommand('setContext', 'codeImprove.episodeFilterActive', text !== '');
    this.refresh();
  }

  getTreeItem(e: EpisodeSummary): vscode.TreeItem {
    const text = episodeItemText(e);
    const item = new vscode.TreeItem(text.label, vscode.TreeItemCollapsibleState.None);
    item.id = String(e.id);
    item.description = text.description;
    item.tooltip = text.tooltip;
    item.iconPath = new vscode.ThemeIcon(text.icon);
    item.contextValue = `episode.${e.decision}`;
    item.command = { command: 'codeImprove.openEpisode', title: 'Show episode', arguments: [e] };
    return item;
  }

  async getChildren(parent?: EpisodeSummary): Promise<EpisodeSummary[]> {
    const client = this.client();
    if (parent || !client?.isRunning()) return [];
    try {
      const list = await client.sendRequest<EpisodeList>(Methods.episodes, { text: this.filter || undefined, limit: pageSize });
      this.describe(list);
      return list.items;
    } catch (e) {
      if (this.view) this.view.message = `Could not load episodes: ${(e as Error).message}`;
      return [];
    }
  }

  private describe(list: EpisodeList | undefined): void {
    if (!this.view) return;
    const filtered = this.filter ? ` matching “${this.filter}”` : '';
    this.view.message = !list ? undefined
      : list.total === 0 ? `No episodes${filtered} yet. Use the “Improve this method” lightbulb in a C# file.`
        : list.total > list.items.length ? `${list.items.length} of ${list.total} episodes${filtered}`
          : this.filter ? `${list.total} episode(s)${filtered}` : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
