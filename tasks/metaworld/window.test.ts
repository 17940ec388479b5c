import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { WindowInfo } from './window-task.js';

test("window-open-v3 and window-close-v3 reset as Meta-World's: frame box, sash shut (open) or open 0.2 m (close), goal from the frame", () => {
  const cases = [
    { task: 'window-open-v3', lo: [-0.1, 0.7], hi: [0.1, 0.9], z: 0.16, open: 0, goalDx: 0.2 },
    { task: 'window-close-v3', lo: [0, 0.75], hi: [0, 0.9], z: 0.2, open: 0.2, goalDx: 0 },
  ];
  for (const c of cases) {
    const seen = { x: [1, -1], y: [1, -1] };
    forEachReset(c.task, 200, (env, seed) => {
      const base = env.scene.body('window-base').translation();
      const g = env.task.goal;
      const where = `${c.task} seed ${seed}`;
      assert.ok(base.x >= c.lo[0]! && base.x <= c.hi[0]! && base.y >= c.lo[1]! && base.y <= c.hi[1]! && Math.abs(base.z - c.z) < 1e-6, `${where}: frame at ${base.x}, ${base.y}, ${base.z}`);
      assert.ok(Math.abs(env.scene.jointPosition('window') - c.open) < 1e-6, `${where}: sash at ${env.scene.jointPosition('window')}`);
      assert.ok(Math.abs(g.x - base.x - c.goalDx) < 1e-6 && Math.abs(g.y - base.y) < 1e-6 && Math.abs(g.z - c.z) < 1e-6, `${where}: goal ${g.x}, ${g.y}, ${g.z}`);
      assert.equal(env.task.evaluate(env.world).success, false, where);
      seen.x = [Math.min(seen.x[0]!, base.x), Math.max(seen.x[1]!, base.x)];
      seen.y = [Math.min(seen.y[0]!, base.y), Math.max(seen.y[1]!, base.y)];
    });
    assert.ok(seen.x[0]! < c.lo[0]! + 0.01 && seen.x[1]! > c.hi[0]! - 0.01 && seen.y[0]! < c.lo[1]! + 0.01 && seen.y[1]! > c.hi[1]! - 0.01, `${c.task}: the whole box is used: ${seen.x}, ${seen.y}`);
  }
});

test("the observation carries the handle site and zeros for the quaternion, as Meta-World's window tasks", () => {
  for (const [task, siteX] of [['window-open-v3', -0.04], ['window-close-v3', 0.21]] as const) {
    using env = makeSimEnv(task, {});
    const obs = env.reset({ seed: 3 }).obs as Float32Array;
    const base = env.scene.body('window-base').translation();
    assert.ok(Math.abs(obs[4]! - (base.x + siteX)) < 1e-6 && Math.abs(obs[5]! - (base.y - 0.095)) < 1e-6 && Math.abs(obs[6]! - base.z) < 1e-6, `${task}: point ${obs[4]}, ${obs[5]}, ${obs[6]}`);
    assert.deepEqual([...obs.subarray(7, 11)], [0, 0, 0, 0]);
  }
});

test('window-open-v3 succeeds with the handle within 0.05 m of the goal in x: the sash open 0.19 m or more', () => {
  using env = makeSimEnv('window-open-v3', {}) as unknown as SimEnv<WindowInfo>;
  const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('window', q));
  assert.ok(Math.abs(at(0).obj_to_target - 0.24) < 1e-6, `shut: ${at(0).obj_to_target}`);
  assert.equal(at(0.1).success, false);
  assert.equal(at(0.189).success, false);
  assert.equal(at(0.191).success, true);
  // The slide's stop is the XML's 0.2 m.
  assert.ok(Math.abs(at(0.5).obj_to_target - 0.04) < 1e-6, `at the stop: ${at(0.5).obj_to_target}`);
});

test('window-close-v3 succeeds with the handle within 0.05 m of the goal in x: the sash open 0.04 m or less', () => {
  using env = makeSimEnv('window-close-v3', {}) as unknown as SimEnv<WindowInfo>;
  const at = (q: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('window', q));
  assert.ok(Math.abs(at(0.2).obj_to_target - 0.21) < 1e-6, `open: ${at(0.2).obj_to_target}`);
  assert.equal(at(0.2).success, false);
  assert.equal(at(0.041).success, false);
  assert.equal(at(0.039).success, true);
  assert.ok(Math.abs(at(-0.5).obj_to_target - 0.01) < 1e-6, `shut: ${at(-0.5).obj_to_target}`);
  assert.equal(at(0).success, true);
});

test('the dense rewards stay in [0, 10] for the experts and random actions', async () => {
  await assertDenseRewardBounded('window-open-v3', [0], false);
  await assertDenseRewardBounded('window-close-v3', [0], false);
});

test('the scripted experts open and close the window on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('window-open-v3', 18);
  await assertExpertSolves('window-close-v3', 18);
});
