import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hunkTitle, lineJoiner, renderHunk, splitLines } from '../src/preview/inlineRendering';
import type { TrackedHunk } from '../src/preview/previewState';

const tracked = (start: number, end: number, newText: string, decision?: 'accepted' | 'rejected'): TrackedHunk => ({
  index: 1, span: { start, end }, decision,
  hunk: { id: 1, range: { start: { line: start, character: 0 }, end: { line: end, character: 0 } }, oldText: '', newText, diff: '' },
});

test('lines split on any line break, without a trailing empty line', () => {
  assert.deepEqual(splitLines('a\r\nb\rc\n'), ['a', 'b', 'c']);
  assert.deepEqual(splitLines(''), []);
  assert.deepEqual(splitLines('\n'), ['']);
});

test('a replacement marks the old lines removed and shows each new line after the line it replaces', () => {
  const r = renderHunk(tracked(5, 7, '    int a = 1;\n    int b = 2;\n'));
  assert.deepEqual(r.removedLines, [5, 6]);
  assert.deepEqual(r.added, [{ line: 5, placement: 'after', text: 'int a = 1;' }, { line: 6, placement: 'after', text: 'int b = 2;' }]);
});

test('surplus new lines are joined onto the last replaced line', () => {
  const r = renderHunk(tracked(5, 6, 'a\nb\nc\n'));
  assert.deepEqual(r.added, [{ line: 5, placement: 'after', text: ['a', 'b', 'c'].join(lineJoiner) }]);
});

test('a deletion shows removed lines only; an insertion attaches to the line above', () => {
  assert.deepEqual(renderHunk(tracked(5, 8, '')).added, []);
  assert.deepEqual(renderHunk(tracked(5, 8, '')).removedLines, [5, 6, 7]);
  assert.deepEqual(renderHunk(tracked(3, 3, 'x\n')), { removedLines: [], added: [{ line: 2, placement: 'after', text: 'x' }], anchorLine: 3 });
  assert.deepEqual(renderHunk(tracked(0, 0, 'using System;\n')).added, [{ line: 0, placement: 'before', text: 'using System;' }]);
});

test('a rejected hunk is no longer drawn', () => {
  assert.deepEqual(renderHunk(tracked(5, 7, 'a\n', 'rejected')), { removedLines: [], added: [], anchorLine: 5 });
});

test('the lens title counts removed and added lines', () => {
  assert.equal(hunkTitle(tracked(5, 8, 'a\n'), 2), 'Hunk 1/2 (−3 +1)');
});
