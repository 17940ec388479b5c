import { successCurveSvg } from '../../plots/success-curve-svg.js';
import { CONTROL_MODES, type ControlMode } from '../../robot/controllers/controller-config.js';
import { runEvaluation, type EvaluationResult } from '../../rollout/evaluate.js';
import type { Estimate } from '../../tasks/evaluation/statistics.js';
import { makeEnv, type MakeEnvOptions } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import type { VectorEnv } from '../../tasks/vector-env.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';
import { WorkerVectorEnv } from '../../tasks/vector/worker-vector-env.js';
import type { Command } from '../command.js';
import { BENCHMARK_NAMES } from '../../tasks/metaworld/benchmarks.js';
import { benchmarkBarsSvg, benchmarkTable, evalBenchmark } from '../eval-benchmark.js';
import { formatTable } from '../format-table.js';
import { openRobot, type OpenRobot } from '../open-robot.js';
import { SEED_MAX, checkSeeds, flag, int, num, oneOf, readOptions, refuseGiven, required, text } from '../options.js';
import { resolvePolicy } from '../policy-choices.js';
import { ProgressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { checkWritable, writeOutput } from '../write-output.js';

const USAGE = `armkit eval --task ID|--robot sim:TASK|CONFIG.json --policy scripted|MODEL.onnx [--episodes N (100)] [--seed S (0)] [--envs N (16)] [--workers N (1)]
                [--control-mode MODE] [--json FILE] [--plot FILE.svg] [--quiet]
                [--rerank Q.onnx] [--candidates K] [--temperature T] [--diffusion-steps N] [--gaussian mean|sample]
       armkit eval --benchmark MT10|MT50 --policy scripted|MODEL.onnx [--episodes N per task (100)] [--seed S (0)] [--json FILE] [--plot FILE.svg] ...`;

/**
 * `armkit eval`: headless evaluation of a policy over consecutive seeds, on simulated envs
 * (`--task`) or on a robot (`--robot`: the deploy code path, one env at its own rates), or over
 * every task of a Meta-World benchmark in its benchmark mode (`--benchmark`).
 */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a policy headless on N seeds (success rates with 95% intervals)',
  usage: USAGE,
  async run(argv) {
    const { values: o, given } = readOptions('eval', argv, {
      task: text(),
      robot: text(),
      benchmark: oneOf(BENCHMARK_NAMES),
      policy: required('"scripted" or a path to an .onnx model'),
      episodes: int(1, SEED_MAX + 1, 100),
      seed: int(0, SEED_MAX, 0),
      envs: int(1, 4096, 16),
      workers: int(0, 64, 1),
      'control-mode': oneOf(CONTROL_MODES),
      json: text(),
      plot: text(),
      rerank: text(),
      candidates: int(1, 1024, 10),
      temperature: num(0, 1e6, 0),
      'diffusion-steps': int(1, 1000),
      gaussian: oneOf(['mean', 'sample']),
      quiet: flag(),
    });
    if (o.benchmark) refuseGiven('eval', given, ['task', 'robot', 'control-mode'], 'without --benchmark (which runs each task of its suite in the mode its policy acts in)');
    else if (!o.task === !o.robot) throw new UsageError('armkit eval: give --task ID or --robot sim:TASK|CONFIG.json (a robot config names its task), or --benchmark MT10|MT50');
    checkSeeds('eval', o.seed, o.episodes);
    if (o.policy === 'scripted') refuseGiven('eval', given, ['rerank', 'candidates', 'temperature', 'diffusion-steps', 'gaussian'], 'to .onnx model policies');
    if (!o.rerank) refuseGiven('eval', given, ['candidates', 'temperature'], 'with --rerank Q.onnx');
    // Refuse an unwritable report path before the run, not after it.
    for (const path of [o.json, o.plot]) if (path) checkWritable(path);
    const choice = resolvePolicy(o.policy);
    const load = {
      ...(o.rerank ? { rerank: o.rerank, candidates: o.candidates, temperature: o.temperature } : {}),
      ...(o.gaussian !== undefined ? { gaussian: o.gaussian } : {}),
      ...(o['diffusion-steps'] !== undefined ? { inferenceSteps: o['diffusion-steps'] } : {}),
    };
    if (o.benchmark) {
      const report = await evalBenchmark({ benchmark: o.benchmark, policy: o.policy, episodes: o.episodes, seed: o.seed, envs: o.envs, workers: o.workers, quiet: o.quiet, load }, choice);
      process.stdout.write(benchmarkTable(report));
      if (o.plot) writeOutput(o.plot, benchmarkBarsSvg(report));
      if (o.json) writeOutput(o.json, `${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const asked = o['control-mode'];
    const robot: OpenRobot | null = o.robot
      ? await openRobot(o.robot, { keys: null, log: (l) => process.stderr.write(`armkit eval: ${l}\n`), controlModeFor: (id) => asked ?? choice.controlMode(id) })
      : null;
    try {
      const task = TASKS.get(robot?.taskId ?? o.task!);
      const needed = choice.controlMode(task.id);
      if (asked && needed && asked !== needed) throw new UsageError(`--policy ${o.policy} acts in ${needed}; --control-mode ${asked} does not match`);
      const controlMode: ControlMode = robot ? robot.env.spec.controlMode : asked ?? needed ?? task.defaultControlMode;
      if (robot && needed && needed !== controlMode) throw new UsageError(`--policy ${o.policy} acts in ${needed}; the robot takes ${controlMode}`);
      const envs = robot ? 1 : Math.min(o.episodes, o.envs);
      const options: MakeEnvOptions = { controlMode, obsMode: 'state' };
      const vec: VectorEnv = robot
        ? robot.vec
        : o.workers > 0 && envs > 1
          ? await WorkerVectorEnv.create(task.id, options, envs, Math.min(o.workers, envs))
          : new SyncVectorEnv(Array.from({ length: envs }, () => makeEnv(task.id, options)));
      try {
        await using policy = await choice.create({ task: task.id, observationSpace: vec.observationSpace, actionSpace: vec.actionSpace, seed: o.seed, load });
        const bar = o.quiet ? null : new ProgressBar(`eval ${task.id}`, o.episodes);
        const result = await runEvaluation(vec, policy, {
          episodes: o.episodes,
          seed: o.seed,
          onProgress: (done, _total, results) => bar?.update(done, `success_once ${((100 * results.filter((r) => r.successOnce).length) / Math.max(1, done)).toFixed(1)}%`),
        });
        const run = { task: task.id, policy: o.policy, controlMode, robot: o.robot ?? null, episodes: o.episodes, seed: o.seed, envs, workers: o.workers };
        process.stdout.write(summary(run, result));
        if (o.plot) {
          const curve = { label: run.policy, firstSuccess: result.episodes.map((e) => (e.successOnce ? e.length : null)) };
          writeOutput(o.plot, successCurveSvg(`${task.id}: ${run.policy} (${o.episodes} seeds)`, vec.spec.maxEpisodeSteps, [curve]));
        }
        if (o.json) {
          const report = { ...run, metrics: result.metrics, seconds: result.seconds, controlSteps: result.controlSteps, results: result.episodes };
          writeOutput(o.json, `${JSON.stringify(report, null, 2)}\n`);
        }
        return 0;
      } finally {
        if (!robot) vec.close();
      }
    } finally {
      await robot?.[Symbol.asyncDispose]();
    }
  },
};

interface Run {
  task: string;
  policy: string;
  controlMode: string;
  episodes: number;
  seed: number;
  envs: number;
  workers: number;
}

function summary(run: Run, result: EvaluationResult): string {
  const m = result.metrics;
  const pct = (e: Estimate) => [`${(100 * e.mean).toFixed(1)}%`, `[${(100 * e.low).toFixed(1)}, ${(100 * e.high).toFixed(1)}]`];
  const num = (e: Estimate) => [e.mean.toFixed(3), `[${e.low.toFixed(3)}, ${e.high.toFixed(3)}]`];
  const table = formatTable(['metric', 'mean', '95% CI'], [
    ['success_once', ...pct(m.successOnce)],
    ['success_at_end', ...pct(m.successAtEnd)],
    ['return', ...num(m.return)],
    ['length', ...num(m.length)],
  ]);
  return (
    `${run.task}  policy=${run.policy}  control=${run.controlMode}  episodes=${run.episodes}  seeds=${run.seed}..${run.seed + run.episodes - 1}\n${table}\n` +
    (result.stoppedBy ? `stopped early: ${result.stoppedBy}\n` : '') +
    `${result.controlSteps} control steps in ${result.seconds.toFixed(2)} s (${(result.controlSteps / result.seconds).toFixed(0)} steps/s, ${run.envs} envs, ${run.workers} worker${run.workers === 1 ? '' : 's'})\n`
  );
}
