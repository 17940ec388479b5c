import { groupedBarsSvg } from '../../plots/grouped-bars-svg.js';
import { successCurveSvg } from '../../plots/success-curve-svg.js';
import type { EvaluationMetrics } from '../../rollout/evaluate.js';
import { type Estimate, twoProportionPValue } from '../../tasks/evaluation/statistics.js';
import type { ResultsEntry } from './evaluate-entry.js';
import type { ResultsConfig } from './results-config.js';
import type { TrainerRun } from './run-trainer.js';

/** What an evaluation stage records. */
export interface EvaluationRecord {
  controlMode: string;
  metrics: EvaluationMetrics;
  /** Control step of each episode's first success, null for none, in seed order. */
  firstSuccess: (number | null)[];
  /** Whether each episode ended in success, in seed order. */
  successAtEnd: boolean[];
  /** Control steps of the longest episode (the time limit). */
  horizon: number;
}

/** One evaluated policy on one task. */
export interface ResultsRow extends EvaluationRecord {
  task: string;
  entry: ResultsEntry;
  evalSeconds: number;
}

/** One trained model. */
export interface TrainingRow {
  task: string;
  id: string;
  module: string;
  data: string[];
  summary: string;
  run: TrainerRun;
}

/** One stage's wall time, and whether this invocation ran it or found it finished. */
export interface StageTime {
  key: string;
  kind: string;
  seconds: number;
  ranNow: boolean;
}

/** A floor of the issue, checked on the measured rows. */
export interface FloorCheck {
  name: string;
  measured: string;
  met: boolean;
}

/** Everything the report is made of. */
export interface ResultsReport {
  config: ResultsConfig;
  command: string;
  date: string;
  rows: ResultsRow[];
  training: TrainingRow[];
  stages: StageTime[];
  floors: FloorCheck[];
}

/** Tasks of the diffusion success_once floor, and the one with a success_at_end floor. */
const DIFFUSION_FLOOR_TASKS = ['PickCube-v1', 'PushCube-v1', 'StackCube-v1', 'PullCube-v1', 'LiftPegUpright-v1'];
const AT_END_FLOOR_TASK = 'PickCube-v1';
const HOURS_FLOOR = 3;

/** V-GPS's gain over its base on one task, with the two-proportion test's p-value. */
export function vgpsGain(rows: ResultsRow[], task: string): { gain: number; p: number } | null {
  const base = rows.find((r) => r.task === task && r.entry.id === 'vgps-base');
  const vgps = rows.find((r) => r.task === task && r.entry.id === 'vgps');
  if (!base || !vgps) return null;
  const k = (r: ResultsRow) => r.firstSuccess.filter((s) => s !== null).length;
  return { gain: vgps.metrics.successOnce.mean - base.metrics.successOnce.mean, p: twoProportionPValue(k(vgps), vgps.firstSuccess.length, k(base), base.firstSuccess.length) };
}

/**
 * The issue's floors that this run's tasks can speak to: diffusion >= 80% success_once on each
 * floor task that ran (and success_at_end on PickCube-v1); V-GPS >= +10 points over its base at
 * p < 0.05 on at least three tasks; the MT10 policy's mean success >= 60%; the stages' wall time
 * within three hours.
 */
