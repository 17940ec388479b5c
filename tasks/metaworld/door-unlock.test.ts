import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { DoorLockInfo } from './door-lock.js';

test("door-unlock-v3 resets as Meta-World's: safe in [-0.1, 0.1] x [0.8, 0.85] at z 0.15, the lock hanging at its 1.57 stop, goal the hinge + (0.1, -0.04, 0)", () => {
  const seen = { x: [1, -1], y: [1, -1] };
  forEachReset('door-unlock-v3', 200, (env, seed) => {
    const base = env.scene.body('lock-base').translation();
    const g = env.task.goal;
    assert.ok(base.x >= -0.1 && base.x <= 0.1 && base.y >= 0.8 && base.y <= 0.85 && Math.abs(base.z - 0.15) < 1e-6, `seed ${seed}: safe at ${base.x}, ${base.y}, ${base.z}`);
    assert.ok(Math.abs(env.scene.jointPosition('lock') - 1.57) < 1e-6, `seed ${seed}: lock at ${env.scene.jointPosition('lock')}`);
    assert.ok(Math.abs(g.x - base.x - 0.1) < 1e-6 && Math.abs(g.y - (base.y - 0.158)) < 1e-6 && Math.abs(g.z - 0.211) < 1e-6, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.equal(env.task.evaluate(env.world).success, false);
    seen.x = [Math.min(seen.x[0]!, base.x), Math.max(seen.x[1]!, base.x)];
    seen.y = [Math.min(seen.y[0]!, base.y), Math.max(seen.y[1]!, base.y)];
  });
  assert.ok(seen.x[0]! < -0.09 && seen.x[1]! > 0.09 && seen.y[0]! < 0.805 && seen.y[1]! > 0.845, `the whole box is used: ${seen.x}, ${seen.y}`);
});

test("the observation carries the lockStartUnlock site of the hanging lock and its goal inside Meta-World's goal_space", () => {
  using env = makeSimEnv('door-unlock-v3', {});
  const obs = env.reset({ seed: 3 }).obs as Float32Array;
  const base = env.scene.body('lock-base').translation();
  // Hanging at 1.57 rad, the site (0.09, -0.04, -0.01) of the lock's frame is 0.09 m below the hinge and 0.01 m to -x.
  assert.ok(Math.abs(obs[4]! - (base.x - 0.01)) < 1e-3 && Math.abs(obs[5]! - (base.y - 0.158)) < 1e-6 && Math.abs(obs[6]! - (base.z + 0.061 - 0.09)) < 1e-3, `point ${obs[4]}, ${obs[5]}, ${obs[6]}`);
  assert.deepEqual([...obs.subarray(7, 11)], [1, 0, 0, 0]);
  assert.ok(obs[36]! >= 0 && obs[36]! <= 0.2 && obs[38]! >= 0.21 && obs[38]! <= 0.2111, `goal ${obs[36]}, ${obs[37]}, ${obs[38]}`);
});

test('door-unlock-v3 succeeds with the site within 0.02 m of the goal in x: the lock turned back to 0.377 rad or less', () => {
  using env = makeSimEnv('door-unlock-v3', {}) as unknown as SimEnv<DoorLockInfo>;
  const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('lock', q));
  assert.equal(at(1.57).success, false);
  assert.equal(at(0.385).success, false);
  assert.equal(at(0.37).success, true);
  assert.equal(at(0).success, true);
  assert.ok(Math.abs(at(0).obj_to_target - 0.01) < 1e-6, `along +x: ${at(0).obj_to_target}`);
});

test('door-unlock-v3: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('door-unlock-v3', [0], false);
});

test('door-unlock-v3: the scripted expert turns the lock back on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('door-unlock-v3', 18);
});
