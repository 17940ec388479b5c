import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { assetPath } from '../../robot/asset-path.js';
import type { LiveFrameMessage, LiveSceneMessage } from '../../viewer/live-view-server.js';

/** Run armkit with `args` (which ask for --view), watch it over a plain WebSocket from the URL it prints, and collect what it sends. */
async function watch(args: string[]): Promise<{ code: number | null; out: string; scene: LiveSceneMessage; frames: LiveFrameMessage[]; done: { summary: string; missed: number } }> {
  const child = spawn(process.execPath, [assetPath('bin/armkit.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const deadline = performance.now() + 15_000;
    while (!/open (http:\/\/\S+) to watch/.test(err)) {
      if (performance.now() > deadline || child.exitCode !== null) throw new Error(`no URL from armkit ${args[0]}:\n${err}${out}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const url = /open (http:\/\/\S+) to watch/.exec(err)![1]!;
    const ws = new WebSocket(`${url.replace('http', 'ws')}ws`);
    const frames: LiveFrameMessage[] = [];
    let scene: LiveSceneMessage | null = null;
    const done = new Promise<{ summary: string; missed: number }>((resolve) =>
      ws.on('message', (m) => {
        const msg = JSON.parse(String(m));
        if (msg.type === 'scene') scene = msg;
        if (msg.type === 'frame') frames.push(msg);
        if (msg.type === 'done') resolve(msg);
      }),
    );
    const code = await exited;
    const last = await Promise.race([done, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no done message:\n${err}`)), 2000))]);
    ws.close();
    return { code, out, scene: scene!, frames, done: last };
  } finally {
    child.kill();
  }
}

/** One frame per step, each episode's counted from 0, as many as the run's steps. */
function checkSteps(frames: LiveFrameMessage[], episodes: number, steps: number): void {
  assert.equal(frames.length, steps, 'one frame per step');
  for (let e = 0; e < episodes; e++) {
    const ts = frames.filter((f) => f.episode === e).map((f) => f.t);
    assert.ok(ts.length > 0, `episode ${e} shown`);
    assert.deepEqual(ts, Array.from({ length: ts.length }, (_, t) => t), `episode ${e}: in order`);
  }
}

test('collect --view streams one frame of the scene per recorded step', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-collect-view-'));
  const r = await watch(['collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '2', '--seed', '3', '--out', join(dir, 'demos.hdf5'), '--view', '--quiet']);
  assert.equal(r.code, 0, r.out);
  const m = /wrote 2 demos \((\d+) steps, (\d+) successful\)/.exec(r.out);
  assert.ok(m, r.out);
  assert.equal(r.scene.source, 'sim');
  assert.equal(r.scene.task, 'PickCube-v1');
  checkSteps(r.frames, 2, Number(m[1]));
  assert.deepEqual(r.done, { type: 'done', summary: `2 demos, ${m[2]} successful`, missed: 0 });
  assert.notDeepEqual(r.frames[0]!.poses, r.frames.at(-1)!.poses, 'the bodies move');
});

test('deploy --robot sim:TASK --view shows the sim scene, one frame per step', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-deploy-sim-view-'));
  const report = join(dir, 'report.json');
  const r = await watch(['deploy', '--robot', 'sim:PickCube-v1', '--policy', 'scripted', '--episodes', '2', '--max-steps', '15', '--no-keys', '--json', report, '--view']);
  assert.equal(r.code, 0, r.out);
  assert.equal(r.scene.source, 'sim');
  assert.ok(r.scene.bodies.includes('cube') || r.scene.bodies.length > 10, 'the sim scene, objects included');
  // An episode ends at success (deploy's endOn 'done'): the report says how many steps ran.
  const steps = (JSON.parse(readFileSync(report, 'utf8')) as { episodes: { steps: number }[] }).episodes.reduce((n, e) => n + e.steps, 0);
  assert.ok(steps > 2 && steps <= 30);
  checkSteps(r.frames, 2, steps);
  assert.equal(r.done.missed, 0);
});
