import type { Estimate } from '../tasks/evaluation/statistics.js';
import { FRAME, esc, percentAxes, svgDocument } from './svg.js';

/**
 * Success rates as bars with 95% interval whiskers, one bar per labelled estimate, as an SVG
 * document.
 */
export function successBarsSvg(title: string, bars: { label: string; rate: Estimate }[]): string {
  const f = FRAME;
  const w = f.width - f.left - f.right;
  const h = f.height - f.top - f.bottom;
  const y = (p: number) => f.top + h * (1 - p);
  const slot = w / Math.max(1, bars.length);
  const parts = [percentAxes(f, title, '')];
  bars.forEach((b, i) => {
    const cx = f.left + slot * (i + 0.5);
    const bw = slot * 0.6;
    parts.push(`<rect x="${cx - bw / 2}" y="${y(b.rate.mean)}" width="${bw}" height="${y(0) - y(b.rate.mean)}" fill="#4c72b0"/>`);
    parts.push(`<line x1="${cx}" y1="${y(b.rate.low)}" x2="${cx}" y2="${y(b.rate.high)}" stroke="#222" stroke-width="2"/>`);
    for (const v of [b.rate.low, b.rate.high]) parts.push(`<line x1="${cx - 8}" y1="${y(v)}" x2="${cx + 8}" y2="${y(v)}" stroke="#222" stroke-width="2"/>`);
    parts.push(`<text x="${cx}" y="${y(b.rate.high) - 6}" text-anchor="middle" font-size="12">${(100 * b.rate.mean).toFixed(1)}%</text>`);
    parts.push(`<text x="${cx}" y="${f.height - f.bottom + 16}" text-anchor="middle" font-size="12">${esc(b.label)}</text>`);
  });
  return svgDocument(f, parts.join('\n'));
}
