// The episode detail page: diff, analysis report, score breakdown, charts from codeImprove/stats, and the
// Rollback button. Pure string building so it can be tested without an editor; every value is escaped.
import type { Diag, EpisodeDetail, Stats } from '../protocol';
import { barChart, escapeXml as esc, lineChart } from './charts';
import { fileName, formatScore, formatTime } from './episodeFormat';

const severities = ['', 'error', 'warning', 'info', 'hint'];

function table(rows: [string, string][]): string {
  if (rows.length === 0) return '<p class="muted">none</p>';
  return `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function severity(value: number | string): string {
  return typeof value === 'number' ? severities[value] ?? '' : String(value).toLowerCase();
}

function diagList(title: string, diags: Diag[] | undefined): string {
  if (!Array.isArray(diags) || diags.length === 0) return `<p>${esc(title)}: none</p>`;
  const items = diags.map(d => `<li><code>${esc(d.id)}</code> ${esc(severity(d.severity))} line ${d.range.start.line + 1}: ${esc(d.message)}</li>`);
  return `<p>${esc(title)}:</p><ul>${items.join('')}</ul>`;
}

function diffBlock(diff: string | undefined): string {
  if (!diff) return '<p class="muted">no diff recorded</p>';
  const lines = diff.split('\n').map(line => {
    const kind = line.startsWith('+') && !line.startsWith('+++') ? 'add'
      : line.startsWith('-') && !line.startsWith('---') ? 'del' : line.startsWith('@@') ? 'hunk' : 'ctx';
    return `<span class="${kind}">${esc(line)}</span>`;
  });
  return `<pre class="diff">${lines.join('\n')}</pre>`;
}

function analysisReport(e: EpisodeDetail): string {
  const a = e.analysis;
  if (!a) return '<p class="muted">no analysis recorded</p>';
  const metricRows = (Array.isArray(a.metrics) ? a.metrics : []).map(m => `<tr><td>${esc(m.name)}</td>`
    + (['cyclomaticComplexity', 'maintainabilityIndex', 'maxNestingDepth', 'lines'] as const)
      .map(k => `<td>${m.before?.[k] ?? '–'} → ${m.after?.[k] ?? '–'}</td>`).join('') + '</tr>').join('');
  return diagList('Diagnostics removed', a.removed) + diagList('Diagnostics introduced', a.introduced)
    + (metricRows ? `<table><tr><th>member</th><th>complexity</th><th>maintainability</th><th>nesting</th><th>lines</th></tr>${metricRows}</table>` : '')
    + (a.publicSignatureChanged ? '<p class="warn">The public signature changed.</p>' : '');
}

function statsCharts(stats: Stats | undefined): string {
  if (!stats) return '<p class="muted">statistics unavailable</p>';
  const day = (iso: string) => iso.slice(0, 10);
  const rate = stats.overTime.filter(b => b.acceptanceRate !== undefined && b.acceptanceRate !== null)
    .map(b => ({ label: day(b.start), value: (b.acceptanceRate ?? 0) * 100 }));
  const latencyOverTime = stats.overTime.filter(b => typeof b.averageLatencyMs === 'number')
    .map(b => ({ label: day(b.start), value: b.averageLatencyMs! }));
  const stages = stats.stageLatencies.map(s => ({ label: s.stage, value: s.averageMs }));
  const learning = (stats.learningCurve ?? []).map(w => ({ label: `${w.from}-${w.to}`, value: w.acceptanceRate * 100 }));
  const overall = stats.acceptanceRate !== undefined && stats.acceptanceRate !== null ? ` (overall ${(stats.acceptanceRate * 100).toFixed(0)}%)` : '';
  return `<div class="charts">`
    + lineChart(rate, { title: `Acceptance rate per ${stats.bucketDays} day(s)${overall}`, unit: '%', max: 100 })
    + (learning.length > 0 ? lineChart(learning, { title: 'Acceptance per 50 decided proposals (learning)', unit: '%', max: 100 }) : '')
    + (latencyOverTime.length > 0 ? lineChart(latencyOverTime, { title: 'Average latency over time', unit: ' ms' }) : '')
    + barChart(stages, { title: 'Average latency per stage', unit: ' ms' })
    + `</div>`
    + learnedPreferences(stats)
    + (stats.storage.warning ? `<p class="warn">${esc(stats.storage.warning)}</p>` : '');
}

/** The code fixes the user taught (per hunk accepted or rejected); "CodeImprove: Reset Learned Preferences" forgets them. */
function learnedPreferences(stats: Stats): string {
  const rows = (stats.learnedPreferences ?? []).map(p =>
    `<tr><td>${esc(p.rule)}</td><td>${p.accepted}</td><td>${p.rejected}</td><td>${p.suppressed ? `not proposed (rejected ${p.rejectedSinceAccept} times in a row)` : 'proposed'}</td></tr>`).join('');
  return rows ? `<h3>Learned preferences</h3><table><tr><th>code fix</th><th>accepted</th><th>rejected</th><th>now</th></tr>${rows}</table>` : '';
}

export function detailHtml(e: EpisodeDetail, stats: Stats | undefined, csp: { source: string; nonce: string }): string {
  const facts: [string, string][] = [
    ['File', e.file], ['Time', formatTime(e.time)], ['Strategy', e.strategy], ['Decision', e.decision + (e.decisionReason ? ` (${e.decisionReason})` : '')],
    ['Score change', formatScore(e.scoreDelta) ?? '–'], ['Instruction', e.instruction || '–'], ['Model', e.modelId ?? 'none (code fixes)'],
    ['Tokens', `${e.promptTokens ?? 0} prompt, ${e.completionTokens ?? 0} completion`], ['Rollback point', e.rollbackPointId ?? '–'],
  ];
  const breakdown = Object.entries(e.scoreBreakdown ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v.toFixed(3) : String(v)] as [string, string]);
  const timings = Object.entries(e.stageTimings ?? {}).map(([k, v]) => [k, `${v} ms`] as [string, string]);
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${csp.source} 'unsafe-inline'; script-src 'nonce-${csp.nonce}';">
<title>Episode ${e.id}</title><style>${styles}</style></head><body>
<h1>Episode ${e.id} · ${esc(fileName(e.file))}</h1>
<p><button id="rollback">Rollback</button>
<button id="open">Open file</button> <span id="result" role="status"></span></p>
${table(facts)}
<h2>Diff</h2>${diffBlock(e.diff)}
<h2>Analysis</h2>${analysisReport(e)}
<h2>Score breakdown</h2>${table(breakdown)}
<h2>Stage timings</h2>${table(timings)}
${(e.reflections ?? []).length ? `<h2>Reflections</h2>${e.reflections!.map(r => `<p><b>cycle ${r.cycle}</b>: ${esc(r.text)}</p>`).join('')}` : ''}
<h2>All episodes</h2>${statsCharts(stats)}
<script nonce="${csp.nonce}">
const vscode = acquireVsCodeApi();
document.getElementById('rollback').addEventListener('click', () => vscode.postMessage({ type: 'rollback', id: ${e.id} }));
document.getElementById('open').addEventListener('click', () => vscode.postMessage({ type: 'open', id: ${e.id} }));
window.addEventListener('message', event => { document.getElementById('result').textContent = event.data.text; });
</script></body></html>`;
}

const styles = `body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:0 16px}
th{text-align:left;padding-right:12px;font-weight:600}td{padding-right:12px}
pre.diff{background:var(--vscode-textCodeBlock-background);padding:8px;overflow:auto}
.add{color:var(--vscode-gitDecoration-addedResourceForeground)}.del{color:var(--vscode-gitDecoration-deletedResourceForeground)}
.hunk{color:var(--vscode-descriptionForeground)}.muted{color:var(--vscode-descriptionForeground)}.warn{color:var(--vscode-editorWarning-foreground)}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart text{fill:var(--vscode-foreground);font-size:11px}
.chart .line{stroke:var(--vscode-charts-blue);stroke-width:2}.chart circle{fill:var(--vscode-charts-blue)}
.chart .bar{fill:var(--vscode-charts-green)}.chart .axis{stroke:var(--vscode-descriptionForeground)}
button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:none;padding:4px 12px}
button:disabled{opacity:.5}`;
