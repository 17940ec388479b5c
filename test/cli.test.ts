import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath } from '../robot/asset-path.js';

function armkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [assetPath('bin/armkit.js'), ...args], (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

test('armkit tasks lists the registered ids', async () => {
  const r = await armkit('tasks');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /PickCube-v1/);
});

test('an unknown task or policy exits non-zero listing the known ones', async () => {
  const task = await armkit('eval', '--task', 'PickSphere-v9');
  assert.equal(task.code, 2);
  assert.match(task.stderr, /unknown task "PickSphere-v9"; known: PickCube-v1/);
  const policy = await armkit('eval', '--policy', 'oracle');
  assert.equal(policy.code, 2);
  assert.match(policy.stderr, /unknown policy "oracle"; known: .*scripted/);
});

test('bad arguments are named with what was expected', async () => {
  const r = await armkit('eval', '--episodes=-3');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--episodes: expected an integer in \[1, inf\], got "-3"/);
  const mode = await armkit('eval', '--control-mode', 'pd_ee_delta_pos');
  assert.equal(mode.code, 2);
  assert.match(mode.stderr, /acts in pd_ee_delta_pose/);
  const unknown = await armkit('frobnicate');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"; known: .*eval.*tasks/);
});

test('armkit eval runs episodes on workers, prints the summary and writes JSON', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'armkit-')), 'eval.json');
  const r = await armkit('eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '6', '--seed', '40', '--envs', '3', '--workers', '2', '--json', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /success_once\s+\d+\.\d%/);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(report.results.length, 6);
  assert.deepEqual(report.results.map((e: { seed: number }) => e.seed), [40, 41, 42, 43, 44, 45]);
  assert.ok(report.metrics.successOnce.mean >= 5 / 6);
  assert.ok(report.metrics.successOnce.low <= report.metrics.successOnce.mean);
});

test('armkit tasks lists the Meta-World tasks on their own robot and action', async () => {
  const r = await armkit('tasks');
  assert.match(r.stdout, /reach-v3\s+panda_metaworld\s+pd_ee_delta_pos\s+scripted/);
  assert.match(r.stdout, /push-v3\s+panda_metaworld\s+pd_ee_delta_pos\s+scripted/);
});

test('armkit view names what is wrong with its arguments', async () => {
  const none = await armkit('view');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /expected one FILE, got 0/);
  const missing = await armkit('view', join(tmpdir(), 'no-such-demos.hdf5'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no-such-demos\.hdf5: no such file/);
  const frame = await armkit('view', 'x.hdf5', '--frame', '3');
  assert.equal(frame.code, 2);
  assert.match(frame.stderr, /--frame goes with --screenshot/);
});
