// Keeps a proposal's hunks on the right lines while the document is edited under an open preview.
// Hunks are whole-line replacements: a hunk covers lines [start, end) of the document (start === end: an
// insertion before line `start`). An edit that touches those lines makes the hunk unusable; any other edit only
// moves it. The server checks again on accept (rebases or refuses with ContentModified); this is what the
// editor shows in the meantime, and it lets the client drop a preview as soon as it has gone stale.
import type { Position, Range } from '../protocol';

export interface LineSpan { readonly start: number; readonly end: number }

/** One edit in the coordinates of the document before it, as LSP and VS Code report content changes. */
export interface TextChange { readonly range: Range; readonly text: string }

export function lineSpanOf(range: Range): LineSpan {
  const end = range.end.character === 0 ? range.end.line : range.end.line + 1;
  return { start: range.start.line, end: Math.max(end, range.start.line) };
}

function compare(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

function newlineCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Where the span is after the change, or undefined when the change touches it. A change that ends exactly where
 * the span starts leaves it intact only if a line break still precedes the span (e.g. a whole line deleted or
 * inserted above it); otherwise it would join text onto the span's first line.
 */
export function rebaseSpan(span: LineSpan, change: TextChange): LineSpan | undefined {
  const spanStart: Position = { line: span.start, character: 0 };
  const spanEnd: Position = { line: span.end, character: 0 };
  const endVsStart = compare(change.range.end, spanStart);
  if (endVsStart <= 0) {
    const keepsLineBreak = change.text.length > 0 ? change.text.endsWith('\n') : change.range.start.character === 0;
    if (endVsStart === 0 && !keepsLineBreak) {
      // Text typed at the start of the line an insertion goes before: the insertion still goes before it.
      const typedAtAnchor = span.start === span.end && compare(change.range.start, spanStart) === 0;
      return typedAtAnchor ? span : undefined;
    }
    const delta = newlineCount(change.text) - (change.range.end.line - change.range.start.line);
    return { start: span.start + delta, end: span.end + delta };
  }
  if (compare(change.range.start, spanEnd) >= 0) return span;
  return undefined;
}
