import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pose } from '../../math/pose.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import type { ObservationDict } from '../env.js';
import { makeEnv, makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { PickPlaceInfo } from './pick-place.js';
import { PickPlaceExpert } from '../../policies/scripted/pick-place-v3-expert.js';

const TASK = 'pick-place-v3';
const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };

test("pick-place-v3 resets as Meta-World's: object standing in [-0.1, 0.1] x [0.6, 0.7], goal in [-0.1, 0.1] x [0.8, 0.9] x [0.05, 0.3], 0.15 m apart in xy; hand at (0, 0.6, 0.2), open", () => {
  const p = pose();
  const seen = { zLow: 1, zHigh: 0, xLow: 1, xHigh: -1 };
  forEachReset(TASK, 200, (env, seed) => {
    const o = env.world.objectPose('obj', p).p;
    const g = env.task.goal;
    assert.ok(o.x >= -0.1 && o.x <= 0.1 && o.y >= 0.6 && o.y <= 0.7 && Math.abs(o.z - 0.02) < 1e-6, `seed ${seed}: object at ${o.x}, ${o.y}, ${o.z}`);
    assert.ok(g.x >= -0.1 && g.x <= 0.1 && g.y >= 0.8 && g.y <= 0.9 && g.z >= 0.05 && g.z <= 0.3, `seed ${seed}: goal at ${g.x}, ${g.y}, ${g.z}`);
    assert.ok(Math.hypot(o.x - g.x, o.y - g.y) >= 0.15);
    assert.equal(env.task.evaluate(env.world).success, false);
    seen.zLow = Math.min(seen.zLow, g.z);
    seen.zHigh = Math.max(seen.zHigh, g.z);
    seen.xLow = Math.min(seen.xLow, o.x);
    seen.xHigh = Math.max(seen.xHigh, o.x);
  });
  assert.ok(seen.zLow < 0.06 && seen.zHigh > 0.29 && seen.xLow < -0.09 && seen.xHigh > 0.09, `the whole range is used: ${JSON.stringify(seen)}`);
  using env = makeEnv(TASK, { obsMode: 'state_dict' });
  assert.equal(env.observationSpace.size, 39);
  const o = env.reset({ seed: 3 }).obs as ObservationDict;
  assert.ok(Math.hypot(o['hand_pos']![0]!, o['hand_pos']![1]! - 0.6, o['hand_pos']![2]! - 0.2) < 1e-3, `hand at ${o['hand_pos']}`);
  assert.ok(o['gripper_distance_apart']![0]! > 0.99);
});

test('success is the object within 0.07 m of the goal (not the reward\'s 0.05), wherever the hand is', () => {
  using env = makeSimEnv(TASK, {}) as unknown as SimEnv<PickPlaceInfo>;
  const at = (d: number, axis: 'x' | 'y' | 'z') =>
    evaluateArranged(env, 7, (scene) => {
      const g = { ...env.task.goal };
      g[axis] += axis === 'y' ? -d : d;
      scene.placeObject('obj', { p: g, q: UPRIGHT });
    });
  for (const axis of ['x', 'y', 'z'] as const) {
    assert.equal(at(0.069, axis).success, true, `0.069 m off along ${axis}`);
    assert.equal(at(0.071, axis).success, false, `0.071 m off along ${axis}`);
  }
  const r = at(0.06, 'z');
  assert.ok(Math.abs(r.obj_to_target - 0.06) < 1e-6 && r.near_object === false && r.grasp_success === false);
});

test('the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded(TASK, [0, 1], false);
});

test('the reward pays for holding the object up near the TCP: above 1 while carried, 10 within 0.05 m of the goal', () => {
  using env = makeEnv(TASK, { obsMode: 'state_dict', rewardMode: 'dense' });
  const flat = makeEnv(TASK);
  const expert = new PickPlaceExpert(flat.observationSpace);
  flat.close();
  expert.reset(1);
  let o = env.reset({ seed: 11 }).obs as ObservationDict;
  let carried = 0;
  let firstReward = -1;
  for (let t = 0; t < 500; t++) {
    const r = env.step(expert.act(Float32Array.from(Object.values(o).flatMap((v) => [...v]))));
    o = r.obs as ObservationDict;
    if (t === 0) firstReward = r.reward;
    const d = Math.hypot(...[0, 1, 2].map((i) => o['obj_pose']![i]! - o['goal_pos']![i]!));
    if (d < 0.05 - 1e-5) assert.equal(r.reward, 10);
    else if (o['obj_pose']![2]! > 0.04 && d > 0.05 + 1e-5) {
      assert.ok(r.reward > 1 && r.reward < 7, `step ${t}: carried, reward ${r.reward}`);
      carried++;
    }
  }
  assert.ok(carried > 5, `carried for ${carried} steps`);
  assert.ok(firstReward >= 0 && firstReward < 0.5, `far from the object the reward is small (${firstReward})`);
});

test('the scripted expert solves pick-place-v3 on at least 18 of 20 seeds', async () => {
  await assertExpertSolves(TASK, 18);
});

