import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { ButtonPressInfo } from './button-press-topdown.js';

test("button-press-topdown-v3 resets as Meta-World's: box in [-0.1, 0.1] x [0.8, 0.9] at z 0.115, button up, goal the hole site 0.1 m above the box", () => {
  let lo = { x: 1, y: 1 };
  let hi = { x: -1, y: -1 };
  forEachReset('button-press-topdown-v3', 200, (env, seed) => {
    const base = env.scene.body('button-base').translation();
    const g = env.task.goal;
    assert.ok(base.x >= -0.1 && base.x <= 0.1 && base.y >= 0.8 && base.y <= 0.9 && Math.abs(base.z - 0.115) < 1e-6, `seed ${seed}: box at ${base.x}, ${base.y}, ${base.z}`);
    assert.ok(Math.abs(env.scene.jointPosition('button')) < 1e-6, `seed ${seed}: button at ${env.scene.jointPosition('button')}`);
    assert.ok(Math.abs(g.x - base.x) < 1e-6 && Math.abs(g.y - base.y) < 1e-6 && Math.abs(g.z - 0.215) < 1e-6, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.equal(env.task.evaluate(env.world).success, false);
    lo = { x: Math.min(lo.x, base.x), y: Math.min(lo.y, base.y) };
    hi = { x: Math.max(hi.x, base.x), y: Math.max(hi.y, base.y) };
  });
  assert.ok(lo.x < -0.09 && hi.x > 0.09 && lo.y < 0.81 && hi.y > 0.89, `the whole box is used: ${lo.x}..${hi.x}, ${lo.y}..${hi.y}`);
});

test("the observation carries the cap's top and the box's turn as Meta-World's raw xquat (w, x, y, z)", () => {
  using env = makeSimEnv('button-press-topdown-v3', {});
  const obs = env.reset({ seed: 5 }).obs as Float32Array;
  const base = env.scene.body('button-base').translation();
  assert.ok(Math.abs(obs[4]! - base.x) < 1e-6 && Math.abs(obs[5]! - base.y) < 1e-6 && Math.abs(obs[6]! - (0.115 + 0.193)) < 1e-6, `point ${obs[4]}, ${obs[5]}, ${obs[6]}`);
  // MuJoCo's xquat of the box body euler="-1.57 0 0".
  assert.deepEqual([...obs.subarray(7, 11)].map((v) => Number(v.toFixed(4))), [0.7074, -0.7068, 0, 0]);
  assert.deepEqual([...obs.subarray(36, 39)].map((v) => Number(v.toFixed(4))), [Number(base.x.toFixed(4)), Number(base.y.toFixed(4)), 0.215]);
});

test('button-press-topdown-v3 succeeds with the cap top within 0.024 m of the goal height: pressed 0.069 m or more, past the XML stop', () => {
  using env = makeSimEnv('button-press-topdown-v3', {}) as unknown as SimEnv<ButtonPressInfo>;
  const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('button', q));
  assert.ok(Math.abs(at(0).obj_to_target - 0.093) < 1e-6, `up: ${at(0).obj_to_target}`);
  assert.equal(at(0).success, false);
  assert.equal(at(-0.06).success, false);
  assert.equal(at(-0.068).success, false);
  assert.equal(at(-0.0695).success, true);
  assert.equal(at(-0.09).success, true);
  // The stop holds at the depth measured in MuJoCo (0.094).
  assert.ok(Math.abs(at(-0.2).obj_to_target - 0.001) < 1e-6, `at the stop: ${at(-0.2).obj_to_target}`);
});

test('the button springs back up when let go', () => {
  using env = makeSimEnv('button-press-topdown-v3', {});
  env.reset({ seed: 1 });
  env.scene.setJointPosition('button', -0.05);
  for (let t = 0; t < 80; t++) env.step(Float32Array.from([0, 0, 0, -1]));
  assert.ok(env.scene.jointPosition('button') > -0.002, `after 1 s: ${env.scene.jointPosition('button')}`);
});

test('the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('button-press-topdown-v3', [0], false);
});

test('the scripted expert presses the button on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('button-press-topdown-v3', 18);
});
