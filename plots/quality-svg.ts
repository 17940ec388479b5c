import type { DatasetQuality } from '../recording/dataset-quality.js';
import { FRAME, esc, svgDocument } from './svg.js';

/** A dataset quality report as an SVG: each episode's return as a bar, the summary measures as a caption. */
export function qualitySvg(title: string, q: DatasetQuality): string {
  const f = FRAME;
  const w = f.width - f.left - f.right;
  const h = f.height - f.top - f.bottom;
  const returns = q.episodes.map((e) => e.return);
  const lo = Math.min(0, ...returns);
  const hi = Math.max(0, ...returns);
  const span = hi - lo || 1;
  const y = (v: number) => f.top + h * (1 - (v - lo) / span);
  const slot = w / Math.max(1, returns.length);
  const parts: string[] = [];
  parts.push(`<text x="${f.width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  for (const v of [lo, (lo + hi) / 2, hi]) parts.push(`<text x="${f.left - 8}" y="${y(v) + 4}" text-anchor="end" font-size="12">${v.toFixed(2)}</text>`);
  parts.push(`<line x1="${f.left}" y1="${y(0)}" x2="${f.width - f.right}" y2="${y(0)}" stroke="#333"/>`);
  returns.forEach((r, i) => {
    const x = f.left + slot * i + slot * 0.1;
    parts.push(`<rect x="${x}" y="${Math.min(y(r), y(0))}" width="${slot * 0.8}" height="${Math.abs(y(r) - y(0))}" fill="#4c72b0"><title>episode ${i}: return ${r.toFixed(3)}</title></rect>`);
  });
  const fmt = (v: number | null) => (v === null ? '-' : v.toFixed(3));
  const caption = `return per episode; TQ ${fmt(q.tq)}, SACo ${fmt(q.saco)}, unique pairs ${q.uniquePairs}, action divergence ${fmt(q.actionDivergence)}, state diversity ${fmt(q.stateDiversity)} nats (${q.bins} bins/dim)`;
  parts.push(`<text x="${f.width / 2}" y="${f.height - 14}" text-anchor="middle" font-size="11">${esc(caption)}</text>`);
  return svgDocument(f, parts.join('\n'));
}
