import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { BrowserTeleop } from '../hardware/input/browser-teleop.js';
import { envArgsFor } from '../recording/env-args.js';
import { Hdf5DemoReader } from '../recording/hdf5-demo-reader.js';
import { Hdf5DemoWriter } from '../recording/hdf5-demo-writer.js';
import { replayDemo } from '../recording/replay-demo.js';
import { TeleopSession } from '../rollout/teleop-session.js';
import { makeEnv } from '../tasks/make-env.js';
import { TeleopServer, type TeleopFrameMessage, type TeleopSceneMessage } from './teleop-server.js';

const TOKEN = 'test-token-0123456789';

/** Status of a raw request: the path goes out as written (no client-side dot-segment removal). */
function statusOf(port: number, path: string, options: { host?: string; method?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.once('error', reject);
    req.end();
  });
}

/** Open a WebSocket, resolving to it or to the HTTP status that refused it. */
function openSocket(url: string, origin?: string): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    const messages: unknown[] = [];
    (ws as WebSocket & { messages: unknown[] }).messages = messages;
    ws.on('message', (m) => messages.push(JSON.parse(String(m))));
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!));
    ws.once('error', reject);
  });
}

function messagesOf(ws: WebSocket): { type: string }[] {
  return (ws as WebSocket & { messages: { type: string }[] }).messages;
}

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('the teleop server serves its page only under the token, nothing outside its own files, and the WebSocket only to the page', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'armkit-bt-')), 'bt.hdf5');
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', maxEpisodeSteps: 100 });
  await using writer = Hdf5DemoWriter.create(file, envArgsFor(env.spec, 'sim-teleop'));
  const device = new BrowserTeleop();
  const session = new TeleopSession(env, device, writer, 3);
  await using server = await TeleopServer.start(env, session, device, { token: TOKEN });
  const { port } = new URL(server.url);
  assert.equal(server.url, `http://127.0.0.1:${port}/${TOKEN}/`);
  const p = Number(port);
  for (const path of ['/', '/teleop.js', '/scene-view.js', '/three/build/three.module.js']) assert.equal(await statusOf(p, `/${TOKEN}${path}`), 200, path);
  assert.equal(await statusOf(p, `/${TOKEN}/`, { method: 'HEAD' }), 200);
  assert.equal(await statusOf(p, `/${TOKEN}`), 308, 'the bare token redirects to the page');
  const forbidden = [
    '/', '/teleop.js', '/ws', '/three/build/three.module.js', '/package.json',
    `/${TOKEN}x/`, `/x${TOKEN}/`, `/${TOKEN.slice(0, -1)}/teleop.js`, `/${TOKEN.toUpperCase()}/`,
    // Dot segments, written out and percent-encoded, resolve above the token: no token there.
    `/${TOKEN}/../package.json`, `/${TOKEN}/%2e%2e/package.json`, `/${TOKEN}/%2E%2E/package.json`, `/${TOKEN}/.%2e/package.json`,
    `/${TOKEN}/three/../../package.json`, `/${TOKEN}/three/build/%2e%2e/%2e%2e/%2e%2e/node_modules/three/package.json`, `/${TOKEN}/..\\package.json`,
  ];
  for (const path of forbidden) assert.equal(await statusOf(p, path), 403, path);
  // With the token, only the page's own files: an encoded slash is no separator, nothing else is on the list.
  const missing = [`/${TOKEN}/package.json`, `/${TOKEN}/..%2fpackage.json`, `/${TOKEN}/%2e%2e%2f%2e%2e%2fpackage.json`, `/${TOKEN}/three/package.json`, `/${TOKEN}/teleop.js%00`, `/${TOKEN}/%2fetc%2fpasswd`, `/${TOKEN}/viewer/page/teleop.js`, `/${TOKEN}/three/build/three.cjs`];
  for (const path of missing) assert.equal(await statusOf(p, path), 404, path);
  assert.equal(await statusOf(p, `/${TOKEN}/`, { host: `evil.example:${port}` }), 403, 'a foreign Host (DNS rebinding)');
  assert.equal(await statusOf(p, `/${TOKEN}/`, { host: `localhost:${port}` }), 200);
  assert.equal(await statusOf(p, `/${TOKEN}/`, { method: 'POST' }), 405);

  const ws = `ws://127.0.0.1:${port}`;
  for (const url of [`${ws}/ws`, `${ws}/nope/ws`, `${ws}/${TOKEN}x/ws`, `${ws}/${TOKEN}/`, `${ws}/${TOKEN}/%2e%2e/ws`]) assert.equal(await openSocket(url), 403, url);
  assert.equal(await openSocket(`${ws}/${TOKEN}/ws`, 'http://evil.example'), 403, 'a foreign Origin');
  const page = await openSocket(`${ws}/${TOKEN}/ws`, `http://127.0.0.1:${port}`);
  assert.ok(page instanceof WebSocket);
  page.close();
});

