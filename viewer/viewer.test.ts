import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envArgsFor } from '../recording/env-args.js';
import { Hdf5DemoReader } from '../recording/hdf5-demo-reader.js';
import { Hdf5DemoWriter } from '../recording/hdf5-demo-writer.js';
import { recordEpisodes } from '../test/recording/record-episodes.js';
import { InvalidArgumentError } from '../errors.js';
import { RecordingError } from '../recording/recording-error.js';
import { makeEnv } from '../tasks/make-env.js';
import { PickCubeExpert } from '../policies/scripted/pick-cube-expert.js';
import { episodeView } from './episode-view.js';
import { replayDemo } from '../recording/replay-demo.js';
import { screenshotViewer } from './screenshot.js';
import { serveViewer } from './viewer-server.js';
import { PoseRegionDetector } from '../hardware/detectors/pose-region-detector.js';
import { runRobot } from '../test/hardware/run-robot.js';
import { startTwin, twinDriver } from '../test/hardware/twin-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'armkit-view-'));
const file = join(dir, 'demo.hdf5');

async function recordOne(): Promise<void> {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
  const writer = Hdf5DemoWriter.create(file, envArgsFor(env.spec), { overwrite: true });
  await recordEpisodes(env, new PickCubeExpert(env.observationSpace), writer, { episodes: 1, seed: 5 });
  await writer.close();
}

// flatState(): arm q (7), qvel (7), finger positions (2) and velocities (2), arm targets (7),
// gripper target (1), then each object's position.
const OBJECT_AT = 26;

test('the episode view re-simulates a demo: one frame per state, the cube where the recorded states put it', async () => {
  await recordOne();
  const view = episodeView(file, 0);
  using reader = new Hdf5DemoReader(file);
  const demo = reader.demo(0);
  assert.equal(view.frames.length, demo.numSamples + 1);
  assert.equal(view.success.at(-1), true, 'the expert demo ends in success');
  const roles = view.shapes.map((s) => s.role);
  assert.deepEqual([roles.filter((r) => r === 'table').length, roles.filter((r) => r === 'object').length], [1, 1]);
  assert.ok(roles.filter((r) => r === 'robot').length >= 10, 'links and fingers');
  const cube = view.shapes.findIndex((s) => s.role === 'object');
  // Rapier keeps shapes in float32.
  assert.deepEqual(view.shapes[cube], { kind: 'box', role: 'object', half: [Math.fround(0.02), Math.fround(0.02), Math.fround(0.02)] });
  for (let t = 0; t < demo.numSamples; t++) {
    const state = demo.states.subarray(t * demo.stateDim);
    assert.deepEqual(view.frames[t]!.slice(7 * cube, 7 * cube + 3), [...state.subarray(OBJECT_AT, OBJECT_AT + 3)], `step ${t}`);
  }
  assert.throws(() => episodeView(file, 3), (e: unknown) => e instanceof RecordingError && /no demo_3; the file holds 1 demos/.test(e.message));
});

test('the viewer page renders the episode in Chromium (WebGL2 on SwiftShader), from the URL with its token, and serves nothing else', async () => {
  const view = episodeView(file, 0);
  await using server = await serveViewer(view, { token: 'page-token' });
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=page-token$/);
  const png = join(dir, 'last.png');
  const state = await screenshotViewer(server.url, png, 'last', 480, 320);
  assert.equal(state.frameCount, view.frames.length);
  assert.equal(state.frame, view.frames.length - 1);
  assert.equal(state.shapes, view.shapes.length);
  assert.ok(state.drawn > 0.2, `the table and the arm cover the view (${(100 * state.drawn).toFixed(1)}% drawn)`);
  assert.deepEqual([...readFileSync(png).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  const episode = await (await fetch(new URL('episode.json?token=page-token', server.url))).json() as { frames: unknown[] };
  assert.equal(episode.frames.length, view.frames.length);
  for (const path of ['package.json', 'node_modules/three/package.json', '%2e%2e/package.json']) {
    assert.equal((await fetch(new URL(path, server.url))).status, 404, path);
  }
});

test('a real arm\'s recording (over ROS from the twin, no simulator states) is shown as recorded: measured joints, perceived cube', async () => {
  await using twin = await startTwin(20);
  await using driver = twinDriver(twin.url, 20);
  await driver.connect();
  const real = join(dir, 'real.hdf5');
  using specEnv = makeEnv('PickCube-v1', { controlMode: driver.actionFeatures.controlMode });
  const writer = Hdf5DemoWriter.create(real, envArgsFor(specEnv.spec, driver.name));
  const detector = new PoseRegionDetector({ kind: 'pose', point: 'tcp', box: { low: { x: 9, y: 9, z: 9 }, high: { x: 10, y: 10, z: 10 } } });
  await runRobot(driver, { episodes: 1, maxSteps: 8, realTime: true, detector, reset: { reset: async (d, ctx) => d.resetScene?.(ctx.seed) }, sink: writer });
  await writer.close();
  using reader = new Hdf5DemoReader(real);
  assert.equal(reader.demo(0).stateDim, 0, 'a ROS arm records no simulator states');
  const view = episodeView(real, 0);
  const cube = view.shapes.findIndex((s) => s.role === 'object');
  const obj = reader.observation('demo_0', 'obj_pose')!;
  assert.equal(view.frames.length, 9);
  for (let t = 0; t < 8; t++) assert.deepEqual(view.frames[t]!.slice(7 * cube, 7 * cube + 3), [...obj.rows.subarray(7 * t, 7 * t + 3)].map((x) => Math.fround(x)), `step ${t}`);
  const moved = view.frames[0]!.some((x, i) => view.shapes[Math.floor(i / 7)]!.role === 'robot' && Math.abs(x - view.frames[8]![i]!) > 1e-4);
  assert.ok(moved, 'the arm follows its measured joints');
  assert.equal(view.rewards.length, 8);
  using env = makeEnv('PickCube-v1');
  assert.throws(() => replayDemo(env, reader.demo(0)), /demo_0 has no simulator states to replay against \(a real arm's recording\); armkit view shows it/);
});

/** The status of GET `path` with this Host header (fetch cannot set Host). */
function statusOf(url: string, path: string, host?: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = get({ hostname, port, path, headers: host === undefined ? {} : { host } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.once('error', reject);
  });
}

test('the viewer refuses a foreign Host header (DNS rebinding) and, off loopback, a request without its token', async () => {
  const view = episodeView(file, 0);
  await using local = await serveViewer(view);
  const port = new URL(local.url).port;
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) assert.equal(await statusOf(local.url, '/episode.json', host), 200, host);
  for (const host of [`evil.example:${port}`, 'localhost', `localhost:${Number(port) + 1}`]) assert.equal(await statusOf(local.url, '/episode.json', host), 403, host);
  await assert.rejects(serveViewer(view, { host: '0.0.0.0' }), (e: unknown) => e instanceof InvalidArgumentError && /binding 0\.0\.0\.0 \(not loopback\) needs an access token/.test(e.message));
  await using shared = await serveViewer(view, { host: '0.0.0.0', token: 'lan-token' });
  const at = new URL(shared.url);
  assert.equal(at.searchParams.get('token'), 'lan-token', 'the URL carries the token');
  for (const path of ['/', '/episode.json', '/episode.json?token=wrong', '/?token=lan-tokenx']) assert.equal(await statusOf(shared.url, path), 401, path);
  assert.equal(await statusOf(shared.url, '/episode.json?token=lan-token'), 200);
  assert.equal(await statusOf(shared.url, '/episode.json?token=lan-token', `evil.example:${at.port}`), 403, 'the token does not excuse a foreign Host');
});
