import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath } from '../robot/asset-path.js';

function armkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [assetPath('bin/armkit.js'), ...args], { env: { ...process.env, ARMKIT_DEBUG: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const BC = assetPath('test/fixtures/models/bc-mlp.onnx');

test('armkit serve refuses a non-loopback bind without --curve-key; armkit keys writes a pair once', async () => {
  const refused = await armkit('serve', '--policy', BC, '--bind', 'tcp://0.0.0.0:5555');
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^armkit: serve: --bind tcp:\/\/0\.0\.0\.0:5555 is not loopback: it needs --curve-key/);
  const dir = join(mkdtempSync(join(tmpdir(), 'armkit-keys-')), 'new');
  const made = await armkit('keys', '--out', dir);
  assert.equal(made.code, 0, made.stderr);
  assert.ok(existsSync(join(dir, 'armkit-server.pub')));
  assert.equal(statSync(join(dir, 'armkit-server.key')).mode & 0o777, 0o600);
  const again = await armkit('keys', '--out', dir);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);
});

test('eval against a dead zmq:// server fails within its timeout with one line naming the server', async () => {
  const t0 = performance.now();
  const r = await armkit('eval', '--task', 'PickCube-v1', '--policy', 'zmq://127.0.0.1:5598?timeout=300', '--episodes', '1');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^armkit: RemotePolicyError: policy server tcp:\/\/127\.0\.0\.1:5598: no reply to 'open' within 300 ms/);
  assert.ok(performance.now() - t0 < 20_000);
  const bad = await armkit('eval', '--task', 'PickCube-v1', '--policy', 'zmq://127.0.0.1:5598?wait=3', '--episodes', '1');
  assert.match(bad.stderr, /expected the parameters timeout, key, async and aggregate, got "wait"/);
});

test('armkit serve + eval --policy zmq:// give the in-process episode returns', async () => {
  const server = spawn(process.execPath, [assetPath('bin/armkit.js'), 'serve', '--policy', BC, '--bind', 'tcp://127.0.0.1:5597'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout.once('data', () => resolve());
      server.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const args = ['--task', 'PickCube-v1', '--control-mode', 'pd_ee_delta_pose', '--episodes', '2', '--envs', '2', '--quiet'];
    const remote = await armkit('eval', '--policy', 'zmq://127.0.0.1:5597', ...args);
    const local = await armkit('eval', '--policy', BC, ...args);
    assert.equal(remote.code, 0, remote.stderr);
    const table = (s: string) => s.split('\n').filter((l) => /^(success|return|length)/.test(l));
    assert.deepEqual(table(remote.stdout), table(local.stdout));
    assert.ok(table(local.stdout).length >= 3);
  } finally {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await gone;
  }
});