test('over the WebSocket: the scene once, a frame per control tick, inputs applied and recorded; a bad message drops the page and releases its keys', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'armkit-bt-')), 'bt.hdf5');
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', maxEpisodeSteps: 100 });
  const writer = Hdf5DemoWriter.create(file, envArgsFor(env.spec, 'sim-teleop'));
  const device = new BrowserTeleop({ keyGain: 0.5 });
  const session = new TeleopSession(env, device, writer, 3);
  const latencies: number[] = [];
  await using server = await TeleopServer.start(env, session, device, { token: TOKEN, onTick: (t) => latencies.push(...t.applied.map((a) => t.done - a.at)) });
  const ws = (await openSocket(`${server.url.replace('http', 'ws')}ws`)) as WebSocket;
  const got = messagesOf(ws);
  await until('the scene and a frame', () => got.length >= 2);
  const scene = got[0] as TeleopSceneMessage;
  assert.equal(scene.type, 'scene');
  assert.equal(scene.task, 'PickCube-v1');
  assert.equal(scene.controlHz, 20);
  assert.ok(scene.bodies.includes('table') && scene.bodies.includes('cube'), scene.bodies.join());
  assert.ok(scene.shapes.length >= scene.bodies.length);
  assert.deepEqual(scene.cameras.map((c) => [c.uid, c.width, c.height]), [['base_camera', 128, 128]]);
  const frames = () => got.filter((m): m is TeleopFrameMessage => m.type === 'frame');
  const last = () => frames().at(-1)!;
  assert.equal(last().poses.length, 7 * scene.bodies.length);
  let seq = 0;
  const send = (o: { held?: string[]; pressed?: string[]; button?: string; pad?: unknown }) =>
    ws.send(JSON.stringify({ seq: seq++, at: performance.timeOrigin + performance.now(), held: o.held ?? [], pressed: o.pressed ?? [], pad: o.pad ?? null, ...(o.button ? { button: o.button } : {}) }));
  send({ button: 'start' });
  await until('recording', () => last().phase === 'running');
  const wAt = seq;
  send({ held: ['w'], pressed: ['w'] });
  await until('w applied', () => frames().some((f) => f.applied >= wAt));
  const from = frames().find((f) => f.applied >= wAt)!.step;
  await until('5 steps with w held', () => last().step >= from + 5);
  send({ held: [] });
  const stopAt = seq - 1;
  await until('the release applied', () => frames().some((f) => f.applied >= stopAt));
  send({ pressed: ['v'] });
  await until('saved', () => last().saved === 1);
  // A tick is one period: 20 Hz, so a frame about every 50 ms (a loaded machine only stretches it).
  const running = frames().filter((f) => f.step > 0);
  assert.ok(running.length >= 5);
  // Held keys, then junk: the page is dropped and what it held is let go.
  send({ button: 'start' });
  await until('recording again', () => last().phase === 'running' && last().episode === 2);
  send({ held: ['r'], pressed: ['r'] });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.send(JSON.stringify({ seq: seq++, at: 0, held: 'w', pressed: [], pad: null }));
  assert.equal(await closed, 1008);
  const note = got.find((m) => m.type === 'note') as { text: string } | undefined;
  assert.match(note?.text ?? '', /teleop page message: \.held: expected an array, got "w"/);
  const after = new Float32Array(7);
  device.nextAction(after);
  assert.deepEqual([...after.subarray(0, 6)], [0, 0, 0, 0, 0, 0], 'nothing held once the page is gone');
  device.command('quit');
  await server.done;
  await writer.close();
  assert.ok(latencies.length >= 3 && latencies.every((l) => l >= 0 && l < 1000), `latencies ${latencies.map((l) => l.toFixed(1))}`);

  using reader = new Hdf5DemoReader(file);
  assert.deepEqual(reader.demoNames, ['demo_0']);
  const demo = reader.demo(0);
  assert.equal(demo.seed, 3);
  const xs = Array.from({ length: demo.numSamples }, (_, t) => demo.actions[7 * t]!);
  assert.ok(xs.filter((x) => x === 0.5).length >= 4, `w held at keyGain 0.5 for several steps: ${xs.join(' ')}`);
  assert.equal(xs.at(-1), 0, 'released before the save');
  assert.equal(replayDemo(env, demo).divergence, null, 'replays bitwise');
});

test('a page that stops answering pings (a hung browser, a lost link) is dropped and what it held is let go', { timeout: 10_000 }, async () => {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', maxEpisodeSteps: 100 });
  const device = new BrowserTeleop();
  const session = new TeleopSession(env, device, { beginEpisode() {}, addStep() {}, endEpisode: async () => 0, discardEpisode() {}, close: async () => {}, [Symbol.asyncDispose]: async () => {} }, 0);
  await using server = await TeleopServer.start(env, session, device, { token: TOKEN, pingMs: 40 });
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}ws`, { autoPong: false });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ seq: 0, at: 0, held: ['w'], pressed: ['w'], pad: null }));
  await until('w held', () => (device.nextAction()[0] ?? 0) > 0);
  const closed = new Promise((resolve) => ws.once('close', resolve));
  await closed;
  // The server's close event follows the client's by a turn or two.
  await until('released once the silent page was dropped', () => device.nextAction()[0] === 0, 1000);
  device.command('quit');
  await server.done;
});
