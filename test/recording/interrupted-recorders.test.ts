import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killCollect } from '../../bench/kill-collect.js';
import { assetPath } from '../../robot/asset-path.js';

const dir = mkdtempSync(join(tmpdir(), 'armkit-interrupted-'));

// What h5py finds in a file: demo seeds and whether the masks are there.
function h5py(file: string): { seeds: number[]; masks: boolean } {
  const script = 'import h5py, json, sys\nf = h5py.File(sys.argv[1], "r")\nd = f["data"]\nprint(json.dumps({"seeds": sorted(int(d[k].attrs["seed"]) for k in d), "masks": "mask/train" in f and "mask/valid" in f}))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' })) as { seeds: number[]; masks: boolean };
}

function armkit(args: string[]) {
  const child = spawn(process.execPath, [assetPath('bin/armkit.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ARMKIT_DEBUG: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, exit, stderr: () => stderr };
}

test('collect killed with -9, SIGINT and SIGTERM loses no finished episode; the signals close the file with masks, print the summary and exit 130/143', async () => {
  const [kill, int, term] = await Promise.all([
    // 200 episodes: on a quiet machine the default 20 can all finish within the 150 ms.
    killCollect(join(dir, 'kill.hdf5'), 'SIGKILL', 150, 0, 200),
    killCollect(join(dir, 'int.hdf5'), 'SIGINT', 150, 0, 200),
    killCollect(join(dir, 'term.hdf5'), 'SIGTERM', 150, 0, 200),
  ]);
  for (const r of [kill, int, term]) {
    assert.ok(r.killed, `${r.kind} landed after the run ended`);
    assert.ok(r.finished >= 1 && r.found >= r.finished, `${r.kind}: ${r.finished} finished, ${r.found} in the file`);
  }
  assert.equal(kill.code, null);
  assert.equal(kill.masks, false);
  for (const [r, code] of [[int, 130], [term, 143]] as const) {
    assert.equal(r.code, code);
    assert.ok(r.masks, `${r.kind}: masks`);
    assert.equal(r.summary, `stopped by ${r.kind} (the episode in progress discarded): wrote ${r.found} demos (${r.summary.match(/\((\d+) steps/)?.[1]} steps, ${r.found} successful) to ${join(dir, `${r.kind === 'SIGINT' ? 'int' : 'term'}.hdf5`)}`);
  }
});

test('two collect --overwrite on one file: the second is refused and the file holds only the first\'s episodes', async () => {
  const file = join(dir, 'shared.hdf5');
  const first = armkit(['collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '10000', '--seed', '0', '--out', file, '--overwrite', '--quiet']);
  while (!existsSync(`${file}.lock`) && first.child.exitCode === null) await sleep(50);
  const second = await armkit(['collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '3', '--seed', '5000', '--out', file, '--overwrite', '--quiet']).exit;
  assert.equal(second.code, 1);
  assert.match(second.stderr, /^armkit: RecordingError: .*shared\.hdf5 is being written by another writer \(pid \d+ holds .*shared\.hdf5\.lock\); wait for it to finish or write another file\n$/);
  first.child.kill('SIGINT');
  const r = await first.exit;
  assert.equal(r.code, 130);
  const wrote = Number(/wrote (\d+) demos/.exec(r.stdout)?.[1]);
  const { seeds, masks } = h5py(file);
  assert.ok(masks);
  assert.deepEqual(seeds, Array.from({ length: wrote }, (_, i) => i), 'only the first run\'s seeds 0, 1, ...');
});

test('deploy stopped by SIGINT closes its recording with masks, writes its --json report and exits 130', async () => {
  const record = join(dir, 'deploy.hdf5');
  const json = join(dir, 'deploy.json');
  const run = armkit(['deploy', '--robot', 'sim:PickCube-v1', '--policy', 'scripted', '--episodes', '10', '--record', record, '--json', json]);
  while (!/ 1\/10 /.test(run.stderr()) && run.child.exitCode === null) await sleep(20);
  run.child.kill('SIGINT');
  const r = await run.exit;
  assert.equal(r.code, 130, r.stderr);
  const report = JSON.parse(readFileSync(json, 'utf8')) as { episodes: unknown[]; stoppedBy: string; errors: string[] };
  assert.equal(report.stoppedBy, 'SIGINT');
  assert.deepEqual(report.errors, []);
  const { seeds, masks } = h5py(record);
  assert.ok(masks);
  assert.equal(seeds.length, report.episodes.length);
  assert.ok(seeds.length >= 1 && seeds.length < 10, `${seeds.length} episodes`);
  assert.match(r.stdout, new RegExp(`stopped by SIGINT: the episode in progress discarded, ${seeds.length} kept\\n$`));
});
