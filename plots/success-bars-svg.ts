import type { Estimate } from '../tasks/evaluation/statistics.js';
import { FRAME, type Frame, esc, percentAxes, svgDocument } from './svg.js';

// Labels wider than their bar's slot (about 7 px a character at 12 px) are set slanted.
const CHAR_WIDTH = 7;

/**
 * Success rates as bars with 95% interval whiskers, one bar per labelled estimate, as an SVG
 * document; `frame` sizes the figure (a wider one, with room below, for many long labels).
 */
export function successBarsSvg(title: string, bars: { label: string; rate: Estimate }[], frame: Frame = FRAME): string {
  const f = frame;
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
    const ly = f.height - f.bottom + 16;
    if (b.label.length * CHAR_WIDTH <= slot) parts.push(`<text x="${cx}" y="${ly}" text-anchor="middle" font-size="12">${esc(b.label)}</text>`);
    else parts.push(`<text x="${cx}" y="${ly}" text-anchor="end" font-size="12" transform="rotate(-40 ${cx} ${ly})">${esc(b.label)}</text>`);
  });
  return svgDocument(f, parts.join('\n'));
}
