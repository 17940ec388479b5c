import { successCurveSvg } from '../plots/success-curve-svg.js';
import type { EvaluationMetrics } from '../rollout/evaluate.js';
import type { EpisodeResult } from '../rollout/rollout.js';
import type { Estimate } from '../tasks/evaluation/statistics.js';
import { formatTable } from './format-table.js';
import type { Shard } from './shard.js';
import { writeOutput } from './write-output.js';

/** What `armkit eval --json` writes: the run, its metrics and every episode in seed order. */
export interface EvalReport {
  task: string;
  policy: string;
  controlMode: string;
  robot: string | null;
  /** The run's episodes and first seed (a shard's report names the whole run's). */
  episodes: number;
  seed: number;
  envs: number;
  workers: number;
  /** Present in a shard's report: which share of the run's seeds it holds. */
  shard?: Shard;
  metrics: EvaluationMetrics;
  seconds: number;
  controlSteps: number;
  results: EpisodeResult[];
}

/** The table `armkit eval` prints for the episodes of `report` (first seed `from`, `count` of them). */
export function formatSummary(report: EvalReport, from: number, count: number, stoppedBy: string | null = null): string {
  const m = report.metrics;
  const pct = (e: Estimate) => [`${(100 * e.mean).toFixed(1)}%`, `[${(100 * e.low).toFixed(1)}, ${(100 * e.high).toFixed(1)}]`];
  const num = (e: Estimate) => [e.mean.toFixed(3), `[${e.low.toFixed(3)}, ${e.high.toFixed(3)}]`];
  const table = formatTable(['metric', 'mean', '95% CI'], [
    ['success_once', ...pct(m.successOnce)],
    ['success_at_end', ...pct(m.successAtEnd)],
    ['return', ...num(m.return)],
    ['length', ...num(m.length)],
  ]);
  const shard = report.shard ? `  shard=${report.shard.index}/${report.shard.count}` : '';
  return (
    `${report.task}  policy=${report.policy}  control=${report.controlMode}  episodes=${count}  seeds=${from}..${from + count - 1}${shard}\n${table}\n` +
    (stoppedBy ? `stopped early: ${stoppedBy}\n` : '') +
    `${report.controlSteps} control steps in ${report.seconds.toFixed(2)} s (${(report.controlSteps / report.seconds).toFixed(0)} steps/s, ${report.envs} envs, ${report.workers} worker${report.workers === 1 ? '' : 's'})\n`
  );
}

/** Write the report as JSON and its success curve as SVG where the user asked for them. */
export function writeReport(report: EvalReport, horizon: number, paths: { json?: string | undefined; plot?: string | undefined }): void {
  if (paths.plot) {
    const curve = { label: report.policy, firstSuccess: report.results.map((e) => (e.successOnce ? e.length : null)) };
    writeOutput(paths.plot, successCurveSvg(`${report.task}: ${report.policy} (${report.results.length} seeds)`, horizon, [curve]));
  }
  if (paths.json) writeOutput(paths.json, `${JSON.stringify(report, null, 2)}\n`);
}
