import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSER_TELEOP_DEFAULTS, BrowserTeleop } from '../hardware/input/browser-teleop.js';
import { vec3 } from '../math/vec3.js';
import { pointDownError, writeEeDeltaAction } from '../policies/scripted/ee-delta-action.js';
import { envArgsFor } from '../recording/env-args.js';
import { Hdf5DemoReader } from '../recording/hdf5-demo-reader.js';
import { Hdf5DemoWriter } from '../recording/hdf5-demo-writer.js';
import { replayDemo } from '../recording/replay-demo.js';
import { TeleopSession } from '../rollout/teleop-session.js';
import { yawOf } from '../tasks/maniskill/table-top.js';
import { makeEnv } from '../tasks/make-env.js';
import { openTeleopPage, type TeleopPage } from './teleop-page-driver.js';
import { TeleopServer, type TeleopFrameMessage } from './teleop-server.js';

const { padGain, deadzone } = BROWSER_TELEOP_DEFAULTS;
// The operator closes 30% of the remaining error a step: its input lands one step after the
// frame it saw, and that delay with a larger gain would overshoot.
const GAIN = 0.3;

/** The stick deflection that GamepadTeleop (deadzone) and padGain turn into action `a`. */
function stick(a: number): number {
  const v = Math.min(1, Math.abs(a) / padGain);
  return v === 0 ? 0 : Math.sign(a) * (deadzone + (1 - deadzone) * v);
}

/**
 * A person at the page, as a script: watches the frames and steers with the stub gamepad's
 * sticks (left: x, y; right: z, yaw) toward a TCP goal, the PickCube expert's targets, at GAIN.
 */
async function steer(ui: TeleopPage, goalOf: (f: TeleopFrameMessage, cube: number[]) => { x: number; y: number; z: number }, done: (f: TeleopFrameMessage, cube: number[], err: number) => boolean, cubeAt: number, maxSteps = 60): Promise<TeleopFrameMessage> {
  let { frame, count } = await ui.frame();
  const a = new Float32Array(7);
  for (let k = 0; k < maxSteps; k++) {
    ({ frame, count } = await ui.nextFrame(count));
    const cube = frame.poses.slice(7 * cubeAt, 7 * cubeAt + 7);
    const tcp = vec3(frame.tcp[0]!, frame.tcp[1]!, frame.tcp[2]!);
    const goal = goalOf(frame, cube);
    const yaw = yawOf(cube[3]!, cube[4]!, cube[5]!, cube[6]!);
    const rot = pointDownError(Float32Array.from(frame.tcp), 3, yaw - (Math.PI / 2) * Math.round(yaw / (Math.PI / 2)));
    writeEeDeltaAction(a, 0, tcp, goal, 1, rot, 1);
    const err = Math.hypot(goal.x - tcp.x, goal.y - tcp.y, goal.z - tcp.z);
    if (done(frame, cube, err) && Math.abs(rot.z) < 0.05) break;
    // Left stick up is +x, left is +y; right stick up is +z, left turns +yaw.
    await ui.setPad([stick(-GAIN * a[1]!), stick(-GAIN * a[0]!), stick(-GAIN * a[5]!), stick(-GAIN * a[2]!)]);
  }
  await ui.setPad([0, 0, 0, 0]);
  return frame;
}

async function waitFor(ui: TeleopPage, what: string, ok: (f: TeleopFrameMessage) => boolean, frames = 40): Promise<TeleopFrameMessage> {
  let { frame, count } = await ui.frame();
  for (let k = 0; k < frames && !ok(frame); k++) ({ frame, count } = await ui.nextFrame(count));
  assert.ok(ok(frame), `${what}: phase ${frame.phase} step ${frame.step} success ${frame.success}`);
  return frame;
}

