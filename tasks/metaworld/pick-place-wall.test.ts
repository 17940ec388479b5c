import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCRIPTED_EXPERTS } from '../../policies/scripted/scripted-experts.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { PushInfo } from './push.js';
import { wallOverlap } from './wall-object.js';

test("pick-place-wall-v3 resets as Meta-World's: object in [-0.05, 0.05] x [0.6, 0.65], goal in [-0.05, 0.05] x [0.85, 0.9] x [0.05, 0.3], 0.15 m apart; the wall at (0.1, 0.75, 0.06)", () => {
  const seen = { ox: [1, -1], gy: [1, -1], gz: [1, -1] };
  forEachReset('pick-place-wall-v3', 200, (env, seed) => {
    const o = env.scene.body('obj').translation();
    const g = env.task.goal;
    assert.ok(o.x >= -0.05 && o.x <= 0.05 && o.y >= 0.6 && o.y <= 0.65 && Math.abs(o.z - 0.02) < 1e-6, `seed ${seed}: object at ${o.x}, ${o.y}, ${o.z}`);
    assert.ok(g.x >= -0.05 && g.x <= 0.05 && g.y >= 0.85 && g.y <= 0.9 && g.z >= 0.05 && g.z <= 0.3, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.ok(Math.hypot(o.x - g.x, o.y - g.y) >= 0.15);
    assert.equal(env.task.evaluate(env.world).success, false);
    seen.ox = [Math.min(seen.ox[0]!, o.x), Math.max(seen.ox[1]!, o.x)];
    seen.gy = [Math.min(seen.gy[0]!, g.y), Math.max(seen.gy[1]!, g.y)];
    seen.gz = [Math.min(seen.gz[0]!, g.z), Math.max(seen.gz[1]!, g.z)];
  });
  assert.ok(seen.ox[0]! < -0.045 && seen.ox[1]! > 0.045 && seen.gy[0]! < 0.855 && seen.gy[1]! > 0.895 && seen.gz[0]! < 0.07 && seen.gz[1]! > 0.28, `the boxes are used: ${seen.ox}, ${seen.gy}, ${seen.gz}`);
  using env = makeSimEnv('pick-place-wall-v3', {});
  const w = env.scene.body('wall').translation();
  assert.deepEqual([w.x, w.y, w.z].map((v) => Number(v.toFixed(6))), [0.1, 0.75, 0.06]);
});

test('pick-place-wall-v3 succeeds with the object within 0.07 m of the goal, and pays 10 within 0.05', () => {
  using env = makeSimEnv('pick-place-wall-v3', {}) as unknown as SimEnv<PushInfo>;
  const at = (dx: number) =>
    evaluateArranged(env, 3, (scene) => {
      const g = env.task.goal;
      scene.placeObject('obj', { p: { x: g.x + dx, y: g.y, z: g.z }, q: { w: 1, x: 0, y: 0, z: 0 } });
    });
  assert.equal(at(0.071).success, false);
  assert.equal(at(0.069).success, true);
  assert.equal(env.task.denseReward(env.world, at(0.049), [0, 0, 0, 0]), 10);
  assert.ok(env.task.denseReward(env.world, at(0.06), [0, 0, 0, 0]) < 10);
});

test('pick-place-wall-v3: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('pick-place-wall-v3', [0], false);
});

test('pick-place-wall-v3: the scripted expert solves at least 18 of 20 seeds, the arm never entering the wall', async () => {
  await assertExpertSolves('pick-place-wall-v3', 18);
  const expert = SCRIPTED_EXPERTS.get('pick-place-wall-v3');
  let deepest = 0;
  for (const seed of [0, 1, 2]) {
    using env = makeSimEnv('pick-place-wall-v3', { controlMode: expert.controlMode });
    const policy = expert.create(env.observationSpace);
    policy.reset();
    let obs = env.reset({ seed }).obs as Float32Array;
    const action = new Float32Array(4);
    for (let t = 0; t < 150; t++) {
      await policy.act(obs, 1, action);
      obs = env.step(action).obs as Float32Array;
      deepest = Math.max(deepest, wallOverlap(env.scene));
    }
  }
  assert.ok(deepest <= 0.002, `the arm or the object went ${(1000 * deepest).toFixed(1)} mm into the wall`);
});

test('pick-place-wall-v3 replays bitwise from the same seed and actions', () => {
  const run = () => {
    using env = makeSimEnv('pick-place-wall-v3', {});
    const out: number[] = [...(env.reset({ seed: 11 }).obs as Float32Array)];
    for (let t = 0; t < 30; t++) {
      const s = env.step(Float32Array.from([Math.sin(t), 1, Math.cos(t) - 0.5, t % 2 ? 1 : -1]));
      out.push(...(s.obs as Float32Array), s.reward);
    }
    return out;
  };
  assert.deepEqual(run(), run());
});
