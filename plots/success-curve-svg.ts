import { rateWithInterval } from '../tasks/evaluation/statistics.js';
import { FRAME, esc, percentAxes, svgDocument } from './svg.js';

/** One curve: the control step of each episode's first success (null for none). */
export interface SuccessCurve {
  label: string;
  firstSuccess: (number | null)[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/**
 * Success rate by control step (the share of episodes that have succeeded at least once by step
 * t) with a shaded 95% Wilson band, one curve per policy, as an SVG document.
 */
export function successCurveSvg(title: string, horizon: number, curves: SuccessCurve[]): string {
  const f = FRAME;
  const w = f.width - f.left - f.right;
  const h = f.height - f.top - f.bottom;
  const x = (t: number) => f.left + (w * t) / horizon;
  const y = (p: number) => f.top + h * (1 - p);
  const parts = [percentAxes(f, title, 'control step')];
  for (const t of stepTicks(horizon)) {
    parts.push(`<text x="${x(t)}" y="${f.height - f.bottom + 16}" text-anchor="middle" font-size="12">${t}</text>`);
  }
  curves.forEach((c, i) => {
    const color = COLORS[i % COLORS.length]!;
    const n = c.firstSuccess.length;
    const points: [number, number, number, number][] = [];
    for (let t = 0; t <= horizon; t++) {
      const k = c.firstSuccess.filter((s) => s !== null && s <= t).length;
      const e = rateWithInterval(k, n);
      points.push([t, e.mean, e.low, e.high]);
    }
    const band = [...points.map(([t, , lo]) => `${x(t)},${y(lo)}`), ...points.reverse().map(([t, , , hi]) => `${x(t)},${y(hi)}`)].join(' ');
    points.reverse();
    parts.push(`<polygon points="${band}" fill="${color}" fill-opacity="0.15" stroke="none"/>`);
    parts.push(`<polyline points="${points.map(([t, m]) => `${x(t)},${y(m)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    const final = points[points.length - 1]![1];
    parts.push(`<text x="${f.left + 10}" y="${f.top + 16 + 16 * i}" font-size="12" fill="${color}">${esc(c.label)}: ${(100 * final).toFixed(1)}% (n=${n})</text>`);
  });
  return svgDocument(f, parts.join('\n'));
}

/** Round tick positions (multiples of 1, 2 or 5 times a power of ten), at most six, from 0 to horizon. */
function stepTicks(horizon: number): number[] {
  const raw = Math.max(1, horizon / 5);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = 0; t <= horizon; t += step) ticks.push(t);
  return ticks;
}
