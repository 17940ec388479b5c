import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath } from '../robot/asset-path.js';
import { modelPath } from '../test/policies/fixtures.js';
import { parseShard, shardSeeds } from './shard.js';

function armkit(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [assetPath('bin/armkit.js'), ...args], { env: { ...process.env, ARMKIT_DEBUG: '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { results: { seed: number }[]; metrics: unknown };

test('shards cover the run: contiguous, disjoint, sizes within one episode', () => {
  for (const [episodes, count] of [[10, 3], [100, 4], [7, 7], [5, 1]] as const) {
    const seeds: number[] = [];
    for (let index = 0; index < count; index++) {
      const s = shardSeeds(20, episodes, { index, count });
      assert.ok(s.episodes >= Math.floor(episodes / count) && s.episodes <= Math.ceil(episodes / count));
      for (let k = 0; k < s.episodes; k++) seeds.push(s.seed + k);
    }
    assert.deepEqual(seeds, Array.from({ length: episodes }, (_, k) => 20 + k));
  }
});

test('--shard reads I/N, or the index a Kubernetes Indexed Job or a SLURM array gives', () => {
  assert.deepEqual(parseShard('2/4', {}), { index: 2, count: 4 });
  assert.deepEqual(parseShard('env/4', { JOB_COMPLETION_INDEX: '3' }), { index: 3, count: 4 });
  assert.deepEqual(parseShard('env/4', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '4' }), { index: 1, count: 4 });
  assert.throws(() => parseShard('4/4', {}), /expected 0 <= I < 4, got I = 4/);
  assert.throws(() => parseShard('1-4', {}), /expected I\/N .* got '1-4'/);
  assert.throws(() => parseShard('env/2', {}), /JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID/);
  assert.throws(() => parseShard('env/2', { JOB_COMPLETION_INDEX: 'x' }), /whole number, got 'x'/);
  // auto: the index as env/N, the count from --shard-count, else ARMKIT_SHARD_COUNT or SLURM's array size.
  assert.deepEqual(parseShard('auto', { JOB_COMPLETION_INDEX: '1' }, 3), { index: 1, count: 3 });
  assert.deepEqual(parseShard('auto', { JOB_COMPLETION_INDEX: '2', ARMKIT_SHARD_COUNT: '4' }), { index: 2, count: 4 });
  assert.deepEqual(parseShard('auto', { SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_COUNT: '3' }), { index: 2, count: 3 });
  assert.throws(() => parseShard('auto', { JOB_COMPLETION_INDEX: '0' }), /--shard-count N or ARMKIT_SHARD_COUNT or SLURM_ARRAY_TASK_COUNT/);
  assert.throws(() => parseShard('auto', { JOB_COMPLETION_INDEX: '4' }, 4), /expected 0 <= I < 4, got I = 4/);
  assert.throws(() => parseShard('auto', { JOB_COMPLETION_INDEX: '0', ARMKIT_SHARD_COUNT: 'four' }), /ARMKIT_SHARD_COUNT should be a shard count >= 1, got 'four'/);
  assert.throws(() => parseShard('1/4', {}, 4), /--shard-count: applies only with --shard auto/);
});

test('four shards of a sampling policy merge into exactly the one run: every episode and the metrics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-shards-'));
  const run = ['eval', '--task', 'PickCube-v1', '--policy', modelPath('bc-gaussian'), '--gaussian', 'sample', '--episodes', '9', '--seed', '3', '--quiet'];
  const whole = await armkit({}, ...run, '--envs', '4', '--json', join(dir, 'whole.json'));
  assert.equal(whole.code, 0, whole.stderr);
  // Different env counts per shard, and two shards' index (and one's count) from the job engine's variables.
  for (let i = 0; i < 4; i++) {
    const out = ['--json', join(dir, `s${i}.json`)];
    const r = i === 3
      ? await armkit({ JOB_COMPLETION_INDEX: '3' }, ...run, '--envs', '1', '--shard', 'env/4', ...out)
      : i === 2
        ? await armkit({ SLURM_ARRAY_TASK_ID: '12', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_COUNT: '4' }, ...run, '--envs', '3', '--shard', 'auto', ...out)
        : await armkit({}, ...run, '--envs', String(i + 1), '--shard', `${i}/4`, ...out);
    assert.equal(r.code, 0, r.stderr);
  }
  const shards = [0, 1, 2, 3].map((i) => join(dir, `s${i}.json`));
  assert.deepEqual(shards.flatMap((p) => read(p).results.map((e) => e.seed)), [3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const merged = await armkit({}, 'eval', 'merge', shards[2]!, shards[0]!, shards[3]!, shards[1]!, '--out', join(dir, 'merged.json'));
  assert.equal(merged.code, 0, merged.stderr);
  assert.match(merged.stdout, /merged 4 shards\nPickCube-v1 .* episodes=9  seeds=3\.\.11/);
  const a = read(join(dir, 'whole.json'));
  const b = read(join(dir, 'merged.json'));
  assert.deepEqual(b.results, a.results);
  assert.deepEqual(b.metrics, a.metrics);

  // Refused, one line each: a shard missing, a shard twice, a whole run's report, shards of two runs.
  const refuse = async (pattern: RegExp, ...files: string[]) => {
    const r = await armkit({}, 'eval', 'merge', ...files);
    assert.equal(r.code, 2);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  };
  await refuse(/shard 1 of 4 missing/, shards[0]!, shards[2]!, shards[3]!);
  await refuse(/shard 2\/4 is also .*s2\.json/, shards[0]!, shards[1]!, shards[2]!, shards[2]!);
  await refuse(/without a shard field/, join(dir, 'whole.json'));
  const other = { ...JSON.parse(readFileSync(shards[1]!, 'utf8')), seed: 4 };
  writeFileSync(join(dir, 'other.json'), JSON.stringify(other));
  await refuse(/seed is 4, .* has 3: not shards of one run/, shards[0]!, join(dir, 'other.json'));
  const twice = { ...JSON.parse(readFileSync(shards[1]!, 'utf8')), results: [...read(shards[1]!).results, read(shards[0]!).results[0]] };
  writeFileSync(join(dir, 'twice.json'), JSON.stringify(twice));
  await refuse(/seed 3 is also in/, shards[0]!, join(dir, 'twice.json'), shards[2]!, shards[3]!);
});

test('more shards than episodes is refused before any episode runs', async () => {
  const r = await armkit({}, 'eval', '--task', 'PushCube-v1', '--policy', 'scripted', '--episodes', '2', '--shard', '0/3');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /leave this shard none; use at most 2 shards/);
  assert.equal(r.stdout, '');
});

