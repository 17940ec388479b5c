import { successBarsSvg } from '../../plots/success-bars-svg.js';
import { successCurveSvg } from '../../plots/success-curve-svg.js';
import type { EvaluationMetrics } from '../../rollout/evaluate.js';
import type { Estimate } from '../../tasks/evaluation/statistics.js';
import type { ResultsEntry } from './evaluate-entry.js';
import type { ResultsConfig } from './results-config.js';
import type { TrainerRun } from './run-trainer.js';

/** One evaluated policy. */
export interface ResultsRow {
  entry: ResultsEntry;
  controlMode: string;
  metrics: EvaluationMetrics;
  /** Control step of each episode's first success, null for none. */
  firstSuccess: (number | null)[];
  evalSeconds: number;
}

/** One trained model. */
export interface TrainingRow {
  id: string;
  module: string;
  data: string[];
  summary: string;
  /** Null when the model was reused from an earlier run. */
  run: TrainerRun | null;
}

/** A success-rate floor of the issue, checked on the measured rows. */
export interface FloorCheck {
  name: string;
  measured: number;
  threshold: number;
  met: boolean;
}

/** Everything the report is made of. */
export interface ResultsReport {
  config: ResultsConfig;
  command: string;
  date: string;
  horizon: number;
  rows: ResultsRow[];
  training: TrainingRow[];
  floors: FloorCheck[];
  seconds: { collect: number; train: number; evaluate: number; total: number };
}

/** The issue's floors: BC >= 80%, diffusion >= 90% success_once, V-GPS >= base + 10 points. */
export function checkFloors(rows: ResultsRow[]): FloorCheck[] {
  const rate = (id: string) => rows.find((r) => r.entry.id === id)?.metrics.successOnce.mean ?? NaN;
  const floors = [
    { name: 'BC success_once >= 80%', measured: rate('bc'), threshold: 0.8 },
    { name: 'diffusion success_once >= 90%', measured: rate('diffusion'), threshold: 0.9 },
    { name: 'V-GPS minus its base >= +10 points', measured: rate('vgps') - rate('vgps-base'), threshold: 0.1 },
  ];
  // Rates are multiples of 1/episodes; compare with a little slack for float rounding.
  return floors.map((f) => ({ ...f, met: f.measured >= f.threshold - 1e-9 }));
}

const pct = (e: Estimate) => `${(100 * e.mean).toFixed(1)}% [${(100 * e.low).toFixed(1)}, ${(100 * e.high).toFixed(1)}]`;
const num = (e: Estimate) => `${e.mean.toFixed(2)} [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]`;
const secs = (s: number) => (s >= 90 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);

/** The report as markdown. */
export function resultsMarkdown(r: ResultsReport): string {
  const c = r.config;
  const lines = [
    `# Results: ${c.task}, state observations`,
    '',
    `Made by \`${r.command}\` on ${r.date} (${secs(r.seconds.total)} in all: collect ${secs(r.seconds.collect)}, ` +
      `train ${secs(r.seconds.train)}, evaluate ${secs(r.seconds.evaluate)}).${c.quick ? ' **Quick (smoke) run: models are barely trained.**' : ''}`,
    '',
    `Each policy ran ${c.episodes} episodes on seeds ${c.evalSeed}..${c.evalSeed + c.episodes - 1} (${r.horizon} control steps each, ` +
      `success_once: succeeded at any step; success_at_end: at the last step). Intervals are 95% Wilson intervals for rates ` +
      `and t intervals for means. Expert demos: ${c.demos} on seeds ${c.demoSeed}..${c.demoSeed + c.demos - 1}; noisy demos: ` +
      `${c.noisyDemos} on seeds ${c.noisySeed}..${c.noisySeed + c.noisyDemos - 1}, the expert with N(0, ${c.noise}) added to every action entry.`,
    '',
    '| policy | trained on | success_once | success_at_end | return | length |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.rows.map((row) => `| ${row.entry.label} | ${row.entry.trainedOn} | ${pct(row.metrics.successOnce)} | ${pct(row.metrics.successAtEnd)} | ${num(row.metrics.return)} | ${num(row.metrics.length)} |`),
    '',
    '![success rates](success-rates.svg)',
    '',
    '## Floors',
    '',
    '| floor | measured | met |',
    '| --- | --- | --- |',
    ...r.floors.map((f) => `| ${f.name} | ${(100 * f.measured).toFixed(1)}${f.name.includes('minus') ? ' points' : '%'} | ${f.met ? 'yes' : '**no**'} |`),
    '',
    '## Models',
    '',
    '| model | trainer | demos | settings | gradient steps | wall time |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.training.map((t) => `| ${t.id}.onnx | \`${t.module}\` | ${t.data.join(' + ')} | ${t.summary} | ${t.run ? t.run.steps : 'reused'} | ${t.run ? secs(t.run.seconds) + (t.run.stoppedEarly ? ' (time budget hit)' : '') : 'reused'} |`),
    '',
    `Wall times are whole trainer processes (start-up, loading, training, export) on this machine with ${'`'}--threads 2${'`'}. ` +
      `V-GPS draws ${c.candidates} action chunks from the base at every plan and executes the one whose current action its IQL critic ` +
      `scores highest; the base row runs the same model without reranking. Diffusion models are sampled with DDIM, ${c.diffusionSteps} steps.`,
    '',
    '![success curves](success-curves.svg)',
    '',
  ];
  return lines.join('\n');
}

/** The report as JSON (every episode's first-success step included). */
export function resultsJson(r: ResultsReport): string {
  return `${JSON.stringify(
    {
      task: r.config.task,
      command: r.command,
      date: r.date,
      config: r.config,
      seconds: r.seconds,
      floors: r.floors,
      policies: r.rows.map((row) => ({
        id: row.entry.id,
        label: row.entry.label,
        policy: row.entry.policy,
        load: row.entry.load ?? {},
        trainedOn: row.entry.trainedOn,
        controlMode: row.controlMode,
        metrics: row.metrics,
        evalSeconds: row.evalSeconds,
        firstSuccess: row.firstSuccess,
      })),
      training: r.training,
    },
    null,
    2,
  )}\n`;
}

/** Success-once bars with their intervals. */
export function resultsBarsSvg(r: ResultsReport): string {
  return successBarsSvg(`${r.config.task}: success_once over ${r.config.episodes} seeds (95% CI)`, r.rows.map((row) => ({ label: row.entry.label, rate: row.metrics.successOnce })));
}

/** Success by control step, one curve per policy. */
export function resultsCurvesSvg(r: ResultsReport): string {
  return successCurveSvg(`${r.config.task}: success by step`, r.horizon, r.rows.map((row) => ({ label: row.entry.label, firstSuccess: row.firstSuccess })));
}
