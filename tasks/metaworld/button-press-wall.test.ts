import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCRIPTED_EXPERTS } from '../../policies/scripted/scripted-experts.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { ButtonPressInfo } from './button-press-topdown.js';
import { wallOverlap } from './wall-object.js';

test("button-press-wall-v3 resets as Meta-World's: box in [-0.05, 0.05] x [0.85, 0.9] x [0.1149, 0.1151], the wall at x 0..0.2, y 0.59..0.61, up to 0.15", () => {
  let lo = { x: 1, y: 1 };
  let hi = { x: -1, y: -1 };
  forEachReset('button-press-wall-v3', 200, (env, seed) => {
    const base = env.scene.body('button-base').translation();
    const g = env.task.goal;
    assert.ok(base.x >= -0.05 && base.x <= 0.05 && base.y >= 0.85 && base.y <= 0.9 && base.z >= 0.1149 && base.z <= 0.1151, `seed ${seed}: box at ${base.x}, ${base.y}, ${base.z}`);
    assert.ok(Math.abs(g.x - base.x) < 1e-6 && Math.abs(g.y - (base.y - 0.1)) < 1e-6 && Math.abs(g.z - base.z) < 1e-6, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.equal(env.task.evaluate(env.world).success, false);
    lo = { x: Math.min(lo.x, base.x), y: Math.min(lo.y, base.y) };
    hi = { x: Math.max(hi.x, base.x), y: Math.max(hi.y, base.y) };
  });
  assert.ok(lo.x < -0.045 && hi.x > 0.045 && lo.y < 0.855 && hi.y > 0.895, `the whole box is used: ${lo.x}..${hi.x}, ${lo.y}..${hi.y}`);
  using env = makeSimEnv('button-press-wall-v3', {});
  const w = env.scene.body('wall').translation();
  assert.deepEqual([w.x, w.y, w.z].map((v) => Number(v.toFixed(6))), [0.1, 0.6, 0.075]);
});

test('button-press-wall-v3 succeeds with the cap face within 0.03 m of the goal in y: pressed 0.063 m or more', () => {
  using env = makeSimEnv('button-press-wall-v3', {}) as unknown as SimEnv<ButtonPressInfo>;
  const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('button', q));
  assert.ok(Math.abs(at(0).obj_to_target - 0.093) < 1e-6, `out: ${at(0).obj_to_target}`);
  assert.equal(at(0).success, false);
  assert.equal(at(-0.0625).success, false);
  assert.equal(at(-0.0635).success, true);
});

test('button-press-wall-v3: within 0.07 m of the cap with the gripper open pays 2 + 4 + 4 x pressed²: 10 pressed home', () => {
  using env = makeSimEnv('button-press-wall-v3', {}) as unknown as SimEnv<ButtonPressInfo>;
  const info = evaluateArranged(env, 4, (scene) => scene.setJointPosition('button', -0.093));
  const r = env.task.denseReward(env.world, { ...info, tcp_to_obj: 0.05 }, [0, 0, 0, -1]);
  assert.ok(r > 9.99 && r <= 10, `pressed home, open, near: ${r}`);
  const far = env.task.denseReward(env.world, { ...info, tcp_to_obj: 0.2 }, [0, 0, 0, -1]);
  assert.ok(far < 2, `far: ${far}`);
});

test('button-press-wall-v3: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('button-press-wall-v3', [0], false);
});

test('button-press-wall-v3: the scripted expert presses the button on at least 18 of 20 seeds, never entering the wall', async () => {
  await assertExpertSolves('button-press-wall-v3', 18);
  const expert = SCRIPTED_EXPERTS.get('button-press-wall-v3');
  let deepest = 0;
  for (const seed of [0, 1, 2]) {
    using env = makeSimEnv('button-press-wall-v3', { controlMode: expert.controlMode });
    const policy = expert.create(env.observationSpace);
    policy.reset();
    let obs = env.reset({ seed }).obs as Float32Array;
    const action = new Float32Array(4);
    for (let t = 0; t < 80; t++) {
      await policy.act(obs, 1, action);
      obs = env.step(action).obs as Float32Array;
      deepest = Math.max(deepest, wallOverlap(env.scene));
    }
  }
  assert.ok(deepest <= 0.002, `the arm went ${(1000 * deepest).toFixed(1)} mm into the wall`);
});

test('button-press-wall-v3 replays bitwise from the same seed and actions', () => {
  const run = () => {
    using env = makeSimEnv('button-press-wall-v3', {});
    const out: number[] = [...(env.reset({ seed: 11 }).obs as Float32Array)];
    for (let t = 0; t < 30; t++) {
      const s = env.step(Float32Array.from([Math.sin(t), 1, Math.cos(t) - 0.5, t % 2 ? 1 : -1]));
      out.push(...(s.obs as Float32Array), s.reward);
    }
    return out;
  };
  assert.deepEqual(run(), run());
});
