import type { Estimate } from '../tasks/evaluation/statistics.js';
import { type Frame, esc, percentAxes, svgDocument } from './svg.js';

const COLORS = ['#4c72b0', '#dd8452', '#55a868', '#c44e52', '#8172b3', '#937860', '#da8bc3', '#8c8c8c'];

/**
 * Success rates as grouped bars (one group per task, one colour per series, a legend), each with
 * its 95% interval whisker; a missing rate leaves its slot empty. Sized to the number of bars.
 */
export function groupedBarsSvg(title: string, groups: string[], series: string[], rate: (group: string, series: string) => Estimate | undefined): string {
  const slot = Math.max(14, Math.min(28, 560 / Math.max(1, groups.length * series.length)));
  const groupWidth = slot * series.length + 24;
  const f: Frame = { width: Math.max(640, 64 + 24 + groupWidth * groups.length), height: 440, left: 64, right: 24, top: 64, bottom: 80 };
  const h = f.height - f.top - f.bottom;
  const y = (p: number) => f.top + h * (1 - p);
  const parts = [percentAxes(f, title, '')];
  series.forEach((s, j) => {
    const lx = f.left + 8 + j * 120;
    parts.push(`<rect x="${lx}" y="36" width="12" height="12" fill="${COLORS[j % COLORS.length]}"/>`);
    parts.push(`<text x="${lx + 16}" y="46" font-size="12">${esc(s)}</text>`);
  });
  groups.forEach((g, i) => {
    const x0 = f.left + 12 + i * groupWidth;
    series.forEach((s, j) => {
      const r = rate(g, s);
      if (!r || !Number.isFinite(r.mean)) return;
      const cx = x0 + slot * (j + 0.5);
      const bw = slot * 0.8;
      parts.push(`<rect x="${cx - bw / 2}" y="${y(r.mean)}" width="${bw}" height="${y(0) - y(r.mean)}" fill="${COLORS[j % COLORS.length]}"/>`);
      parts.push(`<line x1="${cx}" y1="${y(r.low)}" x2="${cx}" y2="${y(r.high)}" stroke="#222" stroke-width="1.5"/>`);
    });
    const lx = x0 + (slot * series.length) / 2;
    const ly = f.height - f.bottom + 16;
    parts.push(`<text x="${lx}" y="${ly}" text-anchor="end" font-size="12" transform="rotate(-25 ${lx} ${ly})">${esc(g)}</text>`);
  });
  return svgDocument(f, parts.join('\n'));
}
