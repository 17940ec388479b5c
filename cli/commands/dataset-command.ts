import { Hdf5DemoReader } from '../../recording/hdf5-demo-reader.js';
import { writeFileSync } from 'node:fs';
import { qualitySvg } from '../../plots/quality-svg.js';
import { datasetQuality, gridOf, readQualityDataset } from '../../recording/dataset-quality.js';
import { exportLerobot } from '../../recording/lerobot-export.js';
import { importLerobot } from '../../recording/lerobot-import.js';
import { exportManiskill, importManiskill } from '../../recording/maniskill-trajectory.js';
import { importRunLog } from '../../recording/mcap-import.js';
import { meanWithInterval, rateWithInterval } from '../../tasks/evaluation/statistics.js';
import type { Command } from '../command.js';
import { formatTable } from '../format-table.js';
import { flag, int, oneOf, readOptions, text } from '../options.js';
import { UsageError } from '../usage-error.js';

const USAGE = 'armkit dataset info FILE [--json] | quality FILE [--reference-random R] [--reference-expert E] [--bins B] [--svg OUT.svg] [--json] | export FILE --format lerobot --out DIR | export FILE --format maniskill --out TRAJ.h5 | import DIR|TRAJ.h5|RUN.mcap --out FILE.hdf5 [--overwrite]';

/**
 * `armkit dataset info FILE`: episodes, steps, success rate, return and length statistics, env args.
 * `export` / `import`: a robomimic-layout file to and from a LeRobot v3.0 dataset directory.
 */
