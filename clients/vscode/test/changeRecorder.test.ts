import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ChangeRecorder } from '../src/preview/changeRecorder';

const change = (text: string) => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text });

test('only edits after the proposal version are returned', () => {
  const recorder = new ChangeRecorder();
  const recording = recorder.start('file:///a.cs', 4);
  recorder.record('file:///a.cs', 5, [change('a')]);
  recorder.record('file:///a.cs', 6, [change('b'), change('c')]);
  recorder.record('file:///b.cs', 7, [change('other file')]);
  assert.deepEqual(recording.since(5).map(c => c.text), ['b', 'c']);
  assert.deepEqual(recording.since(undefined).map(c => c.text), ['a', 'b', 'c'], 'unknown version: since the request');
});

test('nothing is recorded for documents without a running improvement', () => {
  const recorder = new ChangeRecorder();
  recorder.record('file:///a.cs', 5, [change('early')]);
  const recording = recorder.start('file:///a.cs', 5);
  assert.deepEqual(recording.since(0), []);
  recording.dispose();
  recorder.record('file:///a.cs', 6, [change('late')]);
  assert.deepEqual(recorder.start('file:///a.cs', 6).since(0), []);
});
