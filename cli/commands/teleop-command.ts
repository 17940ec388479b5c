import { envArgsFor } from '../../recording/env-args.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { makeEnv } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { KeyboardTeleop } from '../../hardware/input/keyboard-teleop.js';
import { TeleopSession } from '../../rollout/teleop-session.js';
import type { Command } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { MAX_INT, checkOptions, intArg } from '../option-schemas.js';
import { UsageError } from '../usage-error.js';

/** `armkit teleop`: drive the simulated arm from the keyboard and record episodes. */
export const teleopCommand: Command = {
  name: 'teleop',
  summary: 'record demonstrations by keyboard teleoperation in the sim',
  usage: 'armkit teleop --task ID --device keyboard --out FILE [--seed S] [--max-steps N] [--overwrite]',
  async run(argv) {
    const { values } = parseOptions('teleop', argv, {
      task: { type: 'string', default: 'PickCube-v1' },
      device: { type: 'string', default: 'keyboard' },
      out: { type: 'string' },
      seed: { type: 'string' },
      'max-steps': { type: 'string' },
      overwrite: { type: 'boolean', default: false },
    });
    if (values.device !== 'keyboard') throw new UsageError(`--device: expected "keyboard", got "${values.device}"`);
    if (!values.out) throw new UsageError('armkit teleop: --out FILE is required');
    if (!process.stdin.isTTY) throw new UsageError('armkit teleop: stdin is not a terminal; keyboard teleop needs an interactive terminal (run it without pipes or redirection)');
    const o = checkOptions('teleop', values, { 'max-steps': intArg(1, MAX_INT, 400), seed: intArg(0, MAX_INT, 0) });
    const task = TASKS.get(values.task!);
    const maxSteps = o['max-steps'];
    using env = makeEnv(task.id, { controlMode: 'pd_ee_delta_pose', maxEpisodeSteps: maxSteps });
    await using writer = Hdf5DemoWriter.create(values.out, envArgsFor(env.spec, 'sim-teleop'), { overwrite: values.overwrite });
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
    process.stdout.write(`saved ${session.saved} episodes to ${values.out}\n`);
    return 0;
  },
};
