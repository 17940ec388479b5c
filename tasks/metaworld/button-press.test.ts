import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { ButtonPressInfo } from './button-press-topdown.js';

test("button-press-v3 resets as Meta-World's: box in [-0.1, 0.1] x [0.85, 0.9] at z 0.115, button out, goal the hole site 0.1 m in front of the box", () => {
  let lo = { x: 1, y: 1 };
  let hi = { x: -1, y: -1 };
  forEachReset('button-press-v3', 200, (env, seed) => {
    const base = env.scene.body('button-base').translation();
    const g = env.task.goal;
    assert.ok(base.x >= -0.1 && base.x <= 0.1 && base.y >= 0.85 && base.y <= 0.9 && Math.abs(base.z - 0.115) < 1e-6, `seed ${seed}: box at ${base.x}, ${base.y}, ${base.z}`);
    assert.ok(Math.abs(env.scene.jointPosition('button')) < 1e-6, `seed ${seed}: button at ${env.scene.jointPosition('button')}`);
    assert.ok(Math.abs(g.x - base.x) < 1e-6 && Math.abs(g.y - (base.y - 0.1)) < 1e-6 && Math.abs(g.z - 0.115) < 1e-6, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.equal(env.task.evaluate(env.world).success, false);
    lo = { x: Math.min(lo.x, base.x), y: Math.min(lo.y, base.y) };
    hi = { x: Math.max(hi.x, base.x), y: Math.max(hi.y, base.y) };
  });
  assert.ok(lo.x < -0.09 && hi.x > 0.09 && lo.y < 0.855 && hi.y > 0.895, `the whole box is used: ${lo.x}..${hi.x}, ${lo.y}..${hi.y}`);
});

test("the observation carries the cap's face 0.193 m in front of the box and the button's raw xquat (1, 0, 0, 0)", () => {
  using env = makeSimEnv('button-press-v3', {});
  const obs = env.reset({ seed: 5 }).obs as Float32Array;
  const base = env.scene.body('button-base').translation();
  assert.ok(Math.abs(obs[4]! - base.x) < 1e-6 && Math.abs(obs[5]! - (base.y - 0.193)) < 1e-6 && Math.abs(obs[6]! - 0.115) < 1e-6, `point ${obs[4]}, ${obs[5]}, ${obs[6]}`);
  assert.deepEqual([...obs.subarray(7, 11)], [1, 0, 0, 0]);
  assert.ok(Math.abs(obs[37]! - (base.y - 0.1)) < 1e-6, `goal y ${obs[37]}`);
});

test('button-press-v3 succeeds with the cap face within 0.02 m of the goal in y: pressed 0.073 m or more, past the XML stop', () => {
  using env = makeSimEnv('button-press-v3', {}) as unknown as SimEnv<ButtonPressInfo>;
  const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('button', q));
  assert.ok(Math.abs(at(0).obj_to_target - 0.093) < 1e-6, `out: ${at(0).obj_to_target}`);
  assert.equal(at(0).success, false);
  assert.equal(at(-0.06).success, false);
  assert.equal(at(-0.0725).success, false);
  assert.equal(at(-0.0735).success, true);
  // The stop holds at the depth measured in MuJoCo (0.094).
  assert.ok(Math.abs(at(-0.2).obj_to_target - 0.001) < 1e-6, `at the stop: ${at(-0.2).obj_to_target}`);
});

test('button-press-v3: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('button-press-v3', [0], false);
});

test('button-press-v3: the scripted expert presses the button on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('button-press-v3', 18);
});

test('button-press-v3 replays bitwise from the same seed and actions', () => {
  const run = () => {
    using env = makeSimEnv('button-press-v3', {});
    const out: number[] = [...(env.reset({ seed: 11 }).obs as Float32Array)];
    for (let t = 0; t < 30; t++) {
      const s = env.step(Float32Array.from([Math.sin(t), 1, Math.cos(t) - 0.5, t % 2 ? 1 : -1]));
      out.push(...(s.obs as Float32Array), s.reward);
    }
    return out;
  };
  assert.deepEqual(run(), run());
});
