import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lineSpanOf, rebaseSpan, type TextChange } from '../src/preview/hunkTracking';

const change = (sl: number, sc: number, el: number, ec: number, text: string): TextChange =>
  ({ range: { start: { line: sl, character: sc }, end: { line: el, character: ec } }, text });

// A hunk replacing lines 10..12 (end exclusive at line 13, character 0).
const span = { start: 10, end: 13 };

test('a whole-line range covers its lines; a range ending mid-line includes that line', () => {
  assert.deepEqual(lineSpanOf({ start: { line: 10, character: 0 }, end: { line: 13, character: 0 } }), span);
  assert.deepEqual(lineSpanOf({ start: { line: 10, character: 0 }, end: { line: 12, character: 5 } }), span);
  assert.deepEqual(lineSpanOf({ start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }), { start: 4, end: 4 });
});

test('lines inserted above a hunk move it down, lines deleted above move it up', () => {
  assert.deepEqual(rebaseSpan(span, change(2, 0, 2, 0, 'a\nb\n')), { start: 12, end: 15 });
  assert.deepEqual(rebaseSpan(span, change(2, 0, 5, 0, '')), { start: 7, end: 10 });
  assert.deepEqual(rebaseSpan(span, change(9, 0, 10, 0, '')), { start: 9, end: 12 }, 'deleting the line right above');
});

test('typing on another line leaves the hunk where it is', () => {
  assert.deepEqual(rebaseSpan(span, change(9, 3, 9, 3, 'x')), span);
  assert.deepEqual(rebaseSpan(span, change(13, 0, 13, 0, 'x')), span, 'the line right after the hunk');
  assert.deepEqual(rebaseSpan(span, change(20, 0, 25, 0, '')), span);
});

test('an edit inside the hunk, or one that joins a line onto it, makes it stale', () => {
  assert.equal(rebaseSpan(span, change(11, 2, 11, 2, 'x')), undefined);
  assert.equal(rebaseSpan(span, change(10, 0, 10, 0, 'x')), undefined, 'text prepended to its first line');
  assert.equal(rebaseSpan(span, change(9, 7, 10, 0, '')), undefined, 'the line break above it deleted');
  assert.equal(rebaseSpan(span, change(12, 4, 13, 0, '')), undefined, 'its last line break deleted');
  assert.equal(rebaseSpan(span, change(5, 0, 20, 0, '')), undefined, 'deleted together with its surroundings');
});

test('a whole line inserted at the start of the hunk keeps the hunk intact, one line lower', () => {
  assert.deepEqual(rebaseSpan(span, change(10, 0, 10, 0, 'new line\n')), { start: 11, end: 14 });
});

test('an insertion hunk moves with edits above it and stays put for edits at or below it', () => {
  const insertion = { start: 6, end: 6 };
  assert.deepEqual(rebaseSpan(insertion, change(1, 0, 1, 0, '\n')), { start: 7, end: 7 });
  assert.deepEqual(rebaseSpan(insertion, change(6, 0, 6, 0, 'x')), insertion);
  assert.equal(rebaseSpan(insertion, change(5, 2, 7, 0, '')), undefined);
});
