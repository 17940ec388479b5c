// LeRobot v3.0 export and import: DuckDB (an independent Parquet reader) reads every file the
// export writes, and import of the export gives back every array bitwise.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { assetPath } from '../../robot/asset-path.js';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Hdf5DemoReader } from '../../recording/hdf5-demo-reader.js';
import { exportLerobot } from '../../recording/lerobot-export.js';
import { importLerobot } from '../../recording/lerobot-import.js';
import { RecordingError } from '../../recording/recording-error.js';
import { writeSyntheticDemos } from './lerobot-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'armkit-lerobot-'));
const h5 = join(dir, 'demos.hdf5');
const out = join(dir, 'lerobot');
const data = join(out, 'data/chunk-000/file-000.parquet');
const EPISODES = 9;
let db: DuckDBConnection;

before(async () => {
  await writeSyntheticDemos(h5, EPISODES);
  exportLerobot(h5, out);
  db = await (await DuckDBInstance.create(':memory:')).connect();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();

test('DuckDB reads the data file: every column with its dtype, the row count, episode boundaries and values', async () => {
  const described = await rows(`DESCRIBE SELECT * FROM '${data}'`);
  assert.deepEqual(Object.fromEntries(described.map((r) => [r['column_name'], r['column_type']])), {
    'observation.state': 'FLOAT[]',
    'observation.sim_state': 'DOUBLE[]',
    action: 'FLOAT[]',
    'next.observation.state': 'FLOAT[]',
    'next.reward': 'DOUBLE',
    'next.done': 'BOOLEAN',
    intervention: 'BOOLEAN',
    timestamp: 'FLOAT',
    frame_index: 'BIGINT',
    episode_index: 'BIGINT',
    index: 'BIGINT',
    task_index: 'BIGINT',
  });
  using reader = new Hdf5DemoReader(h5);
  const demos = reader.demoNames.map((n) => reader.demo(n));
  const total = demos.reduce((a, d) => a + d.numSamples, 0);
  const all = await rows(`SELECT * FROM '${data}' ORDER BY index`);
  assert.equal(all.length, total);
  // Parquet has no fixed-size list: each row's length is checked.
  const lengths = await rows(`SELECT DISTINCT len("observation.state") AS s, len(action) AS a, len("observation.sim_state") AS q FROM '${data}'`);
  assert.deepEqual(lengths, [{ s: 12n, a: 8n, q: 5n }]);
  const bounds = await rows(`SELECT episode_index AS e, min(index) AS lo, max(index) AS hi, count(*) AS n, max(frame_index) AS last FROM '${data}' GROUP BY e ORDER BY e`);
  let at = 0;
  assert.equal(bounds.length, EPISODES);
  for (const [e, d] of demos.entries()) {
    assert.deepEqual(bounds[e], { e: BigInt(e), lo: BigInt(at), hi: BigInt(at + d.numSamples - 1), n: BigInt(d.numSamples), last: BigInt(d.numSamples - 1) });
    const qpos = reader.observation(d.name, 'qpos')!.rows;
    const tcp = reader.observation(d.name, 'tcp')!.rows;
    for (let t = 0; t < d.numSamples; t++, at++) {
      const r = all[at]!;
      const state = [...qpos.subarray(t * 9, t * 9 + 9), ...tcp.subarray(t * 3, t * 3 + 3)];
      assert.deepEqual(listOf(r['observation.state']), state, `observation.state of row ${at}`);
      assert.deepEqual(listOf(r['action']), [...d.actions.subarray(t * 8, t * 8 + 8)]);
      assert.deepEqual(listOf(r['observation.sim_state']), [...d.states.subarray(t * 5, t * 5 + 5)]);
      assert.equal(r['next.reward'], d.rewards[t]);
      assert.equal(r['next.done'], t === d.numSamples - 1);
      assert.equal(r['intervention'], d.interventions[t] === 1);
      assert.equal(r['timestamp'], Math.fround(t / 20));
      assert.equal(r['task_index'], 0n);
    }
  }
});

test('DuckDB reads the episodes and tasks files; info.json names v3.0, the fps, features and templates', async () => {
  const eps = await rows(`SELECT * FROM '${join(out, 'meta/episodes/chunk-000/file-000.parquet')}' ORDER BY episode_index`);
  assert.equal(eps.length, EPISODES);
  assert.deepEqual(listOf(eps[0]!['tasks']), ['PickCube-v1']);
  assert.equal(eps[1]!['dataset_from_index'], eps[0]!['dataset_to_index']);
  assert.equal(eps[8]!['dataset_to_index'], (await rows(`SELECT count(*) AS n FROM '${data}'`))[0]!['n']);
  assert.deepEqual([eps[2]!['armkit/seed'], eps[2]!['armkit/success'], eps[3]!['armkit/seed']], [-1n, 1n, 103n]);
  assert.deepEqual(await rows(`SELECT * FROM '${join(out, 'meta/tasks.parquet')}'`), [{ task: 'PickCube-v1', task_index: 0n }]);
  const info = JSON.parse(readFileSync(join(out, 'meta/info.json'), 'utf8'));
  assert.equal(info.codebase_version, 'v3.0');
  assert.equal(info.fps, 20);
  assert.equal(info.data_path, 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet');
  assert.deepEqual(info.features['observation.state'].shape, [12]);
  assert.equal(info.features['observation.state'].names[9], 'tcp[0]');
  assert.deepEqual(info.splits, { train: `0:${EPISODES}` });
  const stats = JSON.parse(readFileSync(join(out, 'meta/stats.json'), 'utf8'));
  assert.equal(stats.action.min.length, 8);
});

test('import of the export gives back every array bitwise, with seeds, success and masks', async () => {
  const back = join(dir, 'back.hdf5');
  await importLerobot(out, back);
  assertSameDemos(h5, back);
});

test('a DuckDB-rewritten copy (lists, not fixed-size lists) imports to the same arrays', async () => {
  const copy = join(dir, 'duck');
  cpSync(out, copy, { recursive: true });
  const target = join(copy, 'data/chunk-000/file-000.parquet');
  await db.run(`COPY (SELECT * REPLACE (CAST("observation.state" AS FLOAT[]) AS "observation.state", CAST(action AS FLOAT[]) AS action) FROM '${data}') TO '${target}' (FORMAT parquet)`);
  const back = join(dir, 'duck.hdf5');
  await importLerobot(copy, back);
  assertSameDemos(h5, back);
});

test('a LeRobot directory with a missing column, a wrong dtype or another version is refused naming the problem', async () => {
  const bad = async (name: string, edit: (d: string) => Promise<void> | void, message: RegExp) => {
    const copy = join(dir, name);
    cpSync(out, copy, { recursive: true });
    await edit(copy);
    await assert.rejects(importLerobot(copy, join(dir, `${name}.hdf5`)), (e) => e instanceof RecordingError && message.test(e.message));
  };
  const rewrite = (select: string) => async (d: string) => {
    await db.run(`COPY (SELECT ${select} FROM '${data}') TO '${join(d, 'data/chunk-000/file-000.parquet')}' (FORMAT parquet)`);
  };
  await bad('no-action', rewrite('* EXCLUDE (action)'), /column "action": expected a float32 column, found none/);
  await bad('f64-time', rewrite('* REPLACE (CAST(timestamp AS DOUBLE) AS timestamp)'), /column "timestamp": expected dtype float32, found float64/);
  await bad('i32-index', rewrite('* REPLACE (CAST(frame_index AS INTEGER) AS frame_index)'), /column "frame_index": expected dtype int64, found int32/);
  await bad('short-row', rewrite('* REPLACE (CASE WHEN index = 5 THEN action[1:7] ELSE action END AS action)'), /column "action": expected rows of 8 values, found 7 at row 5/);
  await bad('v21', (d) => {
    const p = join(d, 'meta/info.json');
    writeFileSync(p, readFileSync(p, 'utf8').replace('"v3.0"', '"v2.1"'));
  }, /codebase_version: expected "v3.0", found "v2.1"/);
});

test('the CLI exports and imports, and names a refused directory in one line with a non-zero exit', async () => {
  const run = (...args: string[]) => promisify(execFile)(process.execPath, [assetPath('bin/armkit.js'), 'dataset', ...args]);
  const cliOut = join(dir, 'cli-lerobot');
  const { stdout } = await run('export', h5, '--format', 'lerobot', '--out', cliOut);
  assert.match(stdout, new RegExp(`LeRobot v3.0, ${EPISODES} episodes`));
  const back = join(dir, 'cli-back.hdf5');
  assert.match((await run('import', cliOut, '--out', back)).stdout, new RegExp(`${EPISODES} demos`));
  assertSameDemos(h5, back);
  await assert.rejects(run('import', dir, '--out', join(dir, 'none.hdf5')), (e: { code: number; stderr: string }) => e.code !== 0 && /expected a LeRobot dataset with meta\/info.json, found none\n$/.test(e.stderr) && e.stderr.split('\n').length === 2);
});

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : (v as { items: unknown[] }).items;
}

function bytes(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function assertSameDemos(a: string, b: string): void {
  using ra = new Hdf5DemoReader(a);
  using rb = new Hdf5DemoReader(b);
  assert.deepEqual(rb.demoNames, ra.demoNames);
  assert.deepEqual(rb.masks(), ra.masks());
  assert.deepEqual(rb.envArgs, ra.envArgs);
  for (const name of ra.demoNames) {
    const [x, y] = [ra.demo(name), rb.demo(name)];
    assert.deepEqual([y.seed, y.success, y.numSamples], [x.seed, x.success, x.numSamples]);
    for (const k of ['actions', 'states', 'rewards', 'interventions'] as const) assert.ok(bytes(y[k]).equals(bytes(x[k])), `${name} ${k}`);
    for (const key of ra.obsKeys(name)) {
      for (const next of [false, true]) assert.ok(bytes(rb.observation(name, key, next)!.rows).equals(bytes(ra.observation(name, key, next)!.rows)), `${name} ${key} next=${next}`);
    }
  }
}
