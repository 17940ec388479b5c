import { successBarsSvg } from '../plots/success-bars-svg.js';
import { FRAME } from '../plots/svg.js';
import type { LoadPolicyOptions } from '../policies/load-policy.js';
import { runEvaluation } from '../rollout/evaluate.js';
import type { Estimate } from '../tasks/evaluation/statistics.js';
import { makeEnv, type MakeEnvOptions } from '../tasks/make-env.js';
import { BENCHMARK_VARIATIONS, METAWORLD_BENCHMARKS, type MetaWorldBenchmark, variationSeed } from '../tasks/metaworld/benchmarks.js';
import { SCRIPTED_EXPERTS } from '../policies/scripted/scripted-experts.js';
import { TASKS } from '../tasks/registered-tasks.js';
import type { VectorEnv } from '../tasks/vector-env.js';
import { SyncVectorEnv } from '../tasks/vector/sync-vector-env.js';
import { WorkerVectorEnv } from '../tasks/vector/worker-vector-env.js';
import { formatTable } from './format-table.js';
import type { PolicyChoice } from './policy-choices.js';
import { ProgressBar } from './progress-bar.js';

/** What one benchmark run is: the suite, the policy, episodes per task, the seed, parallelism. */
export interface BenchmarkRun {
  benchmark: MetaWorldBenchmark;
  policy: string;
  /** Episodes per task, seeds seed..seed+episodes-1, each sampling one of the task's variations. */
  episodes: number;
  seed: number;
  envs: number;
  workers: number;
  quiet: boolean;
  load?: LoadPolicyOptions;
}

/** One task's row: its success rates with 95% intervals, or why it did not run. */
export interface BenchmarkRow {
  task: string;
  status: 'evaluated' | 'not registered' | 'no scripted expert';
  /** The seed its 50 fixed variations were drawn from. */
  variationSeed: number | null;
  successOnce: Estimate | null;
  successAtEnd: Estimate | null;
  seconds: number;
}

/** A benchmark run's report (the JSON `--json` writes). */
export interface BenchmarkReport extends Omit<BenchmarkRun, 'quiet' | 'load'> {
  variations: number;
  rows: BenchmarkRow[];
  /** Mean success_once over the evaluated tasks (those not registered or without an expert are left out). */
  mean: number;
  evaluated: number;
  notRegistered: string[];
  noExpert: string[];
}

/**
 * Meta-World's benchmark protocol: every task of the suite in benchmark mode (50 fixed reset
 * variations drawn from a seed made of the run's seed and the task id; each episode samples one),
 * `episodes` episodes each over consecutive seeds, success as Meta-World counts it (at any step).
 * Observations carry the task's one-hot over the suite (`task_one_hot`), which a multi-task
 * policy reads and others ignore.
 */
export async function evalBenchmark(run: BenchmarkRun, choice: PolicyChoice): Promise<BenchmarkReport> {
  const rows: BenchmarkRow[] = [];
  for (const id of METAWORLD_BENCHMARKS[run.benchmark]) {
    const missing = !TASKS.has(id) ? 'not registered' : run.policy === 'scripted' && !SCRIPTED_EXPERTS.has(id) ? 'no scripted expert' : null;
    if (missing) {
      rows.push({ task: id, status: missing, variationSeed: null, successOnce: null, successAtEnd: null, seconds: 0 });
      continue;
    }
    const vseed = variationSeed(run.seed, id);
    const options: MakeEnvOptions = { controlMode: choice.controlMode(id) ?? TASKS.get(id).defaultControlMode, obsMode: 'state', variations: { count: BENCHMARK_VARIATIONS, seed: vseed }, taskOneHot: METAWORLD_BENCHMARKS[run.benchmark] };
    const envs = Math.min(run.episodes, run.envs);
    const vec: VectorEnv =
      run.workers > 0 && envs > 1 ? await WorkerVectorEnv.create(id, options, envs, Math.min(run.workers, envs)) : new SyncVectorEnv(Array.from({ length: envs }, () => makeEnv(id, options)));
    try {
      await using policy = await choice.create({ task: id, observationSpace: vec.observationSpace, actionSpace: vec.actionSpace, seed: run.seed, ...(run.load ? { load: run.load } : {}) });
      const bar = run.quiet ? null : new ProgressBar(`${run.benchmark} ${id}`, run.episodes);
      const r = await runEvaluation(vec, policy, { episodes: run.episodes, seed: run.seed, onProgress: (done) => bar?.update(done, '') });
      rows.push({ task: id, status: 'evaluated', variationSeed: vseed, successOnce: r.metrics.successOnce, successAtEnd: r.metrics.successAtEnd, seconds: r.seconds });
    } finally {
      vec.close();
    }
  }
  const evaluated = rows.filter((r) => r.successOnce);
  const mean = evaluated.reduce((a, r) => a + r.successOnce!.mean, 0) / Math.max(1, evaluated.length);
  const { quiet: _q, load: _l, ...fields } = run;
  return { ...fields, variations: BENCHMARK_VARIATIONS, rows, mean: evaluated.length ? mean : NaN, evaluated: evaluated.length, notRegistered: rows.filter((r) => r.status === 'not registered').map((r) => r.task), noExpert: rows.filter((r) => r.status === 'no scripted expert').map((r) => r.task) };
}

/** The report as a table: one row per task, then the mean and what it leaves out. */
export function benchmarkTable(report: BenchmarkReport): string {
  const pct = (e: Estimate) => `${(100 * e.mean).toFixed(1)}%`;
  const ci = (e: Estimate) => `[${(100 * e.low).toFixed(1)}, ${(100 * e.high).toFixed(1)}]`;
  const table = formatTable(
    ['task', 'success_once', '95% CI', 'success_at_end'],
    report.rows.map((r) => (r.successOnce && r.successAtEnd ? [r.task, pct(r.successOnce), ci(r.successOnce), pct(r.successAtEnd)] : [r.task, r.status, '', ''])),
  );
  const left = report.notRegistered.length;
  const noExpert = report.noExpert.length;
  return (
    `${report.benchmark}  policy=${report.policy}  episodes=${report.episodes} per task  seeds=${report.seed}..${report.seed + report.episodes - 1}  ` +
    `${report.variations} fixed variations per task\n${table}\n` +
    `mean success_once over the ${report.evaluated} evaluated tasks: ${Number.isNaN(report.mean) ? 'none' : `${(100 * report.mean).toFixed(1)}%`}` +
    (left ? ` (${left} of ${report.rows.length} not registered, not counted)` : '') +
    (noExpert ? ` (${noExpert} without a scripted expert, not counted)` : '') +
    '\n'
  );
}

/** The report's success rates as bars with their intervals (evaluated tasks only). */
export function benchmarkBarsSvg(report: BenchmarkReport): string {
  const bars = report.rows.flatMap((r) => (r.successOnce ? [{ label: r.task.replace(/-v3$/, ''), rate: r.successOnce }] : []));
  const left = report.notRegistered.length ? `, ${report.notRegistered.length} not registered` : '';
  // 40 px a bar at least, and room below for the slanted task names.
  const frame = { ...FRAME, width: Math.max(FRAME.width, FRAME.left + FRAME.right + 40 * bars.length), height: FRAME.height + 70, bottom: FRAME.bottom + 70 };
  return successBarsSvg(`${report.benchmark}: ${report.policy}, ${report.episodes} episodes per task (mean ${(100 * report.mean).toFixed(1)}%${left})`, bars, frame);
}
