import { CONTROL_MODES, type ControlMode } from '../../robot/controllers/controller-config.js';
import { runEvaluation } from '../../rollout/evaluate.js';
import type { StepEvent } from '../../rollout/rollout.js';
import { LiveViewServer } from '../../viewer/live-view-server.js';
import { makeEnv, type MakeEnvOptions } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import type { VectorEnv } from '../../tasks/vector-env.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';
import { WorkerVectorEnv } from '../../tasks/vector/worker-vector-env.js';
import { CameraVectorEnv } from '../../tasks/vector/camera-vector-env.js';
import type { Command } from '../command.js';
import { type EvalReport, formatSummary, writeReport } from '../eval-report.js';
import { runEvalMerge } from '../eval-merge.js';
import { BENCHMARK_NAMES } from '../../tasks/metaworld/benchmarks.js';
import { benchmarkBarsSvg, benchmarkTable, evalBenchmark } from '../eval-benchmark.js';
import { openRobot, type OpenRobot } from '../open-robot.js';
import { SEED_MAX, checkSeeds, flag, int, num, oneOf, readOptions, refuseGiven, required, text } from '../options.js';
import { resolvePolicy } from '../policy-choices.js';
import { ProgressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { parseShard, shardSeeds } from '../shard.js';
import { checkWritable, writeOutput } from '../write-output.js';

const USAGE = `armkit eval --task ID|--robot sim:TASK|CONFIG.json --policy scripted|MODEL.onnx [--episodes N (100)] [--seed S (0)] [--envs N (16)] [--workers N (1)]
                [--control-mode MODE] [--obs-mode state|rgb (state)] [--json FILE] [--plot FILE.svg] [--quiet] [--shard I/N|env/N|auto [--shard-count N]]
                [--rerank Q.onnx] [--candidates K] [--temperature T] [--diffusion-steps N] [--gaussian mean|sample]
                [--view [--view-port P]]  (a live 3-D view of every episode in the browser; envs on this thread)
       armkit eval merge SHARD.json... [--out|--json FILE] [--plot FILE.svg]
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
    if (argv[0] === 'merge') return runEvalMerge(argv.slice(1));
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
      'obs-mode': oneOf(['state', 'rgb'] as const, 'state'),
      json: text(),
      plot: text(),
      rerank: text(),
      candidates: int(1, 1024, 10),
      temperature: num(0, 1e6, 0),
      'diffusion-steps': int(1, 1000),
      gaussian: oneOf(['mean', 'sample']),
      quiet: flag(),
      shard: text(),
      'shard-count': int(1, 1_000_000),
      view: flag(),
      'view-port': int(0, 65535, 0),
    });
    if (!o.view) refuseGiven('eval', given, ['view-port'], 'with --view');
    if (o.view) refuseGiven('eval', given, ['workers', 'benchmark'], 'without --view (the live view reads the envs on this thread)');
    if (!o.task) refuseGiven('eval', given, ['obs-mode'], 'with --task (the sim renders the task cameras)');
    if (o.benchmark) refuseGiven('eval', given, ['task', 'robot', 'control-mode'], 'without --benchmark (which runs each task of its suite in the mode its policy acts in)');
    else if (!o.task === !o.robot) throw new UsageError('armkit eval: give --task ID or --robot sim:TASK|CONFIG.json (a robot config names its task), or --benchmark MT10|MT50');
    checkSeeds('eval', o.seed, o.episodes);
    if (o.shard === undefined) refuseGiven('eval', given, ['shard-count'], 'with --shard auto');
    const shard = o.shard === undefined ? null : parseShard(o.shard, process.env, o['shard-count']);
    // A shard runs its block of the run's seeds; its report names the whole run and the block.
    const own = shard ? shardSeeds(o.seed, o.episodes, shard) : { seed: o.seed, episodes: o.episodes };
    if (own.episodes === 0) throw new UsageError(`--shard ${shard!.index}/${shard!.count}: ${o.episodes} episodes leave this shard none; use at most ${o.episodes} shards`);
    if (o.policy === 'scripted') refuseGiven('eval', given, ['rerank', 'candidates', 'temperature', 'diffusion-steps', 'gaussian'], 'to .onnx model policies');
    if (!o.rerank) refuseGiven('eval', given, ['candidates', 'temperature'], 'with --rerank Q.onnx');
    // Refuse an unwritable report path before the run, not after it.
    for (const path of [o.json, o.plot]) if (path) checkWritable(path);
    const choice = await resolvePolicy(o.policy);
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
      const envs = robot ? 1 : Math.min(own.episodes, o.envs);
      const options: MakeEnvOptions = { controlMode, obsMode: 'state' };
      // rgb: the task's cameras rendered each step into the observation frame, for image policies.
      const vec: VectorEnv = robot
        ? robot.vec
        : o['obs-mode'] === 'rgb'
          ? await CameraVectorEnv.open(task.id, envs, { controlMode, obsMode: 'rgb', imagesInObservation: true })
          : o.workers > 0 && envs > 1 && !o.view
          ? await WorkerVectorEnv.create(task.id, options, envs, Math.min(o.workers, envs))
          : new SyncVectorEnv(Array.from({ length: envs }, () => makeEnv(task.id, options)));
      try {
        await using policy = await choice.create({ task: task.id, observationSpace: vec.observationSpace, actionSpace: vec.actionSpace, seed: o.seed, load });
        // The run waits for the page, so that it sees every step of every episode.
        const viewOptions = { port: o['view-port'], episodes: own.episodes };
        // A real arm is drawn from its joint states, with the commanded targets and the safety layer's holds.
        await using live = !o.view
          ? null
          : robot && !robot.driver.sim
            ? await LiveViewServer.startRobot(robot.driver, () => robot.env.lastSend, robot.taskId, robot.env.spec.maxEpisodeSteps, viewOptions)
            : await LiveViewServer.start(vec, vec.spec.maxEpisodeSteps, viewOptions);
        if (live) {
          process.stderr.write(`armkit eval: open ${live.url} to watch; the run starts when the page connects\n`);
          await live.waitForPage();
        }
        const bar = o.quiet ? null : new ProgressBar(`eval ${task.id}`, own.episodes);
        const result = await runEvaluation(vec, policy, {
          episodes: own.episodes,
          seed: own.seed,
          ...(live ? { onStep: (e: StepEvent) => live.onStep(e) } : {}),
          onProgress: (done, _total, results) => bar?.update(done, `success_once ${((100 * results.filter((r) => r.successOnce).length) / Math.max(1, done)).toFixed(1)}%`),
        });
        // Episode indices count from the run's first seed, so that shards' results line up.
        const results = result.episodes.map((e) => ({ ...e, episode: e.seed - o.seed }));
        const report: EvalReport = {
          task: task.id, policy: o.policy, controlMode, robot: o.robot ?? null, episodes: o.episodes, seed: o.seed, envs, workers: o.view ? 0 : o.workers,
          ...(shard ? { shard } : {}),
          metrics: result.metrics, seconds: result.seconds, controlSteps: result.controlSteps, results,
        };
        process.stdout.write(formatSummary(report, own.seed, own.episodes, result.stoppedBy));
        await live?.finish(`${result.episodes.length} episodes, success_once ${(100 * result.metrics.successOnce.mean).toFixed(1)}%`);
        writeReport(report, vec.spec.maxEpisodeSteps, { json: o.json, plot: o.plot });
        return 0;
      } finally {
        if (!robot) vec.close();
      }
    } finally {
      await robot?.[Symbol.asyncDispose]();
    }
  },
};
