import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { DrawerOpenInfo } from './drawer-open.js';
import type { DrawerCloseInfo } from './drawer-close.js';

test("drawer-open-v3 and drawer-close-v3 reset as Meta-World's: case x in [-0.1, 0.1] at y 0.9, drawer shut (open) or out 0.15 m (close), goal from the case", () => {
  for (const [task, open, goalDy] of [['drawer-open-v3', 0, -0.36], ['drawer-close-v3', 0.15, -0.16]] as const) {
    let xLow = 1;
    let xHigh = -1;
    forEachReset(task, 200, (env, seed) => {
      const base = env.scene.body('drawer-base').translation();
      const g = env.task.goal;
      assert.ok(base.x >= -0.1 && base.x <= 0.1 && Math.abs(base.y - 0.9) < 1e-6 && Math.abs(base.z - 0.084) < 1e-6, `${task} seed ${seed}: case at ${base.x}, ${base.y}, ${base.z}`);
      assert.ok(Math.abs(env.scene.jointPosition('drawer') + open) < 1e-6, `${task} seed ${seed}: drawer at ${env.scene.jointPosition('drawer')}`);
      assert.ok(Math.abs(g.x - base.x) < 1e-6 && Math.abs(g.y - (0.9 + goalDy)) < 1e-6 && Math.abs(g.z - 0.09) < 1e-6, `${task} seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
      assert.equal(env.task.evaluate(env.world).success, false);
      xLow = Math.min(xLow, base.x);
      xHigh = Math.max(xHigh, base.x);
    });
    assert.ok(xLow < -0.09 && xHigh > 0.09, `${task}: the whole range is used: ${xLow}..${xHigh}`);
  }
});

test('drawer-open-v3 succeeds with its observed point within 0.03 m of the goal: the drawer at its stop, 0.16 m out or more', () => {
  using env = makeSimEnv('drawer-open-v3', {}) as unknown as SimEnv<DrawerOpenInfo>;
  const at = (open: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('drawer', -open));
  // The point is 0.19 m from the goal along y when shut, level with it.
  assert.equal(at(0.162).success, true);
  assert.equal(at(0.1605).success, true);
  assert.equal(at(0.159).success, false);
  assert.equal(at(0).success, false);
  assert.ok(Math.abs(at(0).obj_to_target - 0.19) < 1e-6, `shut: ${at(0).obj_to_target}`);
});

test('drawer-close-v3 succeeds with its observed point within 0.065 m of the goal: shut and out up to about 3.1 cm', () => {
  using env = makeSimEnv('drawer-close-v3', {}) as unknown as SimEnv<DrawerCloseInfo>;
  const at = (open: number) => evaluateArranged(env, 4, (scene) => scene.setJointPosition('drawer', -open));
  assert.equal(at(0).success, true);
  assert.ok(Math.abs(at(0).obj_to_target - Math.hypot(0.01, 0.05)) < 1e-6, `shut: ${at(0).obj_to_target}`);
  // sqrt((0.01 + d)^2 + 0.05^2) = 0.065 at d = 0.0315.
  assert.equal(at(0.030).success, true);
  assert.equal(at(0.033).success, false);
  assert.equal(at(0.15).success, false);
});

test('the dense rewards stay in [0, 10] for the experts and random actions', async () => {
  await assertDenseRewardBounded('drawer-open-v3', [0], false);
  await assertDenseRewardBounded('drawer-close-v3', [0]);
});

test('the scripted experts open and close the drawer on at least 18 of 20 seeds', async () => {
  await assertExpertSolves('drawer-open-v3', 18);
  await assertExpertSolves('drawer-close-v3', 18);
});