test('the SLURM example runs its array task as its shard, and the shards merge', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-slurm-'));
  for (const id of ['4', '5']) {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const env = { ...process.env, TASK: 'PushCube-v1', EPISODES: '3', SLURM_ARRAY_TASK_ID: id, SLURM_ARRAY_TASK_MIN: '4', SLURM_ARRAY_TASK_COUNT: '2', SLURM_CPUS_PER_TASK: '1', OUT: dir, ARMKIT: `${process.execPath} ${assetPath('bin/armkit.js')}` };
      execFile('bash', [assetPath('cluster/eval-array.sbatch')], { env }, (error, _stdout, stderr) => resolve({ code: error ? 1 : 0, stderr }));
    });
    assert.equal(r.code, 0, r.stderr);
  }
  const merged = await armkit({}, 'eval', 'merge', join(dir, 'shard-4.json'), join(dir, 'shard-5.json'), '--json', join(dir, 'eval.json'));
  assert.equal(merged.code, 0, merged.stderr);
  assert.deepEqual(read(join(dir, 'eval.json')).results.map((e) => e.seed), [0, 1, 2]);
});

test('the shared-server example: 4 shards over one armkit serve merge into exactly the in-process run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-shared-'));
  const model = modelPath('bc-mlp');
  const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
    const env = { ...process.env, MODEL: model, EPISODES: '4', SEED: '2', SHARDS: '4', ENVS: '1', PORT: String(6100 + (process.pid % 500)), OUT: dir, ARMKIT: `${process.execPath} ${assetPath('bin/armkit.js')}` };
    execFile('bash', [assetPath('cluster/eval-shared-server.sh')], { env }, (error, _stdout, stderr) => resolve({ code: error ? 1 : 0, stderr }));
  });
  assert.equal(r.code, 0, r.stderr);
  const whole = await armkit({}, 'eval', '--task', 'PickCube-v1', '--policy', model, '--episodes', '4', '--seed', '2', '--envs', '4', '--quiet', '--json', join(dir, 'whole.json'));
  assert.equal(whole.code, 0, whole.stderr);
  const a = read(join(dir, 'whole.json'));
  const b = read(join(dir, 'eval.json'));
  assert.deepEqual(b.results, a.results);
  assert.deepEqual(b.metrics, a.metrics);
});
