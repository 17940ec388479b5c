import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResetError } from '../hardware-errors.js';
import { SimDriver } from '../sim/sim-driver.js';
import { SerlReset } from './serl-reset.js';

test('SERL reset: arrives at rest + a bounded seeded offset, a full joint reset every N episodes, a timeout when it cannot', async () => {
  await using driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_ee_delta_pose' });
  await driver.connect();
  const reset = new SerlReset({ kind: 'serl', fullResetEvery: 2, offsetXyz: 0.02, tolerance: 0.005 });
  const rest = driver.robot.description.rest.qpos.slice(0, 7);
  await reset.reset(driver, { episode: 0, attempt: 0, seed: 5, realTime: false });
  assert.ok(driver.getObservation().armQ.every((q, i) => Math.abs(q - rest[i]!) <= 0.005), 'full reset at episode 0');
  const target = reset.target(driver, { episode: 1, attempt: 0, seed: 5, realTime: false });
  assert.deepEqual(target, reset.target(driver, { episode: 1, attempt: 0, seed: 5, realTime: false }), 'seeded');
  assert.ok(target.some((q, i) => Math.abs(q - rest[i]!) > 1e-4), 'offset from rest');
  await reset.reset(driver, { episode: 1, attempt: 0, seed: 5, realTime: false });
  const tcp = driver.getObservation().tcp.p;
  assert.ok(driver.getObservation().armQ.every((q, i) => Math.abs(q - target[i]!) <= 0.005), 'arrived at the offset pose');
  assert.ok(Number.isFinite(tcp.x));
  // Pressed onto the box floor, a straight joint path back would dip below it: the reset goes via TCP waypoints.
  for (let i = 0; i < 40; i++) driver.sendAction([0, 0, -1, 0, 0, 0, 1]);
  assert.ok(driver.getObservation().tcp.p.z < 0.02, 'the arm rests on the box floor');
  await reset.reset(driver, { episode: 1, attempt: 1, seed: 5, realTime: false });
  const tooFast = new SerlReset({ kind: 'serl', fullResetEvery: 1, timeoutS: 0.05, restQ: [1, 0, 0, -1.5, 0, 1.5, 0] });
  await assert.rejects(tooFast.reset(driver, { episode: 0, attempt: 0, seed: 0, realTime: false }), (e: unknown) => e instanceof ResetError && /did not arrive within 0.05 s/.test(e.message));
});
