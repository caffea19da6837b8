import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { PreviewState, StaleHunkError } from '../src/preview/previewState';
import type { Hunk, Proposal } from '../src/protocol';

const hunk = (id: number, start: number, end: number, newText: string): Hunk => ({
  id, range: { start: { line: start, character: 0 }, end: { line: end, character: 0 } }, oldText: '', newText, diff: '',
});

const proposal = (): Proposal => ({
  id: 'p1', uri: 'file:///w/A.cs', version: 3, range: { start: { line: 2, character: 0 }, end: { line: 30, character: 0 } },
  hunks: [hunk(7, 4, 6, 'a\n'), hunk(8, 10, 11, 'b\nc\n'), hunk(9, 20, 20, 'd\n')], diff: '', strategy: 'codeFix', explanation: '',
});

const edit = (line: number, text: string) => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text });

test('the outcome stays pending until every hunk is decided', () => {
  const state = new PreviewState(proposal());
  assert.deepEqual(state.decide(7, 'accepted'), { kind: 'pending', undecided: 2 });
  assert.deepEqual(state.decide(8, 'rejected'), { kind: 'pending', undecided: 1 });
  assert.deepEqual(state.decide(9, 'accepted'), { kind: 'accept', hunks: [7, 9] });
});

test('all hunks rejected is a rejection, not an empty accept', () => {
  const state = new PreviewState(proposal());
  assert.deepEqual(state.decideRemaining('rejected'), { kind: 'reject' });
});

test('accept all keeps the hunks already rejected', () => {
  const state = new PreviewState(proposal());
  state.decide(8, 'rejected');
  assert.deepEqual(state.decideRemaining('accepted'), { kind: 'accept', hunks: [7, 9] });
});

test('a decision can be undone before the last hunk is decided', () => {
  const state = new PreviewState(proposal());
  state.decide(7, 'rejected');
  assert.deepEqual(state.decide(7, undefined), { kind: 'pending', undecided: 3 });
});

test('unknown hunk ids are refused', () => {
  assert.throws(() => new PreviewState(proposal()).decide(42, 'accepted'), /no hunk 42/);
});

test('edits between hunks move the later ones only', () => {
  const state = new PreviewState(proposal());
  state.applyChanges([edit(8, 'x\ny\n')]);
  assert.deepEqual(state.hunks.map(h => h.span), [{ start: 4, end: 6 }, { start: 12, end: 13 }, { start: 22, end: 22 }]);
});

test('changes of one event apply in order', () => {
  const state = new PreviewState(proposal());
  state.applyChanges([edit(0, '\n'), edit(0, '\n')]);
  assert.deepEqual(state.hunks[0].span, { start: 6, end: 8 });
});

test('an edit inside a pending hunk throws and leaves the spans unchanged', () => {
  const state = new PreviewState(proposal());
  assert.throws(() => state.applyChanges([edit(0, '\n'), edit(11, 'x')]), (e: unknown) => e instanceof StaleHunkError && e.hunk.index === 2);
  assert.deepEqual(state.hunks.map(h => h.span.start), [4, 10, 20]);
});

test('an edit inside a rejected hunk is allowed, and that hunk can no longer be brought back', () => {
  const state = new PreviewState(proposal());
  state.decide(8, 'rejected');
  state.applyChanges([{ range: { start: { line: 10, character: 1 }, end: { line: 10, character: 1 } }, text: 'x' }]);
  assert.equal(state.get(8).stale, true);
  assert.throws(() => state.decide(8, 'accepted'), /stays rejected/);
  assert.deepEqual(state.decideRemaining('accepted'), { kind: 'accept', hunks: [7, 9] });
});

test('a proposal without hunks cannot be previewed', () => {
  assert.throws(() => new PreviewState({ ...proposal(), hunks: [] }));
});
