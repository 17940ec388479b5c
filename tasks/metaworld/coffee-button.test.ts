import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { ButtonPressInfo } from './button-press-topdown.js';

test("coffee-button-v3 resets as Meta-World's: machine in [-0.1, 0.1] x [0.8, 0.9] x [-0.001, 0.001], button out, mug under the spout, goal the face pressed 0.03 m", () => {
  const seen = { x: [1, -1], y: [1, -1] };
  forEachReset('coffee-button-v3', 200, (env, seed) => {
    const m = env.scene.body('coffee-button-base').translation();
    const mug = env.scene.body('obj').translation();
    const g = env.task.goal;
    assert.ok(m.x >= -0.1 && m.x <= 0.1 && m.y >= 0.8 && m.y <= 0.9 && Math.abs(m.z) <= 0.001, `seed ${seed}: machine at ${m.x}, ${m.y}, ${m.z}`);
    assert.ok(Math.abs(env.scene.jointPosition('coffee-button')) < 1e-6, `seed ${seed}: button at ${env.scene.jointPosition('coffee-button')}`);
    assert.ok(Math.abs(mug.x - m.x) < 1e-6 && Math.abs(mug.y - m.y + 0.22) < 1e-6 && Math.abs(mug.z - m.z - 0.035) < 1e-6, `seed ${seed}: mug at ${mug.x}, ${mug.y}, ${mug.z}`);
    assert.ok(Math.abs(g.x - m.x) < 1e-6 && Math.abs(g.y - m.y + 0.19) < 1e-6 && Math.abs(g.z - m.z - 0.3) < 1e-6, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.equal(env.task.evaluate(env.world).success, false);
    seen.x = [Math.min(seen.x[0]!, m.x), Math.max(seen.x[1]!, m.x)];
    seen.y = [Math.min(seen.y[0]!, m.y), Math.max(seen.y[1]!, m.y)];
  });
  assert.ok(seen.x[0]! < -0.09 && seen.x[1]! > 0.09 && seen.y[0]! < 0.81 && seen.y[1]! > 0.89, `the whole box is used: ${seen.x}, ${seen.y}`);
});

test("the observation carries the button's face (buttonStart) and Meta-World's constant quaternion (1, 0, 0, 0)", () => {
  using env = makeSimEnv('coffee-button-v3', {});
  const obs = env.reset({ seed: 5 }).obs as Float32Array;
  const m = env.scene.body('coffee-button-base').translation();
  assert.ok(Math.abs(obs[4]! - m.x) < 1e-6 && Math.abs(obs[5]! - (m.y - 0.22)) < 1e-6 && Math.abs(obs[6]! - (m.z + 0.3)) < 1e-6, `point ${obs[4]}, ${obs[5]}, ${obs[6]}`);
  assert.deepEqual([...obs.subarray(7, 11)], [1, 0, 0, 0]);
  assert.ok(Math.abs(obs[37]! - (m.y - 0.19)) < 1e-6, `goal y ${obs[37]}`);
});

test('coffee-button-v3 succeeds with the face within 0.02 m of the goal in y: the button pressed 0.01 m; its stop is the XML\'s 0.03 m', () => {
  using env = makeSimEnv('coffee-button-v3', {}) as unknown as SimEnv<ButtonPressInfo>;
  const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('coffee-button', q));
  assert.equal(at(0).success, false);
  assert.equal(at(0.0095).success, false);
  assert.equal(at(0.0105).success, true);
  assert.ok(Math.abs(at(0.1).obj_to_target) < 1e-6, `at the stop: ${at(0.1).obj_to_target}`);
});

test('coffee-button-v3: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('coffee-button-v3', [0], false);
});

test('coffee-button-v3: the scripted expert presses the button on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('coffee-button-v3', 18);
});