test('a PickCube-v1 demonstration recorded through the page in Chromium: buttons, keys and a stub gamepad; saved, and it replays bitwise', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'armkit-bt-page-')), 'teleop.hdf5');
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', maxEpisodeSteps: 300 });
  const writer = Hdf5DemoWriter.create(file, envArgsFor(env.spec, 'sim-teleop'));
  const device = new BrowserTeleop();
  const session = new TeleopSession(env, device, writer, 11);
  await using server = await TeleopServer.start(env, session, device, { maxSteps: 300 });
  await using ui = await openTeleopPage(server.url);
  const { page } = ui;
  const meshes = (await page.evaluate('window.armkitTeleop.meshes')) as number;
  const bodies = (await page.evaluate('window.armkitTeleop.bodies')) as string[];
  assert.ok(meshes >= bodies.length && bodies.length > 10, `${meshes} meshes for ${bodies.length} bodies`);
  assert.deepEqual(await page.evaluate('window.armkitTeleop.cameras'), ['base_camera'], 'the task camera drawn as an inset');
  const cubeAt = bodies.indexOf('cube');
  assert.ok(cubeAt >= 0);
  await ui.setPad([0, 0, 0, 0]);

  await page.click('#start');
  await waitFor(ui, 'recording after the start button', (f) => f.phase === 'running');
  assert.match(await page.textContent('#status') ?? '', /episode 1 · step \d+ \/ 300 · success no · ● recording · saved 0/);
  // Over the cube, fingers across two faces; then down to it.
  await steer(ui, (_f, c) => ({ x: c[0]!, y: c[1]!, z: c[2]! + 0.05 }), (_f, _c, e) => e < 0.008, cubeAt);
  await steer(ui, (_f, c) => ({ x: c[0]!, y: c[1]!, z: c[2]! }), (_f, _c, e) => e < 0.005, cubeAt);
  // Space closes the gripper; a few steps for the fingers; a tap of r lifts by one key step.
  await page.keyboard.press(' ');
  let { count } = await ui.frame();
  for (let k = 0; k < 4; k++) ({ count } = await ui.nextFrame(count));
  await page.keyboard.down('r');
  await ui.nextFrame((await ui.nextFrame(count)).count);
  await page.keyboard.up('r');
  const lifted = await waitFor(ui, 'the cube lifted with the hand', (f) => f.poses[7 * cubeAt + 2]! > 0.03, 10);
  assert.ok(lifted.poses[7 * cubeAt + 2]! > 0.03);
  // Carry: the cube's centre (not the TCP) onto the goal, then hold still for the success.
  await steer(ui, (f, c) => ({ x: f.goal[0] + f.tcp[0]! - c[0]!, y: f.goal[1] + f.tcp[1]! - c[1]!, z: f.goal[2] + f.tcp[2]! - c[2]! }), (_f, _c, e) => e < 0.005, cubeAt, 80);
  const placed = await waitFor(ui, 'success', (f) => f.success);
  assert.ok(placed.success);
  await page.keyboard.press('v');
  const saved = await waitFor(ui, 'saved by the v key', (f) => f.saved === 1 && f.phase === 'idle');
  assert.match(await page.textContent('#status') ?? '', /episode 1 · .*success yes · waiting to start · saved 1/);
  await page.click('#quit');
  await server.done;
  await writer.close();
  const trips = await ui.latencies();
  assert.ok(trips.length >= 10, `${trips.length} inputs came back applied`);

  using reader = new Hdf5DemoReader(file);
  assert.deepEqual(reader.demoNames, ['demo_0']);
  const demo = reader.demo(0);
  assert.equal(demo.seed, 11);
  assert.equal(demo.success, true);
  assert.equal(demo.numSamples, saved.step);
  const actions = Array.from({ length: demo.numSamples }, (_, t) => Array.from(demo.actions.subarray(7 * t, 7 * t + 7)));
  assert.ok(actions.some((a) => a[0] !== 0 && Math.abs(a[0]!) < padGain && a[0] !== BROWSER_TELEOP_DEFAULTS.keyGain), 'analogue stick motion recorded');
  assert.ok(actions.some((a) => a[2] === Math.fround(BROWSER_TELEOP_DEFAULTS.keyGain) && a[6] === -1), 'the r key lifted with the gripper closed');
  assert.equal(actions[0]![6], 1, 'the gripper starts open');
  assert.equal(replayDemo(env, demo).divergence, null, 'the episode replays bitwise');
});
