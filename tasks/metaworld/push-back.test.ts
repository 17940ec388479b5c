import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { PushInfo } from './push.js';

test("push-back-v3 resets as Meta-World's: block in [-0.1, 0.1] x [0.8, 0.85] at z 0.02, goal in [-0.1, 0.1] x [0.6, 0.7] at its height, 0.15 m apart", () => {
  const seen = { ox: [1, -1], oy: [1, -1], gy: [1, -1] };
  forEachReset('push-back-v3', 200, (env, seed) => {
    const o = env.scene.body('obj').translation();
    const g = env.task.goal;
    assert.ok(o.x >= -0.1 && o.x <= 0.1 && o.y >= 0.8 && o.y <= 0.85 && Math.abs(o.z - 0.02) < 1e-6, `seed ${seed}: block at ${o.x}, ${o.y}, ${o.z}`);
    assert.ok(g.x >= -0.1 && g.x <= 0.1 && g.y >= 0.6 && g.y <= 0.7 && Math.abs(g.z - 0.02) < 1e-6, `seed ${seed}: goal at ${g.x}, ${g.y}, ${g.z}`);
    assert.ok(Math.hypot(o.x - g.x, o.y - g.y) >= 0.15, `seed ${seed}: ${Math.hypot(o.x - g.x, o.y - g.y)} apart`);
    assert.equal(env.task.evaluate(env.world).success, false);
    seen.ox = [Math.min(seen.ox[0]!, o.x), Math.max(seen.ox[1]!, o.x)];
    seen.oy = [Math.min(seen.oy[0]!, o.y), Math.max(seen.oy[1]!, o.y)];
    seen.gy = [Math.min(seen.gy[0]!, g.y), Math.max(seen.gy[1]!, g.y)];
  });
  assert.ok(seen.ox[0]! < -0.09 && seen.ox[1]! > 0.09 && seen.oy[0]! < 0.805 && seen.oy[1]! > 0.845 && seen.gy[0]! < 0.61 && seen.gy[1]! > 0.69, `the boxes are used: ${JSON.stringify(seen)}`);
});

test('push-back-v3 succeeds with the block within 0.07 m of the goal; the reward pays 10 within 0.05 m', () => {
  using env = makeSimEnv('push-back-v3', { rewardMode: 'dense' }) as unknown as SimEnv<PushInfo>;
  const at = (dy: number) =>
    evaluateArranged(env, 2, (scene) => {
      const g = env.task.goal;
      scene.placeObject('obj', { p: { x: g.x, y: g.y + dy, z: g.z }, q: { w: 1, x: 0, y: 0, z: 0 } });
    });
  assert.equal(at(0.0705).success, false);
  assert.equal(at(0.0695).success, true);
  assert.ok(env.task.denseReward(env.world, at(0.06), [0, 0, 0, 0]) < 10);
  assert.equal(env.task.denseReward(env.world, at(0.049), [0, 0, 0, 0]), 10);
  assert.ok(Math.abs(at(0.03).obj_to_target - 0.03) < 1e-6);
});

test('push-back-v3: the block is the XML\'s 4 cm box of 0.75 kg, and the observation carries its centre and rotation (x, y, z, w)', () => {
  using env = makeSimEnv('push-back-v3', {});
  const obs = env.reset({ seed: 1 }).obs as Float32Array;
  const b = env.scene.body('obj');
  assert.ok(Math.abs(b.mass() - 0.75) < 1e-6, `mass ${b.mass()}`);
  const o = b.translation();
  assert.deepEqual([...obs.subarray(4, 11)].map((v) => Number(v.toFixed(5))), [o.x, o.y, o.z, 0, 0, 0, 1].map((v) => Number(v.toFixed(5))));
});

test('push-back-v3: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('push-back-v3', [0], false);
});

test('push-back-v3: the scripted expert brings the block to the goal on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('push-back-v3', 18);
});
