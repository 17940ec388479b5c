import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCRIPTED_EXPERTS } from '../../policies/scripted/scripted-experts.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { ButtonPressInfo } from './button-press-topdown.js';
import { wallOverlap } from './wall-object.js';

test("button-press-topdown-wall-v3 resets as Meta-World's: box in [-0.1, 0.1] x [0.8, 0.9] at z 0.115, goal the hole site, the wall at x 0..0.2, y 0.69..0.71", () => {
  let lo = { x: 1, y: 1 };
  let hi = { x: -1, y: -1 };
  forEachReset('button-press-topdown-wall-v3', 200, (env, seed) => {
    const base = env.scene.body('button-base').translation();
    const g = env.task.goal;
    assert.ok(base.x >= -0.1 && base.x <= 0.1 && base.y >= 0.8 && base.y <= 0.9 && Math.abs(base.z - 0.115) < 1e-6, `seed ${seed}: box at ${base.x}, ${base.y}, ${base.z}`);
    assert.ok(Math.abs(g.x - base.x) < 1e-6 && Math.abs(g.y - base.y) < 1e-6 && Math.abs(g.z - 0.215) < 1e-6, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.equal(env.task.evaluate(env.world).success, false);
    lo = { x: Math.min(lo.x, base.x), y: Math.min(lo.y, base.y) };
    hi = { x: Math.max(hi.x, base.x), y: Math.max(hi.y, base.y) };
  });
  assert.ok(lo.x < -0.09 && hi.x > 0.09 && lo.y < 0.81 && hi.y > 0.89, `the whole box is used: ${lo.x}..${hi.x}, ${lo.y}..${hi.y}`);
  using env = makeSimEnv('button-press-topdown-wall-v3', {});
  const w = env.scene.body('wall').translation();
  assert.deepEqual([w.x, w.y, w.z].map((v) => Number(v.toFixed(6))), [0.1, 0.7, 0.075]);
});

test('button-press-topdown-wall-v3 succeeds as the top-down task: pressed 0.069 m or more', () => {
  using env = makeSimEnv('button-press-topdown-wall-v3', {}) as unknown as SimEnv<ButtonPressInfo>;
  const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('button', q));
  assert.equal(at(0).success, false);
  assert.equal(at(-0.068).success, false);
  assert.equal(at(-0.0695).success, true);
});

test("button-press-topdown-wall-v3's gripper term is max(obs[3], 0): the open hand at the pressed button pays 10, the top-down task's 5", () => {
  const reward = (task: string) => {
    using env = makeSimEnv(task, {}) as unknown as SimEnv<ButtonPressInfo>;
    const info = evaluateArranged(env, 4, (scene) => scene.setJointPosition('button', -0.093));
    return env.task.denseReward(env.world, { ...info, tcp_to_obj: 0.005 }, [0, 0, 0, -1]);
  };
  const wall = reward('button-press-topdown-wall-v3');
  const plain = reward('button-press-topdown-v3');
  assert.ok(wall > 9.9 && wall <= 10, `wall: ${wall}`);
  assert.ok(plain > 4.9 && plain < 5.1, `top-down: ${plain}`);
});

test('button-press-topdown-wall-v3: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('button-press-topdown-wall-v3', [0], false);
});

test('button-press-topdown-wall-v3: the scripted expert presses the button on at least 18 of 20 seeds, never entering the wall', async () => {
  await assertExpertSolves('button-press-topdown-wall-v3', 18);
  const expert = SCRIPTED_EXPERTS.get('button-press-topdown-wall-v3');
  let deepest = 0;
  for (const seed of [0, 1, 2]) {
    using env = makeSimEnv('button-press-topdown-wall-v3', { controlMode: expert.controlMode });
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

test('button-press-topdown-wall-v3 replays bitwise from the same seed and actions', () => {
  const run = () => {
    using env = makeSimEnv('button-press-topdown-wall-v3', {});
    const out: number[] = [...(env.reset({ seed: 11 }).obs as Float32Array)];
    for (let t = 0; t < 30; t++) {
      const s = env.step(Float32Array.from([Math.sin(t), 1, Math.cos(t) - 0.5, t % 2 ? 1 : -1]));
      out.push(...(s.obs as Float32Array), s.reward);
    }
    return out;
  };
  assert.deepEqual(run(), run());
});
