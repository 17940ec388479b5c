import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hdf5DemoReader } from '../recording/hdf5-demo-reader.js';
import { Hdf5DemoWriter } from '../recording/hdf5-demo-writer.js';
import { envArgsFor } from '../recording/env-args.js';
import { replayDemo } from '../recording/replay-demo.js';
import { makeEnv } from '../tasks/make-env.js';
import { KeyboardTeleop } from '../hardware/input/keyboard-teleop.js';
import { TeleopSession } from './teleop-session.js';

test('keys map to pd_ee_delta_pose actions: motion per press, clipped, gripper toggles', () => {
  const kb = new KeyboardTeleop({ step: 0.5 });
  kb.handleKey('w');
  kb.handleKey('dd');
  kb.handleKey('rrr');
  kb.handleKey('j');
  assert.deepEqual(Array.from(kb.nextAction()), [0.5, -1, 1, 0, 0, 0.5, 1]);
  assert.deepEqual(Array.from(kb.nextAction()), [0, 0, 0, 0, 0, 0, 1], 'motion lasts one step');
  kb.handleKey(' ');
  kb.handleKey('S');
  assert.deepEqual(Array.from(kb.nextAction()), [-0.5, 0, 0, 0, 0, 0, -1]);
  kb.handleKey('nvxq?');
  assert.deepEqual([kb.nextCommand(), kb.nextCommand(), kb.nextCommand(), kb.nextCommand(), kb.nextCommand()], ['start', 'save', 'discard', 'quit', undefined]);
});

test('a scripted key sequence records, discards and saves episodes that replay exactly', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'armkit-teleop-')), 'teleop.hdf5');
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', maxEpisodeSteps: 30 });
  const writer = Hdf5DemoWriter.create(file, envArgsFor(env.spec, 'sim-teleop'));
  const kb = new KeyboardTeleop();
  const session = new TeleopSession(env, kb, writer, 5);
  const press = async (keys: string) => {
    kb.handleKey(keys);
    await session.tick();
  };
  await press('n'); // episode 1 (seed 5): move, then discard
  await press('ww');
  await press('x');
  assert.equal(session.phase, 'idle');
  await press('n'); // episode 2 (seed 6): descend, close the gripper, lift, save
  for (const k of ['fff', 'fff', 'ff', ' ', '', 'rr', 'a']) await press(k);
  assert.match(session.status(), /episode 2 step 8 .*recording/);
  await press('v');
  await press('n'); // episode 3 (seed 7) runs into the time limit, then is saved
  for (let i = 0; i < 35; i++) await press('s');
  assert.equal(session.phase, 'ended');
  await press('v');
  await press('q');
  assert.equal(session.phase, 'quit');
  await writer.close();

  using reader = new Hdf5DemoReader(file);
  assert.deepEqual(reader.demoNames, ['demo_0', 'demo_1']);
  const first = reader.demo(0);
  assert.equal(first.seed, 6);
  assert.equal(first.numSamples, 8);
  const a = (t: number) => Array.from(first.actions.subarray(t * 7, t * 7 + 7)).map((v) => Math.round(v * 100) / 100);
  // The tick that handles 'n' already steps, with no key pressed yet.
  assert.deepEqual(a(0), [0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(a(1), [0, 0, -1, 0, 0, 0, 1]);
  assert.deepEqual(a(4), [0, 0, 0, 0, 0, 0, -1], 'space closed the gripper');
  assert.deepEqual(a(6), [0, 0, 1, 0, 0, 0, -1]);
  assert.deepEqual(a(7), [0, 0.5, 0, 0, 0, 0, -1]);
  // The teleop episode took 8 steps, and the one that ran out of time 30.
  assert.equal(reader.demo(1).numSamples, 30);
  assert.equal(reader.demo(1).seed, 7);
  for (const name of reader.demoNames) assert.equal(replayDemo(env, reader.demo(name)).divergence, null);
});
