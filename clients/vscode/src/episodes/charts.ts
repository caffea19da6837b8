// Small inline SVG charts for the episode detail view (no scripts, no external resources).

export interface Point { readonly label: string; readonly value: number }

export interface ChartOptions { readonly title: string; readonly unit?: string; readonly max?: number; readonly width?: number; readonly height?: number }

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function frame(options: ChartOptions, body: string, width: number, height: number): string {
  return `<svg class="chart" role="img" aria-label="${escapeXml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">`
    + `<text x="4" y="14" class="chart-title">${escapeXml(options.title)}</text>${body}</svg>`;
}

const pad = { left: 44, right: 10, top: 24, bottom: 22 };

function format(value: number, unit?: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ?? ''}`;
}

/** A line chart of points in order (oldest first); a single point is drawn as a dot. */
export function lineChart(points: readonly Point[], options: ChartOptions): string {
  const width = options.width ?? 360, height = options.height ?? 160;
  if (points.length === 0) return frame(options, `<text x="${pad.left}" y="${height / 2}" class="chart-empty">no data yet</text>`, width, height);
  const max = options.max ?? (Math.max(...points.map(p => p.value), 0) * 1.1 || 1);
  const plotW = width - pad.left - pad.right, plotH = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (v: number) => pad.top + plotH - (Math.min(Math.max(v, 0), max) / max) * plotH;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const dots = points.map((p, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3"><title>${escapeXml(`${p.label}: ${format(p.value, options.unit)}`)}</title></circle>`).join('');
  const axis = `<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}" class="axis"/>`
    + `<text x="${pad.left - 4}" y="${pad.top + 4}" text-anchor="end" class="tick">${escapeXml(format(max, options.unit))}</text>`
    + `<text x="${pad.left - 4}" y="${pad.top + plotH}" text-anchor="end" class="tick">0</text>`
    + `<text x="${pad.left}" y="${height - 6}" class="tick">${escapeXml(points[0].label)}</text>`
    + (points.length > 1 ? `<text x="${width - pad.right}" y="${height - 6}" text-anchor="end" class="tick">${escapeXml(points[points.length - 1].label)}</text>` : '');
  return frame(options, `${axis}<path d="${path}" class="line" fill="none"/>${dots}`, width, height);
}

/** A horizontal bar chart, one bar per point. */
export function barChart(points: readonly Point[], options: ChartOptions): string {
  const width = options.width ?? 360, rowH = 18;
  const height = pad.top + Math.max(points.length, 1) * rowH + 6;
  if (points.length === 0) return frame(options, `<text x="4" y="${pad.top + 12}" class="chart-empty">no data yet</text>`, width, height);
  const labelW = 110, valueW = 60;
  const max = options.max ?? (Math.max(...points.map(p => p.value), 0) || 1);
  const bars = points.map((p, i) => {
    const y = pad.top + i * rowH;
    const w = Math.max(0, (p.value / max) * (width - labelW - valueW));
    return `<text x="${labelW - 4}" y="${y + 12}" text-anchor="end" class="tick">${escapeXml(p.label)}</text>`
      + `<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 5}" class="bar"/>`
      + `<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 12}" class="tick">${escapeXml(format(p.value, options.unit))}</text>`;
  }).join('');
  return frame(options, bars, width, height);
}