export const datasetCommand: Command = {
  name: 'dataset',
  summary: 'inspect, rate, export or import demonstrations: armkit dataset info|quality|export|import',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = readOptions('dataset', argv, { json: flag(), format: oneOf(['lerobot', 'maniskill'] as const), out: text(), overwrite: flag(), 'reference-random': text(), 'reference-expert': text(), bins: int(1, 1000, 10), svg: text() }, true);
    const [sub, file, ...rest] = positionals;
    if (!file || rest.length || !['info', 'quality', 'export', 'import'].includes(sub!)) throw new UsageError(`usage: ${USAGE} (got "${positionals.join(' ')}")`);
    if (sub === 'export') {
      if (values.format === undefined || values.out === undefined) throw new UsageError(`armkit dataset export: expected --format lerobot|maniskill and --out, got ${values.format === undefined ? 'no --format' : 'no --out'}`);
      if (values.format === 'maniskill') {
        const r = exportManiskill(file, values.out);
        process.stdout.write(`${values.out}: ManiSkill trajectories, ${r.episodes} episodes (and its .json)\n`);
        return 0;
      }
      const t0 = performance.now();
      const r = exportLerobot(file, values.out);
      process.stdout.write(`${values.out}: LeRobot v3.0, ${r.episodes} episodes, ${r.frames} frames (${((performance.now() - t0) / 1000).toFixed(2)} s)\n`);
      return 0;
    }
    if (sub === 'quality') {
      const data = readQualityDataset(file);
      const random = values['reference-random'] === undefined ? undefined : readQualityDataset(values['reference-random']);
      const expert = values['reference-expert'] === undefined ? undefined : readQualityDataset(values['reference-expert']);
      // One grid over every dataset named, so unique-pair counts compare.
      const grid = gridOf([data, ...(random ? [random] : []), ...(expert ? [expert] : [])], values.bins);
      const q = datasetQuality(data, grid, { random, expert, reference: random ?? expert });
      if (values.svg !== undefined) writeFileSync(values.svg, qualitySvg(file, q));
      if (values.json) {
        process.stdout.write(`${JSON.stringify(q, null, 2)}\n`);
        return 0;
      }
      const g = (x: number | null) => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(4));
      process.stdout.write(`${formatTable(['episode', 'length', 'return', 'unique pairs', 'action divergence'], q.episodes.map((e) => [String(e.episode), String(e.length), g(e.return), String(e.uniquePairs), g(e.actionDivergence)]))}\n`);
      process.stdout.write(`${formatTable(['', 'value'], [
        ['mean return', g(q.meanReturn)],
        ['TQ', q.tq === null ? '- (needs --reference-random and --reference-expert)' : g(q.tq)],
        ['SACo', q.saco === null ? `- (needs a reference; ${q.uniquePairs} unique pairs)` : `${g(q.saco)} (${q.uniquePairs} unique pairs, vs ${random ? 'random' : 'expert'})`],
        ['action divergence', g(q.actionDivergence)],
        ['state diversity', `${g(q.stateDiversity)} nats`],
        ['grid', `${q.bins} bins per dimension over the range of every dataset given`],
      ])}\n`);
      return 0;
    }
    if (sub === 'import') {
      if (values.out === undefined) throw new UsageError('armkit dataset import: expected --out FILE.hdf5, got none');
      if (file.endsWith('.mcap')) {
        const r = await importRunLog(file, values.out, { overwrite: values.overwrite });
        process.stdout.write(`${values.out}: ${r.episodes} demos from ${file}${r.skipped ? ` (${r.skipped} attempts left out: discarded or cut off)` : ''}\n`);
        return 0;
      }
      // A .h5 file is a ManiSkill trajectory pair; a directory is a LeRobot dataset.
      const r = file.endsWith('.h5') ? await importManiskill(file, values.out, { overwrite: values.overwrite }) : await importLerobot(file, values.out, { overwrite: values.overwrite });
      process.stdout.write(`${values.out}: ${r.episodes} demos from ${file}\n`);
      return 0;
    }
    using reader = new Hdf5DemoReader(file);
    // Every demo is checked against the first one's action size and observation keys.
    const first = reader.demoNames[0] === undefined ? null : reader.demo(0);
    const layout = first ? { actionDim: first.actionDim, obsKeys: reader.obsKeys(first.name), of: first.name } : undefined;
    const demos = reader.demoNames.map((n) => reader.demo(n, layout));
    const lengths = demos.map((d) => d.numSamples);
    const returns = demos.map((d) => d.rewards.reduce((a, b) => a + b, 0));
    // Success is unknown for demos whose file does not say (robomimic writes no success attribute).
    const known = demos.filter((d) => d.success !== null);
    const successes = known.filter((d) => d.success).length;
    const masks = reader.masks();
    const info = {
      file,
      episodes: demos.length,
      steps: lengths.reduce((a, b) => a + b, 0),
      total: reader.total,
      success: { ...rateWithInterval(successes, known.length), known: known.length },
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
        ['success', known.length === 0 ? 'unknown (no demo has a success attribute)' : `${pct(info.success.mean)}% [${pct(info.success.low)}, ${pct(info.success.high)}]${known.length < demos.length ? ` of the ${known.length} demos that say` : ''}`],
        ['return', `mean ${f(info.return.mean)}, min ${f(info.return.min)}, max ${f(info.return.max)}`],
        ['length', `mean ${f(info.length.mean)}, min ${f(info.length.min)}, max ${f(info.length.max)}`],
        ['actions', `${info.actionDim}-d`],
        ['states', `${info.stateDim}-d`],
        ['obs keys', info.obsKeys.join(', ')],
        ['masks', masks ? `train ${masks.train.length}, valid ${masks.valid.length}` : 'none (file not closed)'],
        ['env', describeEnvArgs(info.envArgs)],
      ])}\n`,
    );
    return 0;
  },
};

// robomimic's env types (robomimic/envs/env_base.py's EnvType); armkit's own is 4.
const ENV_TYPES: Record<number, string> = { 1: 'robosuite', 2: 'gym', 3: 'iGibson MoMaRT', 4: 'armkit' };

/** One line for env_args: armkit's modes and rates, or another tool's name, type and kwargs. */
function describeEnvArgs(args: Readonly<Record<string, unknown>>): string {
  const name = typeof args['env_name'] === 'string' ? args['env_name'] : '(no env_name)';
  const type = typeof args['type'] === 'number' ? `${ENV_TYPES[args['type']] ?? 'unknown'} env (type ${args['type']})` : 'no env type';
  const kw = args['env_kwargs'] !== null && typeof args['env_kwargs'] === 'object' ? (args['env_kwargs'] as Record<string, unknown>) : {};
  if (typeof args['armkit_version'] === 'string') {
    return `${name} ${String(kw['control_mode'])}, sim ${String(kw['sim_freq'])} Hz, control ${String(kw['control_freq'])} Hz, armkit ${args['armkit_version']}`;
  }
  const keys = Object.keys(kw);
  const shown = keys.slice(0, 6).map((k) => `${k}=${typeof kw[k] === 'object' ? '{...}' : JSON.stringify(kw[k])}`);
  return `${name}, ${type}${keys.length ? `, env_kwargs: ${shown.join(', ')}${keys.length > 6 ? `, ... (${keys.length} keys)` : ''}` : ''}`;
}