export function checkFloors(rows: ResultsRow[], stages: StageTime[], tasks: string[]): FloorCheck[] {
  const floors: FloorCheck[] = [];
  const diffusion = (task: string) => rows.find((r) => r.task === task && r.entry.id === 'diffusion');
  for (const task of DIFFUSION_FLOOR_TASKS.filter((t) => tasks.includes(t))) {
    const r = diffusion(task);
    if (!r) continue;
    floors.push({ name: `${task} diffusion success_once >= 80%`, measured: pct1(r.metrics.successOnce.mean), met: r.metrics.successOnce.mean >= 0.8 - 1e-9 });
    if (task === AT_END_FLOOR_TASK) floors.push({ name: `${task} diffusion success_at_end >= 80%`, measured: pct1(r.metrics.successAtEnd.mean), met: r.metrics.successAtEnd.mean >= 0.8 - 1e-9 });
  }
  const gains = tasks.map((t) => [t, vgpsGain(rows, t)] as const).filter((g): g is readonly [string, { gain: number; p: number }] => g[1] !== null);
  if (gains.length > 0) {
    const good = gains.filter(([, g]) => g.gain >= 0.1 - 1e-9 && g.p < 0.05);
    floors.push({ name: 'V-GPS >= +10 points over its base, p < 0.05, on >= 3 tasks', measured: `${good.length} tasks${good.length ? ` (${good.map(([t]) => t).join(', ')})` : ''}`, met: good.length >= 3 });
  }
  const image = rows.find((r) => r.entry.id === 'image-bc');
  if (image) floors.push({ name: `${image.task} image policy success_once >= 60%`, measured: pct1(image.metrics.successOnce.mean), met: image.metrics.successOnce.mean >= 0.6 - 1e-9 });
  const mt10 = rows.filter((r) => r.entry.id === 'mt10-bc');
  if (mt10.length > 0) {
    const mean = mt10.reduce((a, r) => a + r.metrics.successOnce.mean, 0) / mt10.length;
    floors.push({ name: `MT10 multi-task policy: mean success_once >= 60% over the ten tasks`, measured: `${pct1(mean)} over ${mt10.length} tasks`, met: mt10.length === 10 && mean >= 0.6 - 1e-9 });
  }
  const hours = stages.reduce((a, s) => a + s.seconds, 0) / 3600;
  floors.push({ name: `whole run <= ${HOURS_FLOOR} h`, measured: `${hours.toFixed(2)} h`, met: hours <= HOURS_FLOOR });
  return floors;
}

const pct1 = (p: number) => `${(100 * p).toFixed(1)}%`;
/** A rate and its interval as the table prints it; the test reads the JSON back through this. */
export const formatRate = (e: Estimate) => `${(100 * e.mean).toFixed(1)}% [${(100 * e.low).toFixed(1)}, ${(100 * e.high).toFixed(1)}]`;
const num = (e: Estimate) => `${e.mean.toFixed(2)} [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]`;
const secs = (s: number) => (s >= 5400 ? `${(s / 3600).toFixed(2)} h` : s >= 90 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);

/** The report as markdown: the table, V-GPS's tests, the floors, the models and the stage times. */
export function resultsMarkdown(r: ResultsReport): string {
  const c = r.config;
  const byKind = (kind: string) => r.stages.filter((s) => s.kind === kind).reduce((a, s) => a + s.seconds, 0);
  const total = r.stages.reduce((a, s) => a + s.seconds, 0);
  const tasks = rowTasks(r);
  const mt10 = r.rows.filter((row) => row.entry.id === 'mt10-bc');
  const lines = [
    `# Results: ${tasks.join(', ')}`,
    '',
    `Made by \`${r.command}\` on ${r.date}: ${secs(total)} of stages in all (collect ${secs(byKind('collect'))}, train ${secs(byKind('train'))}, ` +
      `evaluate ${secs(byKind('evaluate'))}).${c.quick ? ' **Quick (smoke) run: models are barely trained.**' : ''}`,
    '',
    `Each policy ran ${c.episodes} episodes per task on seeds ${c.evalSeed}..${c.evalSeed + c.episodes - 1}, each to the task's time limit ` +
      `(success_once: succeeded at any step; success_at_end: at the last step). Intervals are 95% Wilson intervals for rates ` +
      `and t intervals for means. Expert demos: ${c.demos} per task on seeds ${c.demoSeed}..${c.demoSeed + c.demos - 1}, recorded to ` +
      `${c.demoUntil === 'horizon' ? "the time limit (the expert holding its success)" : 'the first success'}; noisy demos: ` +
      `${c.noisyDemos} on seeds ${c.noisySeed}..${c.noisySeed + c.noisyDemos - 1}, the expert with N(0, ${c.noise}) added to every action entry, to the first success.` +
      (mt10.length ? ` MT10 BC: one network trained on ${c.demos} expert demos of each MT10 task (seeds ${c.demoSeed}..${c.demoSeed + c.demos - 1}, to the first success), ` +
        `each frame with its task's one-hot; evaluated in Meta-World's benchmark mode (50 fixed variations per task drawn from the evaluation seed, as \`armkit eval --benchmark MT10\`), ` +
        `mean success_once ${pct1(mt10.reduce((a, row) => a + row.metrics.successOnce.mean, 0) / mt10.length)}.` : ''),
    '',
    '| task | policy | trained on | success_once | success_at_end | return | length |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.rows.map((row) => `| ${row.task} | ${row.entry.label} | ${row.entry.trainedOn} | ${formatRate(row.metrics.successOnce)} | ${formatRate(row.metrics.successAtEnd)} | ${num(row.metrics.return)} | ${num(row.metrics.length)} |`),
    '',
    '![success rates](success-rates.svg)',
    '',
    '## V-GPS over its base',
    '',
    'success_once of V-GPS minus that of the same base without reranking, with the two-sided pooled two-proportion z-test.',
    '',
    '| task | base | V-GPS | gain | p |',
    '| --- | --- | --- | --- | --- |',
    ...tasks.flatMap((t) => {
      const g = vgpsGain(r.rows, t);
      const rate = (id: string) => pct1(r.rows.find((row) => row.task === t && row.entry.id === id)!.metrics.successOnce.mean);
      return g ? [`| ${t} | ${rate('vgps-base')} | ${rate('vgps')} | ${(100 * g.gain).toFixed(1)} points | ${g.p < 1e-4 ? g.p.toExponential(1) : g.p.toFixed(4)} |`] : [];
    }),
    '',
    '## Floors',
    '',
    '| floor | measured | met |',
    '| --- | --- | --- |',
    ...r.floors.map((f) => `| ${f.name} | ${f.measured} | ${f.met ? 'yes' : '**no**'} |`),
    '',
    '## Models',
    '',
    '| task | model | trainer | demos | settings | gradient steps | wall time |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.training.map((t) => `| ${t.task} | ${t.id}.onnx | \`${t.module}\` | ${t.data.join(' + ')} | ${t.summary} | ${t.run.steps} | ${secs(t.run.seconds)}${t.run.stoppedEarly ? ' (time budget hit)' : ''} |`),
    '',
    `Wall times are whole trainer processes (start-up, loading, training, export) with \`--threads ${c.threads}\`. ` +
      `V-GPS draws ${c.candidates} action chunks from the base at every plan and executes the one whose current action its IQL critic ` +
      `scores highest; the base row runs the same model without reranking. Diffusion models are sampled with DDIM, ${c.diffusionSteps} steps.`,
    '',
    ...tasks.map((t) => `![${t} success by step](${curvesFile(t)})`),
    '',
    '## Stages',
    '',
    '| stage | wall time | this invocation |',
    '| --- | --- | --- |',
    ...r.stages.map((s) => `| ${s.key} | ${secs(s.seconds)} | ${s.ranNow ? 'ran' : 'finished earlier'} |`),
    '',
  ];
  return lines.join('\n');
}

