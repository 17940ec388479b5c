import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { DoorLockInfo } from './door-lock.js';

test("door-lock-v3 resets as Meta-World's: safe in [-0.1, 0.1] x [0.8, 0.85] at z 0.15, lock along +x, goal the lock's hinge + (0, -0.04, -0.1)", () => {
  const seen = { x: [1, -1], y: [1, -1] };
  forEachReset('door-lock-v3', 200, (env, seed) => {
    const base = env.scene.body('lock-base').translation();
    const g = env.task.goal;
    assert.ok(base.x >= -0.1 && base.x <= 0.1 && base.y >= 0.8 && base.y <= 0.85 && Math.abs(base.z - 0.15) < 1e-6, `seed ${seed}: safe at ${base.x}, ${base.y}, ${base.z}`);
    assert.ok(Math.abs(env.scene.jointPosition('lock')) < 1e-6, `seed ${seed}: lock at ${env.scene.jointPosition('lock')}`);
    assert.ok(Math.abs(g.x - base.x) < 1e-6 && Math.abs(g.y - (base.y - 0.158)) < 1e-6 && Math.abs(g.z - (0.15 - 0.039)) < 1e-6, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.equal(env.task.evaluate(env.world).success, false);
    seen.x = [Math.min(seen.x[0]!, base.x), Math.max(seen.x[1]!, base.x)];
    seen.y = [Math.min(seen.y[0]!, base.y), Math.max(seen.y[1]!, base.y)];
  });
  assert.ok(seen.x[0]! < -0.09 && seen.x[1]! > 0.09 && seen.y[0]! < 0.805 && seen.y[1]! > 0.845, `the whole box is used: ${seen.x}, ${seen.y}`);
});

test("the observation carries the lockStartLock site and the door's raw quaternion (1, 0, 0, 0)", () => {
  using env = makeSimEnv('door-lock-v3', {});
  const obs = env.reset({ seed: 3 }).obs as Float32Array;
  const base = env.scene.body('lock-base').translation();
  assert.ok(Math.abs(obs[4]! - (base.x + 0.09)) < 1e-6 && Math.abs(obs[5]! - (base.y - 0.158)) < 1e-6 && Math.abs(obs[6]! - (base.z + 0.071)) < 1e-6, `point ${obs[4]}, ${obs[5]}, ${obs[6]}`);
  assert.deepEqual([...obs.subarray(7, 11)], [1, 0, 0, 0]);
});

test('door-lock-v3 succeeds with the site within 0.02 m of the goal in height: the lock turned 1.196 rad or more; its stop is 1.57', () => {
  using env = makeSimEnv('door-lock-v3', {}) as unknown as SimEnv<DoorLockInfo>;
  const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('lock', q));
  assert.equal(at(0).success, false);
  assert.equal(at(1.19).success, false);
  assert.equal(at(1.2).success, true);
  assert.equal(at(1.57).success, true);
  assert.ok(Math.abs(at(3).obj_to_target - (0.1 - 0.09 + 0.01 * Math.cos(1.57))) < 1e-4, `at the stop: ${at(3).obj_to_target}`);
});

test('door-lock-v3: the lock does not turn by itself under gravity', () => {
  using env = makeSimEnv('door-lock-v3', {});
  env.reset({ seed: 1 });
  env.scene.setJointPosition('lock', 0.6);
  const away = Float32Array.from([0, -1, 0, -1]);
  for (let t = 0; t < 100; t++) env.step(away);
  assert.ok(Math.abs(env.scene.jointPosition('lock') - 0.6) < 5e-3, `after 100 steps: ${env.scene.jointPosition('lock')}`);
});

test('door-lock-v3: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('door-lock-v3', [0], false);
});

test('door-lock-v3: the scripted expert turns the lock on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('door-lock-v3', 18);
});
