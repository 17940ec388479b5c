import { envArgsFor } from '../../recording/env-args.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { makeEnv } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { KeyboardTeleop } from '../../hardware/input/keyboard-teleop.js';
import { TeleopSession } from '../../rollout/teleop-session.js';
import type { Command } from '../command.js';
import { SEED_MAX, flag, int, oneOf, readOptions, required } from '../options.js';
import { UsageError } from '../usage-error.js';

/** `armkit teleop`: drive the simulated arm from the keyboard and record episodes. */
export const teleopCommand: Command = {
  name: 'teleop',
  summary: 'record demonstrations by keyboard teleoperation in the sim',
  usage: 'armkit teleop --task ID --out FILE [--device keyboard] [--seed S (0)] [--max-steps N (400)] [--overwrite]',
  async run(argv) {
    const { values: o } = readOptions('teleop', argv, {
      task: required('a task id'),
      device: oneOf(['keyboard'], 'keyboard'),
      out: required('the HDF5 file to write'),
      seed: int(0, SEED_MAX, 0),
      'max-steps': int(1, 100_000, 400),
      overwrite: flag(),
    });
    if (!process.stdin.isTTY) throw new UsageError('armkit teleop: stdin is not a terminal; keyboard teleop needs an interactive terminal (run it without pipes or redirection)');
    const task = TASKS.get(o.task);
    const maxSteps = o['max-steps'];
    using env = makeEnv(task.id, { controlMode: 'pd_ee_delta_pose', maxEpisodeSteps: maxSteps });
    await using writer = Hdf5DemoWriter.create(o.out, envArgsFor(env.spec, 'sim-teleop'), { overwrite: o.overwrite });
    const device = new KeyboardTeleop();
    const session = new TeleopSession(env, device, writer, o.seed);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    const onKey = (k: string) => device.handleKey(k);
    stdin.on('data', onKey);
    const period = 1000 / env.spec.controlHz;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          session
            .tick()
            .then(() => {
              process.stderr.write(`\r${session.status()}\x1b[K`);
              if (session.phase === 'quit') {
                clearInterval(timer);
                resolve();
              }
            })
            .catch((e) => {
              clearInterval(timer);
              reject(e);
            });
        }, period);
      });
    } finally {
      stdin.off('data', onKey);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    }
    process.stdout.write(`saved ${session.saved} episodes to ${o.out}\n`);
    return 0;
  },
};
