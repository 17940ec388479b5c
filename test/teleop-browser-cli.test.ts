import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { assetPath } from '../robot/asset-path.js';

function armkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [assetPath('bin/armkit.js'), ...args], { env: { ...process.env, ARMKIT_DEBUG: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('armkit teleop --device browser: prints the page URL, records what the page drives, quits from the page; the file replays bitwise; --port is for the browser only', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'armkit-bt-cli-')), 'bt.hdf5');
  const child = spawn(process.execPath, [assetPath('bin/armkit.js'), 'teleop', '--task', 'PickCube-v1', '--device', 'browser', '--out', file, '--seed', '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /open (http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{20,}\/) to drive/.exec(stdout);
        if (m) {
          clearInterval(timer);
          resolve(m[1]!);
        }
      }, 20);
      exited.then(() => reject(new Error(`armkit exited before serving: ${stdout}`)));
    });
    assert.equal((await fetch(url)).status, 200);
    assert.equal((await fetch(new URL('/', url))).status, 403);
    const ws = new WebSocket(`${url.replace('http', 'ws')}ws`);
    const frames: { type: string; phase?: string; step?: number; saved?: number }[] = [];
    ws.on('message', (m) => frames.push(JSON.parse(String(m))));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    let seq = 0;
    const send = (o: { held?: string[]; pressed?: string[]; button?: string }) => ws.send(JSON.stringify({ seq: seq++, at: Date.now(), held: o.held ?? [], pressed: o.pressed ?? [], pad: null, ...o }));
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(ok(), JSON.stringify(frames.at(-1)));
    };
    send({ button: 'start' });
    await until(() => frames.some((f) => f.phase === 'running' && f.step! >= 3));
    send({ held: ['r'], pressed: ['r'] });
    await until(() => frames.some((f) => f.step! >= 6));
    send({ held: [], button: 'save' });
    await until(() => frames.some((f) => f.saved === 1));
    send({ button: 'quit' });
    assert.equal(await exited, 0);
  } finally {
    child.kill();
  }
  assert.match(stdout, /saved 1 episodes to /);
  const replay = await armkit('replay', file, '--check', '--quiet');
  assert.equal(replay.code, 0, replay.stdout + replay.stderr);
  assert.match(replay.stdout, /1 demos replayed, 0 reached success, 1 reproduced their states bitwise, 0 diverged/);
  const port = await armkit('teleop', '--task', 'PickCube-v1', '--port', '8080', '--out', join(tmpdir(), 'never.hdf5'));
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--port applies only with --device browser/);
});

test('armkit eval --view waits for the page, then streams one pose frame per control step of every episode', async () => {
  const child = spawn(process.execPath, [assetPath('bin/armkit.js'), 'eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '3', '--envs', '2', '--view', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  try {
    for (let i = 0; i < 1000 && !/open http/.test(stderr); i++) await new Promise((r) => setTimeout(r, 10));
    const url = /open (http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{20,}\/) to watch/.exec(stderr)?.[1];
    assert.ok(url, stderr);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(stdout, '', 'nothing runs before the page connects');
    const ws = new WebSocket(`${url.replace('http', 'ws')}ws`);
    const steps = new Map<number, number[]>();
    let done: { summary: string } | null = null;
    ws.on('message', (m) => {
      const msg = JSON.parse(String(m));
      if (msg.type === 'frame') steps.set(msg.episode, [...(steps.get(msg.episode) ?? []), msg.t]);
      if (msg.type === 'done') done = msg;
    });
    const closed = new Promise((resolve) => ws.once('close', resolve));
    assert.equal(await exited, 0);
    // Everything the run sent is read before the socket's close.
    await closed;
    assert.match((done as { summary: string } | null)?.summary ?? '', /^3 episodes, success_once/);
    assert.deepEqual([...steps.keys()].sort(), [0, 1, 2]);
    for (const [e, ts] of steps) assert.deepEqual(ts, Array.from({ length: 50 }, (_, t) => t), `episode ${e}`);
    assert.match(stdout, /150 control steps|episodes=3/);
  } finally {
    child.kill();
  }
});
