import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCRIPTED_EXPERTS } from '../../policies/scripted/scripted-experts.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { FaucetInfo } from './faucet-task.js';

const CASES = [
  { task: 'faucet-open-v3', lo: [-0.05, 0.8], hi: [0.05, 0.85], goalDx: 0.175, siteX: -0.015 },
  { task: 'faucet-close-v3', lo: [-0.1, 0.8], hi: [0.1, 0.85], goalDx: -0.175, siteX: 0.015 },
] as const;

test("faucet-open-v3 and faucet-close-v3 reset as Meta-World's: base box on the table, handle at 0, goal the base + (±0.175, 0, 0.125)", () => {
  for (const c of CASES) {
    const seen = { x: [1, -1], y: [1, -1] };
    forEachReset(c.task, 200, (env, seed) => {
      const base = env.scene.body('faucet-base').translation();
      const g = env.task.goal;
      const where = `${c.task} seed ${seed}`;
      assert.ok(base.x >= c.lo[0] && base.x <= c.hi[0] && base.y >= c.lo[1] && base.y <= c.hi[1] && Math.abs(base.z) < 1e-6, `${where}: base at ${base.x}, ${base.y}, ${base.z}`);
      assert.ok(Math.abs(env.scene.jointPosition('faucet')) < 1e-6, `${where}: handle at ${env.scene.jointPosition('faucet')}`);
      assert.ok(Math.abs(g.x - base.x - c.goalDx) < 1e-6 && Math.abs(g.y - base.y) < 1e-6 && Math.abs(g.z - 0.125) < 1e-6, `${where}: goal ${g.x}, ${g.y}, ${g.z}`);
      assert.equal(env.task.evaluate(env.world).success, false, where);
      seen.x = [Math.min(seen.x[0]!, base.x), Math.max(seen.x[1]!, base.x)];
      seen.y = [Math.min(seen.y[0]!, base.y), Math.max(seen.y[1]!, base.y)];
    });
    assert.ok(seen.x[0]! < c.lo[0] + 0.01 && seen.x[1]! > c.hi[0] - 0.01 && seen.y[0]! < c.lo[1] + 0.005 && seen.y[1]! > c.hi[1] - 0.005, `${c.task}: the whole box is used: ${seen.x}, ${seen.y}`);
  }
});

test('the observation carries the lever-end site 0.01 m lower and the base\'s raw quaternion (1, 0, 0, 0)', () => {
  for (const c of CASES) {
    using env = makeSimEnv(c.task, {});
    const obs = env.reset({ seed: 3 }).obs as Float32Array;
    const base = env.scene.body('faucet-base').translation();
    assert.ok(Math.abs(obs[4]! - (base.x + c.siteX)) < 1e-6 && Math.abs(obs[5]! - (base.y - 0.175)) < 1e-6 && Math.abs(obs[6]! - 0.114) < 1e-6, `${c.task}: point ${obs[4]}, ${obs[5]}, ${obs[6]}`);
    assert.deepEqual([...obs.subarray(7, 11)], [1, 0, 0, 0]);
  }
});

test('faucet-open-v3 succeeds with the handle turned 1.374 rad or more, faucet-close-v3 with -1.26 or further; the stops are at ±1.57', () => {
  for (const [task, below, above, stop] of [['faucet-open-v3', 1.37, 1.38, 1.57], ['faucet-close-v3', -1.255, -1.265, -1.57]] as const) {
    using env = makeSimEnv(task, {}) as unknown as SimEnv<FaucetInfo>;
    const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('faucet', q));
    assert.equal(at(0).success, false, task);
    assert.equal(at(below).success, false, `${task} at ${below}`);
    assert.equal(at(above).success, true, `${task} at ${above}`);
    assert.equal(at(-stop).success, false, `${task}: the other way`);
    at(3 * stop);
    assert.ok(Math.abs(env.scene.jointPosition('faucet') - stop) < 1e-6, `${task}: held at ${env.scene.jointPosition('faucet')}`);
  }
});

test('faucet tasks: the dense reward stays in [0, 10] for the expert and random actions, 10 on success', async () => {
  for (const c of CASES) await assertDenseRewardBounded(c.task, [0]);
});

test('faucet tasks: the scripted expert turns the lever on at least 18 of 20 seeds', async () => {
  for (const c of CASES) await assertExpertSolves(c.task, 18);
});

test('faucet tasks: pushed by the expert, the handle stays within its stops', async () => {
  for (const c of CASES) {
    const expert = SCRIPTED_EXPERTS.get(c.task);
    using env = makeSimEnv(c.task, { controlMode: expert.controlMode });
    const policy = expert.create(env.observationSpace);
    policy.reset();
    let obs = env.reset({ seed: 2 }).obs as Float32Array;
    let furthest = 0;
    for (let t = 0; t < 200; t++) {
      obs = env.step(await policy.act(obs, 1)).obs as Float32Array;
      furthest = Math.max(furthest, Math.abs(env.scene.jointPosition('faucet')));
    }
    assert.ok(furthest > 1.37 && furthest <= 1.57 + 0.01, `${c.task}: turned ${furthest} rad at the most`);
  }
});
