// `npm run bench:dataset`: (1) LeRobot v3.0 export of 1,000 state-only episodes (50 steps each,
// 12-d observations, 8-d actions, 5-d states), then import of the export. Floor: export <= 10 s.
// (2) The floor on real data: 100 PickCube-v1 expert demos exported, every parquet file
// read by DuckDB (row counts, episode boundaries, dtypes, values against the HDF5), and the
// import of the export equal to the demos bitwise.
// Figures on this shared machine are noisy (other processes load its cores).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Hdf5DemoReader } from '../recording/hdf5-demo-reader.js';
import { exportLerobot } from '../recording/lerobot-export.js';
import { importLerobot } from '../recording/lerobot-import.js';
import { assetPath } from '../robot/asset-path.js';
import { writeSyntheticDemos } from '../test/recording/lerobot-fixture.js';

const EPISODES = 1000;
const PICK_CUBE_DEMOS = 100;
const dir = mkdtempSync(join(tmpdir(), 'armkit-bench-dataset-'));
const problems: string[] = [];
try {
  const h5 = join(dir, 'demos.hdf5');
  let t = performance.now();
  await writeSyntheticDemos(h5, EPISODES, 50);
  const writeS = (performance.now() - t) / 1000;
  t = performance.now();
  const r = exportLerobot(h5, join(dir, 'lerobot'));
  const exportS = (performance.now() - t) / 1000;
  t = performance.now();
  await importLerobot(join(dir, 'lerobot'), join(dir, 'back.hdf5'));
  const importS = (performance.now() - t) / 1000;
  process.stdout.write(`${r.episodes} episodes, ${r.frames} frames: write HDF5 ${writeS.toFixed(2)} s, export LeRobot ${exportS.toFixed(2)} s (floor 10 s: ${exportS <= 10 ? 'met' : 'MISSED'}), import ${importS.toFixed(2)} s\n`);
  if (exportS > 10) problems.push('export of 1,000 episodes over 10 s');
  await pickCube();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const p of problems) process.stdout.write(`FAILS: ${p}\n`);
process.exitCode = problems.length ? 1 : 0;

async function pickCube(): Promise<void> {
  const h5 = join(dir, 'pickcube.hdf5');
  const c = spawnSync(process.execPath, [assetPath('bin/armkit.js'), 'collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', String(PICK_CUBE_DEMOS), '--out', h5, '--quiet'], { encoding: 'utf8' });
  if (c.status !== 0) throw new Error(`collect failed: ${c.stderr}`);
  const out = join(dir, 'pickcube-lerobot');
  exportLerobot(h5, out);
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();
  const parquet = (sub: string) => readdirSync(join(out, sub), { recursive: true }).map(String).filter((f) => f.endsWith('.parquet')).map((f) => join(out, sub, f));
  const files = [...parquet('data'), ...parquet('meta')];
  for (const f of files) await rows(`SELECT count(*) FROM '${f}'`);
  using reader = new Hdf5DemoReader(h5);
  const demos = reader.demoNames.map((n) => reader.demo(n));
  const keys = reader.obsKeys(demos[0]!.name);
  const data = parquet('data')[0]!;
  const all = await rows(`SELECT "observation.state" AS s, action AS a, episode_index AS e, frame_index AS f FROM '${data}' ORDER BY index`);
  const types = Object.fromEntries((await rows(`DESCRIBE SELECT * FROM '${data}'`)).map((x) => [x['column_name'], x['column_type']]));
  if (types['observation.state'] !== 'FLOAT[]' || types['action'] !== 'FLOAT[]' || types['episode_index'] !== 'BIGINT') problems.push(`PickCube dtypes: ${JSON.stringify(types)}`);
  const total = demos.reduce((a, d) => a + d.numSamples, 0);
  if (all.length !== total) problems.push(`PickCube rows: ${all.length}, the demos have ${total}`);
  let at = 0;
  let mismatches = 0;
  for (const [e, d] of demos.entries()) {
    const obs = keys.map((k) => reader.observation(d.name, k)!);
    for (let t = 0; t < d.numSamples; t++, at++) {
      const row = all[at];
      if (!row || row['e'] !== BigInt(e) || row['f'] !== BigInt(t)) {
        mismatches++;
        continue;
      }
      const state = obs.flatMap((o) => [...o.rows.subarray(t * o.width, (t + 1) * o.width)]);
      const s = row['s'] as number[];
      const a = row['a'] as number[];
      if (s.length !== state.length || s.some((v, i) => v !== state[i])) mismatches++;
      if (a.length !== d.actionDim || a.some((v, i) => v !== d.actions[t * d.actionDim + i])) mismatches++;
    }
  }
  if (mismatches) problems.push(`PickCube: ${mismatches} rows differ from the HDF5`);
  const back = join(dir, 'pickcube-back.hdf5');
  await importLerobot(out, back);
  using again = new Hdf5DemoReader(back);
  let unequal = 0;
  for (const name of reader.demoNames) {
    const a = reader.demo(name);
    const b = again.demo(name);
    if (!Buffer.from(a.actions.buffer).equals(Buffer.from(b.actions.buffer)) || !Buffer.from(a.states.buffer).equals(Buffer.from(b.states.buffer))) unequal++;
    for (const k of keys) for (const next of [false, true]) if (!Buffer.from(reader.observation(name, k, next)!.rows.buffer).equals(Buffer.from(again.observation(name, k, next)!.rows.buffer))) unequal++;
  }
  if (unequal) problems.push(`PickCube import: ${unequal} arrays differ`);
  process.stdout.write(`PickCube-v1, ${demos.length} expert demos, ${total} frames: DuckDB read ${files.length} parquet files; rows, episode boundaries, dtypes and values ${mismatches === 0 && all.length === total ? 'equal the HDF5' : 'DIFFER'}; import of the export ${unequal === 0 ? 'bitwise equal' : 'DIFFERS'}\n`);
}