/** The report as JSON: the same numbers as the table, and every episode's first-success step. */
export function resultsJson(r: ResultsReport): string {
  return `${JSON.stringify(
    {
      tasks: r.config.tasks,
      command: r.command,
      date: r.date,
      config: r.config,
      stages: r.stages,
      floors: r.floors,
      policies: r.rows.map((row) => ({
        task: row.task,
        id: row.entry.id,
        label: row.entry.label,
        policy: row.entry.policy,
        load: row.entry.load ?? {},
        trainedOn: row.entry.trainedOn,
        controlMode: row.controlMode,
        metrics: row.metrics,
        evalSeconds: row.evalSeconds,
        firstSuccess: row.firstSuccess,
        successAtEnd: row.successAtEnd,
      })),
      training: r.training,
    },
    null,
    2,
  )}\n`;
}

/** The tasks the rows cover, in the order they first appear. */
export function rowTasks(r: ResultsReport): string[] {
  return [...new Set(r.rows.map((row) => row.task))];
}

/** The file name of a task's success-by-step plot. */
export function curvesFile(task: string): string {
  return `success-curves-${task}.svg`;
}

/** success_once bars with their intervals, grouped by task. */
export function resultsBarsSvg(r: ResultsReport): string {
  const tasks = rowTasks(r);
  const labels = [...new Set(r.rows.map((row) => row.entry.label))];
  return groupedBarsSvg(`success_once over ${r.config.episodes} seeds (95% CI)`, tasks, labels, (t, l) => r.rows.find((row) => row.task === t && row.entry.label === l)?.metrics.successOnce);
}

/** Success by control step on one task, one curve per policy. */
export function resultsCurvesSvg(r: ResultsReport, task: string): string {
  const rows = r.rows.filter((row) => row.task === task);
  return successCurveSvg(`${task}: success by step`, Math.max(1, ...rows.map((row) => row.horizon)), rows.map((row) => ({ label: row.entry.label, firstSuccess: row.firstSuccess })));
}
