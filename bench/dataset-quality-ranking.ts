// npm run bench:quality -- [--demos N] [--bins B] [--out FILE]
// Dataset quality on the results pipeline's datasets: its expert demos (scripted, seeds 0..N-1)
// and noisy demos (scripted + N(0, 0.1) actions, seeds 100..), as `npm run results` collects
// them, plus as many random-policy episodes in the same control mode. All run to the horizon:
// TQ compares mean returns, and demos cut at first success make the expert's shortest, so its
// return lowest (measured: expert 5.50 against noisy 8.79 when cut). Checks the orders the
// dataset-quality papers predict: TQ expert > noisy > random, and SACo noisy > expert (noise
// spreads the same tasks over more state-action cells). Writes JSON (default
// out/bench/quality.json); exits 1 when an order does not hold.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable } from '../cli/format-table.js';
import { datasetQuality, gridOf, readQualityDataset } from '../recording/dataset-quality.js';
import { assetPath } from '../robot/asset-path.js';
import { SCRIPTED_EXPERTS } from '../policies/scripted/scripted-experts.js';
import { DEFAULT_RESULTS_CONFIG as R } from '../trainers/results/results-config.js';

const { values } = parseArgs({ options: { demos: { type: 'string', default: String(R.demos) }, bins: { type: 'string', default: '10' }, out: { type: 'string', default: 'out/bench/quality.json' } } });
const demos = Number(values.demos);
const bins = Number(values.bins);
const work = join(dirname(values.out!), 'quality');
mkdirSync(work, { recursive: true });
// The results pipeline's first task and its demo settings.
const task = R.tasks[0]!;
const mode = SCRIPTED_EXPERTS.get(task).controlMode;
const sets = {
  expert: ['--policy', 'scripted', '--seed', String(R.demoSeed)],
  noisy: ['--policy', 'scripted', '--seed', String(R.noisySeed), '--noise', String(R.noise)],
  random: ['--policy', 'random', '--seed', String(R.noisySeed + demos), '--control-mode', mode],
} as const;
const files: Record<string, string> = {};
for (const [name, args] of Object.entries(sets)) {
  const file = join(work, `${name}.hdf5`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [assetPath('bin/armkit.js'), 'collect', '--task', task, '--episodes', String(demos), ...args, '--until', 'horizon', '--out', file, '--overwrite', '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`bench:quality: collecting ${name} failed: ${r.stderr.trim()}\n`);
    process.exit(1);
  }
  process.stdout.write(`[collect] ${name}: ${r.stdout.trim()} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  files[name] = file;
}
const data = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, readQualityDataset(f)]));
const grid = gridOf(Object.values(data), bins);
const refs = { random: data['random']!, expert: data['expert']!, reference: data['random']! };
const q = Object.fromEntries(Object.entries(data).map(([k, d]) => [k, datasetQuality(d, grid, refs)]));
const g = (x: number | null) => (x === null ? '-' : x.toFixed(4));
process.stdout.write(`${formatTable(['dataset', 'episodes', 'mean return', 'TQ', 'unique pairs', 'SACo (vs random)', 'action divergence', 'state diversity'], Object.entries(q).map(([k, v]) => [k, String(v.episodes.length), g(v.meanReturn), g(v.tq), String(v.uniquePairs), g(v.saco), g(v.actionDivergence), g(v.stateDiversity)]))}\n`);
const tq = (k: string) => q[k]!.tq!;
const saco = (k: string) => q[k]!.saco!;
const checks = [
  { what: 'TQ expert > noisy > random', holds: tq('expert') > tq('noisy') && tq('noisy') > tq('random') },
  { what: 'SACo noisy > expert', holds: saco('noisy') > saco('expert') },
];
for (const c of checks) process.stdout.write(`${c.holds ? 'holds' : 'FAILS'}: ${c.what}\n`);
mkdirSync(dirname(values.out!), { recursive: true });
writeFileSync(values.out!, `${JSON.stringify({ task, demos, bins, controlMode: mode, quality: q, checks }, null, 2)}\n`);
process.stdout.write(`wrote ${values.out}\n`);
process.exitCode = checks.every((c) => c.holds) ? 0 : 1;
