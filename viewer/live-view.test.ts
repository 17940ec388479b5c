import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { PickCubeExpert } from '../policies/scripted/pick-cube-expert.js';
import { runEvaluation } from '../rollout/evaluate.js';
import { makeEnv } from '../tasks/make-env.js';
import { SyncVectorEnv } from '../tasks/vector/sync-vector-env.js';
import { openPage } from './teleop-page-driver.js';
import { LiveViewServer, type LiveFrameMessage } from './live-view-server.js';

test('the live view gets one pose frame per control step of every episode, in Chromium and over a plain WebSocket, and only under its token', async () => {
  using vec = new SyncVectorEnv([makeEnv('PickCube-v1'), makeEnv('PickCube-v1')]);
  // Three episodes on two envs: the second batch's other env only pads, and is not shown.
  await using live = await LiveViewServer.start(vec, 50, { episodes: 3 });
  assert.equal((await fetch(new URL('/', live.url))).status, 403);
  assert.equal((await fetch(new URL('live.js', live.url))).status, 200);
  const ws = new WebSocket(`${live.url.replace('http', 'ws')}ws`);
  const frames: LiveFrameMessage[] = [];
  let done: { summary: string; missed: number } | null = null;
  ws.on('message', (m) => {
    const msg = JSON.parse(String(m));
    if (msg.type === 'frame') frames.push(msg);
    if (msg.type === 'done') done = msg;
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  await live.waitForPage();
  const ui = await openPage(live.url, 'window.armkitLive?.ready === true', 480, 320);
  await using _browser = { [Symbol.asyncDispose]: () => ui.browser.close() };
  const result = await runEvaluation(vec, new PickCubeExpert(vec.observationSpace), { episodes: 3, seed: 40, onStep: (e) => live.onStep(e) });
  await live.finish('3 episodes');
  for (let i = 0; i < 200 && !done; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(done, { type: 'done', summary: '3 episodes', missed: 0 });
  assert.equal(result.episodes.length, 3);
  for (const e of result.episodes) {
    const mine = frames.filter((f) => f.episode === e.episode);
    assert.deepEqual(mine.map((f) => f.t), Array.from({ length: 50 }, (_, t) => t), `episode ${e.episode}: one frame per step, in order`);
    assert.equal(mine.at(-1)!.success, e.successAtEnd);
    assert.ok(new Set(mine.map((f) => f.env)).size === 1);
  }
  assert.equal(frames.length, 150, 'nothing for the padding episode');
  const cube = frames[0]!.poses.length / 7;
  assert.ok(cube > 10, 'every body posed');
  // The poses are the step's, not a copy of the reset: the expert moves the arm.
  const own = frames.filter((f) => f.episode === 0);
  assert.notDeepEqual(own[0]!.poses, own.at(-1)!.poses);
  const page = (await ui.page.evaluate('({ frames: window.armkitLive.frames, counts: { ...window.armkitLive.counts }, done: window.armkitLive.done, meshes: window.armkitLive.meshes })')) as { frames: number; counts: Record<string, number>; done: unknown; meshes: number };
  assert.deepEqual(page.counts, { 0: 50, 1: 50, 2: 50 });
  assert.ok(page.meshes > 10);
  ws.close();
});
