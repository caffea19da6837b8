// Remembers a document's edits while an improvement runs, so that a proposal computed on an older version can
// be moved onto the current text (or dropped when the edits touched it) before it is shown.
import type { TextChange } from './hunkTracking';

interface VersionedChanges { readonly version: number; readonly changes: readonly TextChange[] }

export interface Recording {
  /** The edits that produced versions after `version` (the proposal's); all recorded edits when it is unknown. */
  since(version: number | undefined): TextChange[];
  dispose(): void;
}

export class ChangeRecorder {
  private readonly active = new Map<string, { startVersion?: number; log: VersionedChanges[]; users: number }>();

  start(uri: string, currentVersion: number | undefined): Recording {
    const entry = this.active.get(uri) ?? { startVersion: currentVersion, log: [], users: 0 };
    entry.users++;
    this.active.set(uri, entry);
    let disposed = false;
    return {
      since: version => {
        const from = version ?? entry.startVersion ?? -Infinity;
        return entry.log.filter(v => v.version > from).flatMap(v => v.changes);
      },
      dispose: () => {
        if (disposed) return;
        disposed = true;
        if (--entry.users === 0) this.active.delete(uri);
      },
    };
  }

  record(uri: string, version: number, changes: readonly TextChange[]): void {
    this.active.get(uri)?.log.push({ version, changes: changes.map(c => ({ range: c.range, text: c.text })) });
  }
}
