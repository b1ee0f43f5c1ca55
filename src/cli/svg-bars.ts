/**
 * Horizontal bar charts as inline SVG. The audit report must open with no network and no script,
 * so its charts are drawn at build time rather than by a browser-side charting library (the live
 * dashboard, which is served, uses one).
 */
export interface Bar {
  label: string;
  value: number;
  /** What to print at the end of the bar; the value when absent. */
  caption?: string;
  color: string;
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function barChart(title: string, bars: Bar[]): string {
  const rowHeight = 34;
  const labelWidth = 230;
  const chartWidth = 520;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * rowHeight + 10;
  const rows = bars
    .map((b, i) => {
      const y = i * rowHeight + 5;
      const w = Math.max(2, Math.round((b.value / max) * (chartWidth - labelWidth - 110)));
      return [
        `<text x="${labelWidth - 10}" y="${y + 20}" text-anchor="end" class="label">${escapeHtml(b.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 12}" rx="4" fill="${b.color}"/>`,
        `<text x="${labelWidth + w + 8}" y="${y + 20}" class="value">${escapeHtml(b.caption ?? b.value.toLocaleString('en-US'))}</text>`,
      ].join('');
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${chartWidth} ${height}" role="img" aria-label="${escapeHtml(title)}" preserveAspectRatio="xMinYMin meet">${rows}</svg></figure>`;
}
