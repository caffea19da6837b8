// What the editor draws for a hunk: its old lines marked as removed, and its new lines as text after them.
// Editors cannot insert virtual lines, so each new line is shown after the old line it replaces; surplus new
// lines are joined onto the last shown line. The hover carries the exact diff.
import type { TrackedHunk } from './previewState';

export interface AddedText {
  readonly line: number;
  /** 'before' only for an insertion at the top of the document, where no line precedes it. */
  readonly placement: 'after' | 'before';
  readonly text: string;
}

export interface HunkRendering {
  readonly removedLines: number[];
  readonly added: AddedText[];
  /** The line that carries the hunk's CodeLens. */
  readonly anchorLine: number;
}

export const lineJoiner = ' ⏎ ';

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function shown(lines: string[]): string {
  return lines.map(l => l.trim()).join(lineJoiner);
}

export function renderHunk(tracked: TrackedHunk): HunkRendering {
  const { start, end } = tracked.span;
  const newLines = splitLines(tracked.hunk.newText);
  const removedLines = Array.from({ length: end - start }, (_, i) => start + i);
  if (tracked.decision === 'rejected') return { removedLines: [], added: [], anchorLine: start };
  if (removedLines.length === 0) {
    const added: AddedText[] = newLines.length === 0 ? []
      : [start > 0 ? { line: start - 1, placement: 'after', text: shown(newLines) } : { line: 0, placement: 'before', text: shown(newLines) }];
    return { removedLines, added, anchorLine: start };
  }
  const paired = Math.min(removedLines.length, newLines.length);
  const added: AddedText[] = [];
  for (let i = 0; i < paired; i++) {
    const rest = i === paired - 1 ? newLines.slice(i) : [newLines[i]];
    added.push({ line: start + i, placement: 'after', text: shown(rest) });
  }
  return { removedLines, added, anchorLine: start };
}

/** CodeLens title for a hunk, e.g. "Hunk 1/2 (−3 +2)". */
export function hunkTitle(tracked: TrackedHunk, total: number): string {
  const removed = tracked.span.end - tracked.span.start;
  const added = splitLines(tracked.hunk.newText).length;
  return `Hunk ${tracked.index}/${total} (−${removed} +${added})`;
}
