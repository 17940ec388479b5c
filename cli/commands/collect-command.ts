import { makeEnv } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { envArgsFor } from '../../recording/env-args.js';
import { NoisyPolicy } from '../../policies/noisy-policy.js';
import { rollout } from '../../rollout/rollout.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';
import type { Command } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { MAX_INT, checkOptions, intArg, numberArg } from '../option-schemas.js';
import { resolvePolicy } from '../policy-choices.js';
import { ProgressBar } from '../progress-bar.js';
import { SignalStop } from '../signal-stop.js';
import { UsageError } from '../usage-error.js';
import { checkWritable } from '../write-output.js';

/** `armkit collect`: record a policy's episodes in the sim to a robomimic-layout HDF5 file. */
export const collectCommand: Command = {
  name: 'collect',
  summary: 'record demonstrations of a policy in the sim (robomimic HDF5)',
  usage: 'armkit collect --task ID --policy ID --episodes N --out FILE [--seed S] [--noise STD] [--overwrite] [--quiet]',
  async run(argv) {
    const { values } = parseOptions('collect', argv, {
      task: { type: 'string', default: 'PickCube-v1' },
      policy: { type: 'string', default: 'scripted' },
      episodes: { type: 'string' },
      seed: { type: 'string' },
      noise: { type: 'string' },
      out: { type: 'string' },
      overwrite: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    });
    if (!values.out) throw new UsageError('armkit collect: --out FILE is required');
    const task = TASKS.get(values.task!);
    const choice = resolvePolicy(values.policy!);
    const { episodes, seed, noise } = checkOptions('collect', values, { episodes: intArg(1, MAX_INT, 100), seed: intArg(0, MAX_INT, 0), noise: numberArg(0, 10, 0) });
    checkWritable(values.out);
    const env = makeEnv(task.id, { controlMode: choice.controlMode(task.id) ?? task.defaultControlMode });
    using vec = new SyncVectorEnv([env]);
    const bound = await choice.create({ task: task.id, observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed });
    await using policy = noise ? new NoisyPolicy(bound, noise, env.actionSpace.low, env.actionSpace.high) : bound;
    // From here a signal ends the run between steps, the file closed with its masks.
    using stop = new SignalStop();
    await using writer = Hdf5DemoWriter.create(values.out, envArgsFor(env.spec), { overwrite: values.overwrite });
    const bar = values.quiet ? null : new ProgressBar(`collect ${task.id}`, episodes);
    let ok = 0;
    const r = await rollout(vec, policy, {
      episodes,
      seed,
      endOn: 'done',
      sink: writer,
      stop: stop.signal,
      ...(noise ? { episodeAttrs: { noise } } : {}),
      onEpisode: (e, done) => {
        ok += e.successOnce ? 1 : 0;
        bar?.update(done, `success ${((100 * ok) / done).toFixed(1)}%`);
      },
    });
    await writer.close();
    const steps = r.episodes.reduce((s, e) => s + e.steps, 0);
    const stopped = r.stoppedBy ? `stopped by ${r.stoppedBy} (the episode in progress discarded): ` : '';
    process.stdout.write(`${stopped}wrote ${r.episodes.length} demos (${steps} steps, ${ok} successful) to ${values.out}\n`);
    return stop.exitCode(0);
  },
};
