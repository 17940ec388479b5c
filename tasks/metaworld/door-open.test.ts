import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { DoorOpenInfo } from './door-open.js';

test("door-open-v3 resets as Meta-World's: safe in [0, 0.1] x [0.85, 0.95] at z 0.15, door shut, goal the safe + (-0.3, -0.45, 0)", () => {
  const seen = { x: [1, -1], y: [1, -1] };
  forEachReset('door-open-v3', 200, (env, seed) => {
    const base = env.scene.body('door-base').translation();
    const g = env.task.goal;
    assert.ok(base.x >= 0 && base.x <= 0.1 && base.y >= 0.85 && base.y <= 0.95 && Math.abs(base.z - 0.15) < 1e-6, `seed ${seed}: safe at ${base.x}, ${base.y}, ${base.z}`);
    assert.ok(Math.abs(env.scene.jointPosition('door')) < 1e-6, `seed ${seed}: door at ${env.scene.jointPosition('door')}`);
    assert.ok(Math.abs(g.x - base.x + 0.3) < 1e-6 && Math.abs(g.y - base.y + 0.45) < 1e-6 && Math.abs(g.z - 0.15) < 1e-6, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.equal(env.task.evaluate(env.world).success, false);
    seen.x = [Math.min(seen.x[0]!, base.x), Math.max(seen.x[1]!, base.x)];
    seen.y = [Math.min(seen.y[0]!, base.y), Math.max(seen.y[1]!, base.y)];
  });
  assert.ok(seen.x[0]! < 0.01 && seen.x[1]! > 0.09 && seen.y[0]! < 0.86 && seen.y[1]! > 0.94, `the whole box is used: ${seen.x}, ${seen.y}`);
});

test("the observation carries the handle geom's frame and rotation (x, y, z, w), as MuJoCo compiles the mesh geom", () => {
  using env = makeSimEnv('door-open-v3', {});
  const obs = env.reset({ seed: 2 }).obs as Float32Array;
  const base = env.scene.body('door-base').translation();
  // The handle geom's xpos with the safe at (0, 0.9, 0.15) is (0.1907, 0.6929, 0.15) in MuJoCo.
  assert.ok(Math.abs(obs[4]! - base.x - 0.1907216) < 1e-5 && Math.abs(obs[5]! - base.y + 0.2071399) < 1e-5 && Math.abs(obs[6]! - 0.15) < 1e-4, `point ${obs[4]}, ${obs[5]}, ${obs[6]}`);
  assert.deepEqual([...obs.subarray(7, 11)].map((v) => Number(v.toFixed(4))), [0.6908, -0.1506, 0.6909, 0.1512]);
});

test('door-open-v3 succeeds with the handle within 0.08 m of the goal in x: the door open about 1.38 to 1.81 rad', () => {
  using env = makeSimEnv('door-open-v3', {}) as unknown as SimEnv<DoorOpenInfo>;
  const at = (angle: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('door', -angle));
  assert.equal(at(0).success, false);
  assert.equal(at(1.3).success, false);
  assert.equal(at(1.4).success, true);
  assert.equal(at(1.57).success, true);
  assert.equal(at(1.8).success, true);
  assert.equal(at(1.83).success, false);
  assert.ok(Math.abs(at(1).door_angle - 1) < 1e-6, `angle: ${at(1).door_angle}`);
  // The hinge's stop is the XML's 2 rad.
  assert.ok(Math.abs(at(3).door_angle - 2) < 1e-6, `at the stop: ${at(3).door_angle}`);
});

test('the door rammed by the hand at full speed stays finite and comes back inside its range', () => {
  using env = makeSimEnv('door-open-v3', {});
  env.reset({ seed: 7 });
  const a = new Float32Array(4);
  let over = 0;
  for (let t = 0; t < 260; t++) {
    // At 1 cm a step: into the shut door's front and down it, back out across its swing, then up and away.
    a.set(t < 100 ? [1, 1, t < 50 ? -1 : 0, -1] : t < 200 ? [-1, -1, 0, 1] : [0, 0, 1, 0]);
    env.step(a);
    const q = env.scene.jointPosition('door');
    const p = env.scene.body('door').translation();
    assert.ok(Number.isFinite(q) && [p.x, p.y, p.z].every(Number.isFinite), `step ${t}: door at ${q}, ${p.x}, ${p.y}, ${p.z}`);
    over = Math.max(over, q, -2 - q);
  }
  // The kinematic hand cannot be pushed back, so driven into the shut door it forces the Rapier
  // stop (measured 0.30 rad past it on this run); the stop returns the door once the hand leaves.
  assert.ok(over < 0.35, `forced ${over} rad past the stop`);
  const q = env.scene.jointPosition('door');
  assert.ok(q >= -2 - 0.005 && q <= 0.005, `after the hand left: door at ${q}`);
});

test('the dense reward stays in [0, 10] for the expert and random actions, 10 on success', async () => {
  await assertDenseRewardBounded('door-open-v3', [0]);
});

test('the scripted expert opens the door on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('door-open-v3', 18);
});
