import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import { PUSH_T_GOAL } from './push-t.js';
import { TeeOverlap, teeYaw } from './tee-overlap.js';
import type { Scene } from '../../sim/scene.js';

const G = PUSH_T_GOAL;
const yawQuat = (yaw: number) => ({ w: Math.cos(yaw / 2), x: 0, y: 0, z: Math.sin(yaw / 2) });
// The goal frame's +y in the world, and the place one cell below the goal where the overlap is whole.
const up = { x: -Math.sin(G.yaw), y: Math.cos(G.yaw) };
const place = (scene: Scene, dy: number, dyaw = 0) =>
  scene.placeObject('tee', { p: { x: G.x + up.x * dy, y: G.y + up.y * dy, z: 0.02 }, q: yawQuat(G.yaw + dyaw) });

test("the overlap is ManiSkill's pseudo-render, cell for cell (values from a numpy transcription of push_t.py)", () => {
  const o = new TeeOverlap(G.x, G.y, G.yaw);
  assert.equal(o.area, 825);
  const cases: [number, number, number, number][] = [
    [-0.156, -0.1, 5.235987755982989, 0.9478787878787879],
    [-0.156, -0.0953, 5.235987755982989, 0.8484848484848485],
    [-0.15, -0.1, 5.265987755982989, 0.8703030303030304],
    [-0.1, 0.0, 1.0, 0.21696969696969698],
    [-0.1532607662535709, -0.1046042657247226, 5.144182460770228, 0.8375757575757575],
    [-0.16248688758794883, -0.09273642155300227, 5.244280000032807, 0.8618181818181818],
  ];
  for (const [x, y, yaw, want] of cases) assert.ok(Math.abs(o.of(x, y, yaw) - want) < 1e-12, `${x}, ${y}, ${yaw}: ${o.of(x, y, yaw)} vs ${want}`);
  // ManiSkill's yaw: 2 acos(w), the sign of w flipped for negative z.
  assert.ok(Math.abs(teeYaw(Math.cos(-0.1), Math.sin(-0.1)) - (2 * Math.PI - 0.2)) < 1e-12);
});

test('the reset distribution follows ManiSkill: T in goal + [-0.1, 0.1) x [-0.1, 0.2), z 0.021, any yaw; goal fixed', () => {
  const xs: number[] = [];
  const ys: number[] = [];
  const yaws: number[] = [];
  forEachReset('PushT-v1', 200, (env) => {
    const p = env.scene.body('tee').translation();
    const q = env.scene.body('tee').rotation();
    assert.ok(p.x >= G.x - 0.1 && p.x < G.x + 0.1 && p.y >= G.y - 0.1 && p.y < G.y + 0.2, `T at ${p.x}, ${p.y}`);
    assert.ok(Math.abs(p.z - 0.021) < 1e-6 && Math.abs(q.x) + Math.abs(q.y) < 1e-6);
    assert.deepEqual([env.task.goal.x, env.task.goal.y, env.task.goal.z], [G.x, G.y, 1e-3]);
    xs.push(p.x);
    ys.push(p.y);
    yaws.push(teeYaw(q.w, q.z));
  });
  assert.ok(Math.min(...xs) < G.x - 0.09 && Math.max(...xs) > G.x + 0.09, 'the whole x range is used');
  assert.ok(Math.min(...ys) < G.y - 0.09 && Math.max(...ys) > G.y + 0.19, 'the whole y range is used');
  assert.ok(Math.min(...yaws) < 0.2 && Math.max(...yaws) > 2 * Math.PI - 0.2, 'every yaw is drawn');
});

test('success is 90% of the goal T covered: just inside and just outside the threshold', () => {
  using env = makeSimEnv('PushT-v1', {});
  // At the goal itself 782/825 = 0.948 (the grid's one-cell offset); one cell below, all of it.
  assert.equal(evaluateArranged(env, 0, (s) => place(s, 0)).success, true);
  assert.equal(evaluateArranged(env, 0, (s) => place(s, -0.0055)).success, true);
  assert.ok(Math.abs((env.task as unknown as { intersection(w: unknown): number }).intersection(env.world) - 1) < 1e-12);
  // One cell up along the goal's y: 0.848, outside; turned 0.2 rad: outside; 0.04 rad: inside.
  assert.equal(evaluateArranged(env, 0, (s) => place(s, 0.0047)).success, false);
  assert.equal(evaluateArranged(env, 0, (s) => place(s, -0.0055, 0.2)).success, false);
  assert.equal(evaluateArranged(env, 0, (s) => place(s, -0.0055, 0.04)).success, true);
  assert.equal(evaluateArranged(env, 0, () => {}).success, false, 'a fresh reset is not solved');
});

test('the dense reward stays in [0, 3], pays 3 on success and normalizes by 3', async () => {
  await assertDenseRewardBounded('PushT-v1', [0, 1, 2]);
});

// The issue asks 18 of 20; the expert solves 19 of these seeds (96 of seeds 0..99), so a much worse one fails here.
test('the scripted expert solves at least 18 of 20 fixed seeds', async () => {
  await assertExpertSolves('PushT-v1', 18);
});
