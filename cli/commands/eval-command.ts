import { writeOutput } from '../write-output.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';
import type { VectorEnv } from '../../tasks/vector-env.js';
import { WorkerVectorEnv } from '../../tasks/vector/worker-vector-env.js';
import { runEvaluation } from '../../rollout/evaluate.js';
import { openRobot, type OpenRobot } from '../open-robot.js';
import type { Estimate } from '../../tasks/evaluation/statistics.js';
import { makeEnv, type MakeEnvOptions } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { CONTROL_MODES, type ControlMode } from '../../robot/controllers/controller-config.js';
import type { Command } from '../command.js';
import { formatTable } from '../format-table.js';
import { intOption, parseOptions } from '../parse-options.js';
import { resolvePolicy } from '../policy-choices.js';
import { ProgressBar } from '../progress-bar.js';
import { successCurveSvg } from '../../plots/success-curve-svg.js';
import { UsageError } from '../usage-error.js';

const USAGE = `armkit eval --task ID|--robot sim:TASK|CONFIG.json --policy ID [--episodes N] [--seed S] [--envs N] [--workers N]
                [--control-mode MODE] [--json FILE] [--plot FILE.svg] [--quiet]
                [--rerank Q.onnx] [--candidates K] [--temperature T] [--diffusion-steps N] [--gaussian mean|sample]`;

/** `armkit eval`: headless evaluation of a policy over consecutive seeds. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a policy headless on N seeds (success rates with 95% intervals)',
  usage: USAGE,
  async run(argv) {
    const { values } = parseOptions('eval', argv, {
      task: { type: 'string' },
      robot: { type: 'string' },
      policy: { type: 'string', default: 'scripted' },
      episodes: { type: 'string' },
      seed: { type: 'string' },
      envs: { type: 'string' },
      workers: { type: 'string' },
      'control-mode': { type: 'string' },
      json: { type: 'string' },
      plot: { type: 'string' },
      rerank: { type: 'string' },
      candidates: { type: 'string' },
      temperature: { type: 'string' },
      'diffusion-steps': { type: 'string' },
      gaussian: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    });
    if (values.task && values.robot) throw new UsageError('--task and --robot: give one (a robot config names its task)');
    // A robot (simulated or real) runs one env at a time, at its own rates, through its safety layer.
    const choice = resolvePolicy(values.policy!);
    const robot: OpenRobot | null = values.robot
      ? await openRobot(values.robot, { keys: null, log: (l) => process.stderr.write(`armkit eval: ${l}\n`), controlModeFor: (id) => (values['control-mode'] as ControlMode | undefined) ?? choice.controlMode(id) })
      : null;
    try {
    const task = TASKS.get(robot?.taskId ?? values.task ?? 'PickCube-v1');
    const episodes = intOption('episodes', values.episodes, 100, 1);
    const seed = intOption('seed', values.seed, 0, 0);
    const workers = intOption('workers', values.workers, 1, 0, 64);
    const envs = robot ? 1 : Math.min(episodes, intOption('envs', values.envs, 16, 1, 4096));
    const asked = values['control-mode'] as ControlMode | undefined;
    if (asked !== undefined && !CONTROL_MODES.includes(asked)) {
      throw new UsageError(`--control-mode: expected one of ${CONTROL_MODES.join(', ')}, got "${asked}"`);
    }
    const needed = choice.controlMode(task.id);
    if (asked && needed && asked !== needed) {
      throw new UsageError(`--policy ${values.policy} acts in ${needed}; --control-mode ${asked} does not match`);
    }
    const controlMode = robot ? robot.env.spec.controlMode : asked ?? needed ?? task.defaultControlMode;
    if (robot && needed && needed !== controlMode) throw new UsageError(`--policy ${values.policy} acts in ${needed}; the robot takes ${controlMode}`);
    const options: MakeEnvOptions = { controlMode, obsMode: 'state' };

    const vec: VectorEnv = robot
      ? robot.vec
      : workers > 0 && envs > 1
        ? await WorkerVectorEnv.create(task.id, options, envs, Math.min(workers, envs))
        : new SyncVectorEnv(Array.from({ length: envs }, () => makeEnv(task.id, options)));
    try {
      const temperature = values.temperature === undefined ? 0 : Number(values.temperature);
      if (!(temperature >= 0)) throw new UsageError(`--temperature: expected a number >= 0, got "${values.temperature}"`);
      const load = {
        ...(values.rerank ? { rerank: values.rerank, candidates: intOption('candidates', values.candidates, 10, 1, 1024), temperature } : {}),
        ...(values.gaussian !== undefined ? { gaussian: gaussianMode(values.gaussian) } : {}),
        ...(values['diffusion-steps'] ? { inferenceSteps: intOption('diffusion-steps', values['diffusion-steps'], 10, 1, 1000) } : {}),
      };
      const policy = await choice.create({ task: task.id, observationSpace: vec.observationSpace, actionSpace: vec.actionSpace, seed, load });
      const bar = values.quiet ? null : new ProgressBar(`eval ${task.id}`, episodes);
      const result = await runEvaluation(vec, policy, {
        episodes,
        seed,
        onProgress: (done, _total, results) => {
          const ok = results.filter((r) => r.successOnce).length;
          bar?.update(done, `success_once ${((100 * ok) / Math.max(1, done)).toFixed(1)}%`);
        },
      });
      const m = result.metrics;
      const pct = (e: Estimate) => [`${(100 * e.mean).toFixed(1)}%`, `[${(100 * e.low).toFixed(1)}, ${(100 * e.high).toFixed(1)}]`];
      const num = (e: Estimate) => [e.mean.toFixed(3), `[${e.low.toFixed(3)}, ${e.high.toFixed(3)}]`];
      process.stdout.write(
        `${task.id}  policy=${values.policy}  control=${controlMode}  episodes=${episodes}  seeds=${seed}..${seed + episodes - 1}\n` +
          `${formatTable(['metric', 'mean', '95% CI'], [
            ['success_once', ...pct(m.successOnce)],
            ['success_at_end', ...pct(m.successAtEnd)],
            ['return', ...num(m.return)],
            ['length', ...num(m.length)],
          ])}\n` +
          (result.stoppedBy ? `stopped early: ${result.stoppedBy}\n` : '') +
          `${result.controlSteps} control steps in ${result.seconds.toFixed(2)} s (${(result.controlSteps / result.seconds).toFixed(0)} steps/s, ${envs} envs, ${workers} worker${workers === 1 ? '' : 's'})\n`,
      );
      if (values.plot) {
        const curve = { label: values.policy!, firstSuccess: result.episodes.map((e) => (e.successOnce ? e.length : null)) };
        writeOutput(values.plot, successCurveSvg(`${task.id}: ${values.policy} (${episodes} seeds)`, vec.spec.maxEpisodeSteps, [curve]));
      }
      if (values.json) {
        const report = {
          task: task.id,
          policy: values.policy,
          controlMode,
          robot: values.robot ?? null,
          episodes,
          seed,
          envs,
          workers,
          metrics: m,
          seconds: result.seconds,
          controlSteps: result.controlSteps,
          results: result.episodes,
        };
        writeOutput(values.json, `${JSON.stringify(report, null, 2)}\n`);
      }
      await policy.dispose();
      return 0;
    } finally {
      if (!robot) vec.close();
    }
    } finally {
      await robot?.[Symbol.asyncDispose]();
    }
  },
};

function gaussianMode(value: string): 'mean' | 'sample' {
  if (value !== 'mean' && value !== 'sample') throw new UsageError(`--gaussian: expected "mean" or "sample", got "${value}"`);
  return value;
}
