import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { DoorCloseInfo } from './door-close.js';

test("door-close-v3 resets as Meta-World's: safe in [0, 0.1] x [0.85, 0.95] at z 0.15, door open 1.5708 rad, goal the safe + (0.2, -0.2, 0)", () => {
  const seen = { x: [1, -1], y: [1, -1] };
  forEachReset('door-close-v3', 200, (env, seed) => {
    const base = env.scene.body('door-base').translation();
    const g = env.task.goal;
    assert.ok(base.x >= 0 && base.x <= 0.1 && base.y >= 0.85 && base.y <= 0.95 && Math.abs(base.z - 0.15) < 1e-6, `seed ${seed}: safe at ${base.x}, ${base.y}, ${base.z}`);
    assert.ok(Math.abs(env.scene.jointPosition('door') + 1.5708) < 1e-5, `seed ${seed}: door at ${env.scene.jointPosition('door')}`);
    assert.ok(Math.abs(g.x - base.x - 0.2) < 1e-6 && Math.abs(g.y - base.y + 0.2) < 1e-6 && Math.abs(g.z - 0.15) < 1e-6, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.equal(env.task.evaluate(env.world).success, false);
    seen.x = [Math.min(seen.x[0]!, base.x), Math.max(seen.x[1]!, base.x)];
    seen.y = [Math.min(seen.y[0]!, base.y), Math.max(seen.y[1]!, base.y)];
  });
  assert.ok(seen.x[0]! < 0.01 && seen.x[1]! > 0.09 && seen.y[0]! < 0.86 && seen.y[1]! > 0.94, `the whole box is used: ${seen.x}, ${seen.y}`);
});

test('door-close-v3 starts the hand at (-0.5, 0.68, 0.2) and observes the open door\'s handle', () => {
  using env = makeSimEnv('door-close-v3', {});
  const obs = env.reset({ seed: 3 }).obs as Float32Array;
  assert.deepEqual([...obs.subarray(0, 3)].map((v) => Number(v.toFixed(3))), [-0.5, 0.68, 0.2]);
  const base = env.scene.body('door-base').translation();
  // The handle geom's frame, door-frame (0.3757, -0.1071), turned -1.5708 rad about the hinge at the safe + (-0.185, -0.1).
  assert.ok(Math.abs(obs[4]! - (base.x - 0.185 - 0.1071)) < 1e-3 && Math.abs(obs[5]! - (base.y - 0.1 - 0.3757)) < 1e-3, `point ${obs[4]}, ${obs[5]}`);
});

test('door-close-v3 succeeds with the handle within 0.08 m of the goal: the door within 0.179 rad of shut', () => {
  using env = makeSimEnv('door-close-v3', {}) as unknown as SimEnv<DoorCloseInfo>;
  const at = (open: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('door', -open));
  assert.equal(at(1.5708).success, false);
  assert.equal(at(0.5).success, false);
  assert.equal(at(0.184).success, false);
  assert.equal(at(0.174).success, true);
  assert.equal(at(0).success, true);
  assert.ok(Math.abs(at(0).obj_to_target - 0.0117) < 1e-4, `shut: ${at(0).obj_to_target}`);
  assert.ok(Math.abs(at(0.3).door_angle - 0.3) < 1e-6, `angle: ${at(0.3).door_angle}`);
});

test('door-close-v3: the dense reward stays in [0, 10] for the expert and random actions, 10 within 0.05 m', async () => {
  await assertDenseRewardBounded('door-close-v3', [0], false);
  using env = makeSimEnv('door-close-v3', { rewardMode: 'dense' }) as unknown as SimEnv<DoorCloseInfo>;
  const info = evaluateArranged(env, 4, (scene) => scene.setJointPosition('door', -0.05));
  assert.equal(env.task.denseReward(env.world, info, [0, 0, 0, 0]), 10);
  const wide = evaluateArranged(env, 4, (scene) => scene.setJointPosition('door', -0.15));
  assert.ok(wide.success && env.task.denseReward(env.world, wide, [0, 0, 0, 0]) < 9, 'between 0.05 and 0.08 m: success short of 10');
});

test('door-close-v3: the scripted expert shuts the door on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('door-close-v3', 18);
});
