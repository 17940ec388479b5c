import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { LeverPullInfo } from './lever-pull.js';

test("lever-pull-v3 resets as Meta-World's: stand in [-0.1, 0.1] x [0.7, 0.8] on the table, lever at 0, goal the stand + (0.12, 0, 0.45)", () => {
  const seen = { x: [1, -1], y: [1, -1] };
  forEachReset('lever-pull-v3', 200, (env, seed) => {
    const base = env.scene.body('lever-base').translation();
    const g = env.task.goal;
    assert.ok(base.x >= -0.1 && base.x <= 0.1 && base.y >= 0.7 && base.y <= 0.8 && Math.abs(base.z) < 1e-6, `seed ${seed}: stand at ${base.x}, ${base.y}, ${base.z}`);
    assert.ok(Math.abs(env.scene.jointPosition('lever')) < 1e-6, `seed ${seed}: lever at ${env.scene.jointPosition('lever')}`);
    assert.ok(Math.abs(g.x - base.x - 0.12) < 1e-6 && Math.abs(g.y - base.y) < 1e-6 && Math.abs(g.z - 0.45) < 1e-6, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.equal(env.task.evaluate(env.world).success, false);
    seen.x = [Math.min(seen.x[0]!, base.x), Math.max(seen.x[1]!, base.x)];
    seen.y = [Math.min(seen.y[0]!, base.y), Math.max(seen.y[1]!, base.y)];
  });
  assert.ok(seen.x[0]! < -0.09 && seen.x[1]! > 0.09 && seen.y[0]! < 0.71 && seen.y[1]! > 0.79, `the whole box is used: ${seen.x}, ${seen.y}`);
});

test("the observation carries the handle's centre and the handle geom's rotation (x, y, z, w), a quarter turn about x at 0", () => {
  using env = makeSimEnv('lever-pull-v3', {});
  const obs = env.reset({ seed: 3 }).obs as Float32Array;
  const base = env.scene.body('lever-base').translation();
  assert.ok(Math.abs(obs[4]! - (base.x + 0.12)) < 1e-6 && Math.abs(obs[5]! - (base.y - 0.2)) < 1e-6 && Math.abs(obs[6]! - 0.25) < 1e-6, `point ${obs[4]}, ${obs[5]}, ${obs[6]}`);
  assert.deepEqual([...obs.subarray(7, 11)].map((v) => Number(v.toFixed(4))), [0.7071, 0, 0, 0.7071]);
});

test('lever-pull-v3 succeeds with the lever within pi/24 of straight up (-1.44 to -1.70 rad); its up stop is at -pi, its down stop the XML\'s 1.57', () => {
  using env = makeSimEnv('lever-pull-v3', {}) as unknown as SimEnv<LeverPullInfo>;
  const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('lever', q));
  assert.equal(at(0).success, false);
  assert.equal(at(-1.43).success, false);
  assert.equal(at(-1.45).success, true);
  assert.equal(at(-1.69).success, true);
  assert.equal(at(-1.71).success, false);
  assert.equal(at(1.5).success, false);
  at(-4);
  assert.ok(Math.abs(env.scene.jointPosition('lever') + Math.PI) < 1e-6, `up stop: ${env.scene.jointPosition('lever')}`);
  at(3);
  assert.ok(Math.abs(env.scene.jointPosition('lever') - 1.57) < 1e-6, `down stop: ${env.scene.jointPosition('lever')}`);
});

test('lever-pull-v3: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('lever-pull-v3', [0], false);
});

test('lever-pull-v3: the scripted expert swings the lever up on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('lever-pull-v3', 18);
});
