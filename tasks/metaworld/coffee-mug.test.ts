import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { PushInfo } from './push.js';

const CASES = [
  { task: 'coffee-push-v3', mug: [[-0.1, 0.55], [0.1, 0.65]], goal: [[-0.05, 0.7], [0.05, 0.75]], spoutOver: 'goal' },
  { task: 'coffee-pull-v3', mug: [[-0.05, 0.7], [0.05, 0.75]], goal: [[-0.1, 0.55], [0.1, 0.65]], spoutOver: 'mug' },
] as const;

const inBox = (p: { x: number; y: number }, box: readonly (readonly number[])[]) => p.x >= box[0]![0]! && p.x <= box[1]![0]! && p.y >= box[0]![1]! && p.y <= box[1]![1]!;

test("coffee-push-v3 and coffee-pull-v3 reset as Meta-World's: mug foot and goal in their boxes 0.15 m apart, the machine's spout over the goal (push) or the mug (pull)", () => {
  for (const c of CASES) {
    const seen = { mx: [1, -1], gy: [1, -1] };
    forEachReset(c.task, 200, (env, seed) => {
      const centre = env.scene.body('obj').translation();
      const foot = { x: centre.x, y: centre.y, z: centre.z - 0.035 };
      const g = env.task.goal;
      const m = env.scene.body('coffee-button-base').translation();
      const where = `${c.task} seed ${seed}`;
      assert.ok(inBox(foot, c.mug) && Math.abs(foot.z) <= 0.001 + 1e-9, `${where}: mug foot at ${foot.x}, ${foot.y}, ${foot.z}`);
      assert.ok(inBox(g, c.goal) && Math.abs(g.z) <= 0.001 + 1e-9, `${where}: goal at ${g.x}, ${g.y}, ${g.z}`);
      assert.ok(Math.hypot(foot.x - g.x, foot.y - g.y) >= 0.15, `${where}: ${Math.hypot(foot.x - g.x, foot.y - g.y)} apart`);
      const under = c.spoutOver === 'goal' ? g : foot;
      assert.ok(Math.abs(m.x - under.x) < 1e-6 && Math.abs(m.y - under.y - 0.22) < 1e-6 && Math.abs(m.z - under.z) < 1e-6, `${where}: machine at ${m.x}, ${m.y}, ${m.z}`);
      assert.equal(env.task.evaluate(env.world).success, false, where);
      seen.mx = [Math.min(seen.mx[0]!, foot.x), Math.max(seen.mx[1]!, foot.x)];
      seen.gy = [Math.min(seen.gy[0]!, g.y), Math.max(seen.gy[1]!, g.y)];
    });
    assert.ok(seen.mx[0]! < c.mug[0][0] + 0.01 && seen.mx[1]! > c.mug[1][0] - 0.01 && seen.gy[0]! < c.goal[0][1] + 0.01 && seen.gy[1]! > c.goal[1][1] - 0.01, `${c.task}: the boxes are used: ${JSON.stringify(seen)}`);
  }
});

test("the observation carries the mug's foot and rotation (x, y, z, w)", () => {
  using env = makeSimEnv('coffee-push-v3', {});
  const obs = env.reset({ seed: 3 }).obs as Float32Array;
  const c = env.scene.body('obj').translation();
  assert.deepEqual([...obs.subarray(4, 11)].map((v) => Number(v.toFixed(5))), [c.x, c.y, c.z - 0.035, 0, 0, 0, 1].map((v) => Number(v.toFixed(5))));
});

test('coffee tasks succeed with the mug foot within 0.07 m of the goal; the reward pays 10 once the doubled-xy distance is under 0.05', () => {
  using env = makeSimEnv('coffee-pull-v3', { rewardMode: 'dense' }) as unknown as SimEnv<PushInfo>;
  const at = (dx: number) =>
    evaluateArranged(env, 2, (scene) => {
      const g = env.task.goal;
      scene.placeObject('obj', { p: { x: g.x + dx, y: g.y, z: g.z + 0.035 }, q: { w: 1, x: 0, y: 0, z: 0 } });
    });
  assert.equal(at(0.0705).success, false);
  assert.equal(at(0.0695).success, true);
  assert.ok(env.task.denseReward(env.world, at(0.03), [0, 0, 0, 0]) < 10);
  assert.equal(env.task.denseReward(env.world, at(0.024), [0, 0, 0, 0]), 10);
});

test('coffee tasks: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  for (const c of CASES) await assertDenseRewardBounded(c.task, [0], false);
});

test('coffee tasks: the scripted expert brings the mug to the goal on at least 18 of 20 seeds', async () => {
  for (const c of CASES) await assertExpertSolves(c.task, 18);
});
