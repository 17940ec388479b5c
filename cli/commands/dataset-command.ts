import { Hdf5DemoReader } from '../../recording/hdf5-demo-reader.js';
import { meanWithInterval, rateWithInterval } from '../../tasks/evaluation/statistics.js';
import type { Command } from '../command.js';
import { formatTable } from '../format-table.js';
import { flag, readOptions } from '../options.js';
import { UsageError } from '../usage-error.js';

/** `armkit dataset info FILE`: episodes, steps, success rate, return and length statistics, env args. */
export const datasetCommand: Command = {
  name: 'dataset',
  summary: 'inspect a demonstration file: armkit dataset info FILE',
  usage: 'armkit dataset info FILE [--json]',
  async run(argv) {
    const { values, positionals } = readOptions('dataset', argv, { json: flag() }, true);
    const [sub, file, ...rest] = positionals;
    if (sub !== 'info' || !file || rest.length) throw new UsageError(`usage: armkit dataset info FILE (got "${positionals.join(' ')}")`);
    using reader = new Hdf5DemoReader(file);
    // Every demo is checked against the first one's action size and observation keys.
    const first = reader.demoNames[0] === undefined ? null : reader.demo(0);
    const layout = first ? { actionDim: first.actionDim, obsKeys: reader.obsKeys(first.name), of: first.name } : undefined;
    const demos = reader.demoNames.map((n) => reader.demo(n, layout));
    const lengths = demos.map((d) => d.numSamples);
    const returns = demos.map((d) => d.rewards.reduce((a, b) => a + b, 0));
    const successes = demos.filter((d) => d.success).length;
    const masks = reader.masks();
    const info = {
      file,
      episodes: demos.length,
      steps: lengths.reduce((a, b) => a + b, 0),
      total: reader.total,
      success: rateWithInterval(successes, demos.length),
      return: { ...meanWithInterval(returns), min: Math.min(...returns), max: Math.max(...returns) },
      length: { ...meanWithInterval(lengths), min: Math.min(...lengths), max: Math.max(...lengths) },
      actionDim: demos[0]?.actionDim ?? 0,
      stateDim: demos[0]?.stateDim ?? 0,
      obsKeys: demos[0] ? reader.obsKeys(demos[0].name) : [],
      masks: masks ? { train: masks.train.length, valid: masks.valid.length } : null,
      envArgs: reader.envArgs,
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
      return 0;
    }
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '-');
    const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}` : '-');
    process.stdout.write(
      `${file}\n${formatTable(['', 'value'], [
        ['episodes', String(info.episodes)],
        ['steps', `${info.steps} (data.attrs.total ${info.total})`],
        ['success', `${pct(info.success.mean)}% [${pct(info.success.low)}, ${pct(info.success.high)}]`],
        ['return', `mean ${f(info.return.mean)}, min ${f(info.return.min)}, max ${f(info.return.max)}`],
        ['length', `mean ${f(info.length.mean)}, min ${f(info.length.min)}, max ${f(info.length.max)}`],
        ['actions', `${info.actionDim}-d`],
        ['states', `${info.stateDim}-d`],
        ['obs keys', info.obsKeys.join(', ')],
        ['masks', masks ? `train ${masks.train.length}, valid ${masks.valid.length}` : 'none (file not closed)'],
        ['env', `${info.envArgs.env_name} ${info.envArgs.env_kwargs.control_mode}, sim ${info.envArgs.env_kwargs.sim_freq} Hz, control ${info.envArgs.env_kwargs.control_freq} Hz, armkit ${info.envArgs.armkit_version}`],
      ])}\n`,
    );
    return 0;
  },
};
