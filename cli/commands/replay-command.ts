import { Hdf5DemoReader } from '../../recording/hdf5-demo-reader.js';
import { demoLayoutOf, replayDemo, requireSeed } from '../../recording/replay-demo.js';
import { makeEnv } from '../../tasks/make-env.js';
import type { ControlMode } from '../../robot/controllers/controller-config.js';
import type { Command } from '../command.js';
import { flag, int, readOptions } from '../options.js';
import { ProgressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';

/** `armkit replay`: re-simulate demos from their seeds and actions, optionally checking states. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 're-simulate recorded demos; --check compares the states bitwise',
  usage: 'armkit replay FILE [--demo N] [--check] [--quiet]',
  async run(argv) {
    const { values, positionals } = readOptions('replay', argv, { demo: int(0), check: flag(), quiet: flag() }, true);
    if (positionals.length !== 1) throw new UsageError(`armkit replay: expected one FILE, got ${positionals.length}`);
    using reader = new Hdf5DemoReader(positionals[0]!);
    const args = reader.armkitEnvArgs();
    const kw = args.env_kwargs;
    using env = makeEnv(args.env_name, { controlMode: kw.control_mode as ControlMode, rewardMode: kw.reward_mode as 'dense', sim: { simHz: kw.sim_freq, controlHz: kw.control_freq } });
    const names = values.demo === undefined ? reader.demoNames : [`demo_${values.demo}`];
    const bar = values.quiet ? null : new ProgressBar('replay', names.length);
    let diverged = 0;
    let solved = 0;
    for (const [i, name] of names.entries()) {
      const demo = reader.demo(name, demoLayoutOf(env));
      requireSeed(demo, reader.path);
      const r = replayDemo(env, demo);
      solved += r.success ? 1 : 0;
      if (r.divergence) {
        diverged++;
        const d = r.divergence;
        process.stdout.write(`${name}: diverged at step ${d.step} (state[${d.index}] differs by ${d.difference.toExponential(3)})\n`);
      }
      bar?.update(i + 1);
    }
    process.stdout.write(`${names.length} demos replayed, ${solved} reached success${values.check ? `, ${names.length - diverged} reproduced their states bitwise, ${diverged} diverged` : ''}\n`);
    return values.check && diverged > 0 ? 1 : 0;
  },
};
