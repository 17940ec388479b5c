import { BENCHMARK_NAMES, METAWORLD_BENCHMARKS } from '../../tasks/metaworld/benchmarks.js';
import { makeEnv } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { envArgsFor, type EnvArgs } from '../../recording/env-args.js';
import { NoisyPolicy } from '../../policies/noisy-policy.js';
import { rollout, type StepEvent } from '../../rollout/rollout.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';
import { CameraVectorEnv } from '../../tasks/vector/camera-vector-env.js';
import type { VectorEnv } from '../../tasks/vector-env.js';
import { PANDA_HAND_CAMERA, taskCameras } from '../../tasks/task-cameras.js';
import type { Command } from '../command.js';
import { SEED_MAX, checkSeeds, flag, int, num, oneOf, readOptions, refuseGiven, required } from '../options.js';
import { resolvePolicy } from '../policy-choices.js';
import { ProgressBar } from '../progress-bar.js';
import { SignalStop } from '../signal-stop.js';
import { checkWritable } from '../write-output.js';
import { UsageError } from '../usage-error.js';
import { CONTROL_MODES } from '../../robot/controllers/controller-config.js';
import { LiveViewServer } from '../../viewer/live-view-server.js';

/** `armkit collect`: record a policy's episodes in the sim to a robomimic-layout HDF5 file. */
export const collectCommand: Command = {
  name: 'collect',
  summary: 'record demonstrations of a policy in the sim (robomimic HDF5)',
  usage: 'armkit collect --task ID --policy scripted|MODEL.onnx --out FILE [--episodes N (100)] [--seed S (0)] [--noise STD (0)] [--control-mode MODE] [--obs-mode state|rgb (state)] [--hand-camera] [--until success|horizon (success)] [--hold N (0)] [--task-one-hot MT10|MT50] [--overwrite] [--quiet] [--view [--view-port P]]',
  async run(argv) {
    const { values: o, given } = readOptions('collect', argv, {
      task: required('a task id'),
      policy: required('"scripted" or a path to an .onnx model'),
      episodes: int(1, SEED_MAX + 1, 100),
      seed: int(0, SEED_MAX, 0),
      noise: num(0, 10, 0),
      'control-mode': oneOf(CONTROL_MODES),
      'obs-mode': oneOf(['state', 'rgb'] as const, 'state'),
      'hand-camera': flag(),
      until: oneOf(['success', 'horizon'] as const, 'success'),
      hold: int(0, 1_000_000, 0),
      'task-one-hot': oneOf(BENCHMARK_NAMES),
      out: required('the HDF5 file to write'),
      overwrite: flag(),
      quiet: flag(),
      view: flag(),
      'view-port': int(0, 65535, 0),
    });
    if (!o.view) refuseGiven('collect', given, ['view-port'], 'with --view');
    if (o.until !== 'success') refuseGiven('collect', given, ['hold'], 'with --until success (the steps recorded after the first success)');
    const { episodes, seed, noise } = o;
    checkSeeds('collect', seed, episodes);
    const task = TASKS.get(o.task);
    const choice = await resolvePolicy(o.policy);
    checkWritable(o.out);
    const needed = choice.controlMode(task.id);
    const asked = o['control-mode'];
    if (asked && needed && asked !== needed) throw new UsageError(`--policy ${o.policy} acts in ${needed}; --control-mode ${asked} does not match`);
    const controlMode = asked ?? needed ?? task.defaultControlMode;
    // rgb: the task's cameras rendered each step and recorded as obs/<camera>_image; the policy sees the state.
    if (o['hand-camera'] && o['obs-mode'] !== 'rgb') throw new UsageError('--hand-camera records images: it needs --obs-mode rgb');
    if (o['hand-camera'] && task.robot !== 'panda') throw new UsageError(`--hand-camera is the Panda's wrist camera (ManiSkill's panda_wristcam); ${task.id} runs on ${task.robot}`);
    const suite = o['task-one-hot'];
    if (suite && o['obs-mode'] !== 'state') throw new UsageError('--task-one-hot records state observations: it takes --obs-mode state');
    if (suite && !(METAWORLD_BENCHMARKS[suite] as readonly string[]).includes(task.id)) throw new UsageError(`--task-one-hot ${suite}: ${task.id} is not one of its tasks (${METAWORLD_BENCHMARKS[suite].join(', ')})`);
    const cameraList = [...(o['obs-mode'] === 'rgb' ? taskCameras(task.id) : []), ...(o['hand-camera'] ? [PANDA_HAND_CAMERA] : [])];
    await using cameras = o['obs-mode'] === 'rgb' ? await CameraVectorEnv.open(task.id, 1, { obsMode: 'rgb', controlMode, cameras: cameraList }) : undefined;
    using plain = cameras ? undefined : new SyncVectorEnv([makeEnv(task.id, { controlMode, ...(suite ? { taskOneHot: METAWORLD_BENCHMARKS[suite] } : {}) })]);
    const vec: VectorEnv = cameras ?? plain!;
    const env = vec.envs![0]!;
    const bound = await choice.create({ task: task.id, observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed });
    await using policy = noise ? new NoisyPolicy(bound, noise, env.actionSpace.low, env.actionSpace.high) : bound;
    // From here a signal ends the run between steps, the file closed with its masks.
    using stop = new SignalStop();
    await using writer = Hdf5DemoWriter.create(o.out, envArgsWithObsMode(envArgsFor(env.spec), o['obs-mode'], suite), { overwrite: o.overwrite });
    // A live 3-D view of every step recorded; the run waits for the page so that it sees them all.
    await using live = o.view ? await LiveViewServer.start(vec, env.spec.maxEpisodeSteps, { port: o['view-port'], episodes, name: 'armkit collect --view' }) : null;
    if (live) {
      process.stderr.write(`armkit collect: open ${live.url} to watch; the run starts when the page connects\n`);
      await live.waitForPage();
    }
    const bar = o.quiet ? null : new ProgressBar(`collect ${task.id}`, episodes);
    let ok = 0;
    const r = await rollout(vec, policy, {
      episodes,
      seed,
      // ManiSkill's demos stop at success; to the horizon, they show the policy holding the goal.
      endOn: o.until === 'success' ? 'success' : 'time-limit',
      holdAfterSuccess: o.hold,
      sink: writer,
      stop: stop.signal,
      ...(noise ? { episodeAttrs: { noise } } : {}),
      ...(live ? { onStep: (e: StepEvent) => live.onStep(e) } : {}),
      onEpisode: (e, done) => {
        ok += e.successOnce ? 1 : 0;
        bar?.update(done, `success ${((100 * ok) / done).toFixed(1)}%`);
      },
    });
    await writer.close();
    await live?.finish(`${r.episodes.length} demos, ${ok} successful`);
    const steps = r.episodes.reduce((s, e) => s + e.steps, 0);
    const stopped = r.stoppedBy ? `stopped by ${r.stoppedBy} (the episode in progress discarded): ` : '';
    process.stdout.write(`${stopped}wrote ${r.episodes.length} demos (${steps} steps, ${ok} successful) to ${o.out}\n`);
    return stop.exitCode(0);
  },
};

// The recorded observation's mode (the env itself steps in state mode under the cameras), and
// the suite whose one-hot the observations carry.
function envArgsWithObsMode(args: EnvArgs, obsMode: string, suite: string | undefined): EnvArgs {
  return { ...args, env_kwargs: { ...args.env_kwargs, obs_mode: obsMode, ...(suite ? { task_one_hot: suite } : {}) } };
}
