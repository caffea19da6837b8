import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { barChart, lineChart } from '../src/episodes/charts';
import { detailHtml } from '../src/episodes/detailHtml';
import { episodeItemText, formatTime } from '../src/episodes/episodeFormat';
import { statusText } from '../src/status/statusText';
import { parseServerLogLine } from '../src/serverLog';
import { bundledServerPath, resolveServerPath } from '../src/serverPath';
import * as path from 'node:path';
import type { EpisodeDetail, ServerStatus, Stats } from '../src/protocol';

const status: ServerStatus = { version: '0.1.0', modelState: 'gpu', modelName: 'qwen2.5-coder-1.5b', busy: 0, workspaceState: 'ready', openDocuments: 1, uptimeMilliseconds: 1, workingSetBytes: 100 * 1048576 };

test('the status bar shows the model state, model, tokens/s and busy', () => {
  assert.equal(statusText({ ...status, lastTokensPerSecond: 41.26, busy: 1 }, 'running').text, '$(sync~spin) GPU · qwen2.5-coder-1.5b · 41.3 tok/s · busy');
  assert.equal(statusText({ ...status, modelState: 'none', modelName: undefined }, 'running').text, '$(sparkle) no model');
  assert.match(statusText(status, 'stopped').text, /server stopped/);
  assert.equal(statusText({ ...status, workspaceState: 'loading' }, 'running').text, '$(sparkle) GPU · qwen2.5-coder-1.5b · loading workspace');
});

test('an episode reads as file, strategy, decision, score and time', () => {
  const now = new Date('2026-11-22T15:00:00');
  const item = episodeItemText({ id: 3, time: new Date('2026-11-22T14:05:00').toISOString(), file: 'src/Orders.cs', strategy: 'codeFix',
    decision: 'accepted', instruction: '', scoreDelta: 0.25, candidateCount: 2 }, now);
  assert.equal(item.label, '#3 Orders.cs');
  assert.equal(item.description, 'codeFix · accepted · +0.25 · 14:05');
  assert.equal(item.icon, 'pass');
  assert.equal(formatTime(new Date('2026-11-20T09:07:00').toISOString(), now), '2026-11-20 09:07');
});

test('charts draw one point per value, scaled to the maximum, and say when there is no data', () => {
  const svg = lineChart([{ label: 'a', value: 0 }, { label: 'b', value: 50 }, { label: 'c', value: 100 }], { title: 'Rate', max: 100, width: 200, height: 100 });
  assert.equal(svg.match(/<circle/g)?.length, 3);
  // Top of the plot (y = 24) for the maximum, bottom (y = 100 - 22) for zero.
  assert.match(svg, /M44\.0,78\.0 L\d+\.\d,51\.0 L190\.0,24\.0/);
  assert.match(lineChart([], { title: 'Empty' }), /no data yet/);
  assert.equal(barChart([{ label: 'generate', value: 10 }, { label: 'analyze', value: 5 }], { title: 'L' }).match(/<rect/g)?.length, 2);
});

test('the detail page escapes recorded text and carries the rollback button', () => {
  const episode: EpisodeDetail = {
    id: 12, time: '2026-11-22T14:05:00Z', file: 'A.cs', strategy: 'codeFix', instruction: '<script>alert(1)</script>', decision: 'accepted',
    originalCode: '', diff: '@@ -1 +1 @@\n-if (a) { }\n+if (a)\n', scoreBreakdown: { complexity: 0.5 },
    analysis: { introduced: [], removed: [{ id: 'IDE0011', severity: 2, message: 'Add braces', range: { start: { line: 4, character: 0 }, end: { line: 4, character: 1 } } }] },
  };
  const stats = { overall: { total: 1 }, bucketDays: 1, overTime: [{ start: '2026-11-22T00:00:00Z', counts: {}, acceptanceRate: 1 }],
    stageLatencies: [{ stage: 'analyze', count: 1, averageMs: 120, maxMs: 130 }], strategies: [], beliefs: [], storage: { mode: 'readWrite' } } as unknown as Stats;
  const html = detailHtml(episode, stats, { source: 'vscode-resource:', nonce: 'abc' });
  assert.ok(!html.includes('<script>alert'), 'instruction is escaped');
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /<span class="del">-if \(a\) \{ \}<\/span>/);
  assert.match(html, /IDE0011<\/code> warning line 5: Add braces/);
  assert.match(html, /id="rollback"/);
  assert.match(html, /script-src 'nonce-abc'/);
  assert.match(html, /Acceptance rate/);
  assert.ok(!html.includes('Learned preferences'), 'no table before anything was learned');
  const learned = { ...stats, learnedPreferences: [{ rule: 'IDE0054', accepted: 0, rejected: 3, rejectedSinceAccept: 3, suppressed: true }],
    learningCurve: [{ from: 1, to: 50, acceptanceRate: 0.4 }, { from: 51, to: 80, acceptanceRate: 0.7 }] } as Stats;
  assert.match(detailHtml(episode, learned, { source: 'vscode-resource:', nonce: 'abc' }), /Acceptance per 50 decided proposals/);
  assert.match(detailHtml(episode, learned, { source: 'vscode-resource:', nonce: 'abc' }),
    /Learned preferences.*<td>IDE0054<\/td><td>0<\/td><td>3<\/td><td>not proposed \(rejected 3 times in a row\)<\/td>/s);
});

test('server log lines keep their level, and continuation lines the level before them', () => {
  assert.deepEqual(parseServerLogLine('[22:13:18 WRN] Project did not load'), { level: 'warn', text: 'Project did not load' });
  assert.deepEqual(parseServerLogLine('[22:13:18 FTL] crashed'), { level: 'error', text: 'crashed' });
  assert.deepEqual(parseServerLogLine('   at Foo.Bar()', 'error'), { level: 'error', text: '   at Foo.Bar()' });
});

test('the server is the bundled one for this platform unless a path is set (relative to the workspace folder)', () => {
  assert.equal(bundledServerPath('/ext', 'linux', 'x64'), '/ext/server/linux-x64/codeimprove');
  assert.equal(bundledServerPath('/ext', 'win32', 'x64'), path.join('/ext', 'server', 'win32-x64', 'codeimprove.exe'));
  assert.equal(resolveServerPath('  ', '/ext', '/w'), bundledServerPath('/ext'));
  assert.equal(resolveServerPath('/opt/codeimprove', '/ext', '/w'), '/opt/codeimprove');
  assert.equal(resolveServerPath('artifacts/server/codeimprove', '/ext', '/w'), '/w/artifacts/server/codeimprove');
});
