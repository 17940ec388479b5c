import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pose } from '../../math/pose.js';
import type { Scene } from '../../sim/scene.js';
import { assertDenseRewardBounded, evaluateArranged, expertRun, forEachReset } from '../../test/tasks/task-checks.js';
import type { ObservationDict } from '../env.js';
import { makeEnv, makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import { BALL_ANGULAR_DAMPING, BALL_RADIUS, type RollBall, type RollBallInfo } from './roll-ball.js';

const TASK = 'RollBall-v1';
const IDENTITY = { w: 1, x: 0, y: 0, z: 0 };

test("the reset distribution is ManiSkill's in the arm's frame: ball in [-0.315, -0.115] x [-0.3, 0.3], goal in [1.085, 1.285] x [-0.3, 0.3]", () => {
  const bx: number[] = [];
  const by: number[] = [];
  const gx: number[] = [];
  const gy: number[] = [];
  const p = pose();
  forEachReset(TASK, 200, (env, seed) => {
    const b = env.world.objectPose('ball', p).p;
    assert.ok(b.x >= -0.315 && b.x <= -0.115 && Math.abs(b.y) <= 0.3 && Math.abs(b.z - BALL_RADIUS) < 1e-6, `seed ${seed}: ball at ${b.x}, ${b.y}, ${b.z}`);
    bx.push(b.x);
    by.push(b.y);
    const g = (env.task as RollBall).goal;
    assert.ok(g.x >= 1.085 && g.x <= 1.285 && Math.abs(g.y) <= 0.3 && Math.abs(g.z - 1e-3) < 1e-9, `seed ${seed}: goal at ${g.x}, ${g.y}, ${g.z}`);
    gx.push(g.x);
    gy.push(g.y);
    assert.equal(env.task.evaluate(env.world).success, false);
  });
  const spans = (v: number[], low: number, high: number) => Math.min(...v) < low && Math.max(...v) > high;
  assert.ok(spans(bx, -0.3, -0.13) && spans(by, -0.28, 0.28), 'the ball range is used');
  assert.ok(spans(gx, 1.1, 1.27) && spans(gy, -0.28, 0.28), 'the goal range is used');
});

test("the table is ManiSkill's 2.418 x 1.209 m top, reaching past the farthest goal", () => {
  using env = makeSimEnv(TASK, {});
  const t = env.scene.config.table;
  assert.ok(t.center.x + t.halfExtents.x > 1.285 + 0.1 && t.center.x - t.halfExtents.x < -0.615);
  assert.ok(Math.abs(2 * t.halfExtents.x - 2.418) < 1e-9 && Math.abs(2 * t.halfExtents.y - 1.209) < 1e-9);
});

test('the observation is ManiSkill state extras, in order: tcp_pose, goal_pos, ball_pose, ball_vel, tcp_to_ball_pos, ball_to_goal_pos', () => {
  using env = makeEnv(TASK, { obsMode: 'state_dict' });
  const o = env.reset({ seed: 3 }).obs as ObservationDict;
  assert.deepEqual(Object.keys(o), ['qpos', 'qvel', 'tcp_pose', 'goal_pos', 'ball_pose', 'ball_vel', 'tcp_to_ball_pos', 'ball_to_goal_pos']);
  for (let i = 0; i < 3; i++) {
    assert.ok(Math.abs(o['tcp_to_ball_pos']![i]! - (o['ball_pose']![i]! - o['tcp_pose']![i]!)) < 1e-6);
    assert.ok(Math.abs(o['ball_to_goal_pos']![i]! - (o['goal_pos']![i]! - o['ball_pose']![i]!)) < 1e-6);
    assert.equal(o['ball_vel']![i], 0);
  }
});

/** The ball set `dx` beyond the goal's centre along x, resting on the table. */
function arranged(env: SimEnv<RollBallInfo>, dx: number, dy = 0): RollBallInfo {
  return evaluateArranged(env, 0, (scene: Scene) => {
    const g = (env.task as RollBall).goal;
    scene.placeObject('ball', { p: { x: g.x + dx, y: g.y + dy, z: BALL_RADIUS }, q: IDENTITY });
  });
}

test("success: the ball's centre within 0.1 m of the goal's in xy, moving or not", () => {
  using env = makeSimEnv(TASK, {}) as SimEnv<RollBallInfo>;
  assert.equal(arranged(env, 0).success, true);
  assert.equal(arranged(env, 0.1 - 1e-4).success, true);
  assert.equal(arranged(env, 0.1 + 1e-4).success, false);
  assert.equal(arranged(env, -0.1 + 1e-4).success, true);
  assert.equal(arranged(env, 0, -0.1 - 1e-4).success, false);
  assert.equal(arranged(env, 0.07, 0.07).success, true);
  assert.equal(arranged(env, 0.071, 0.071).success, false);
});

test('the dense reward stays within [0, 30], is 30 on success, and its reached stage survives a state round trip', async () => {
  await assertDenseRewardBounded(TASK, [0, 1, 2]);
  using env = makeSimEnv(TASK, {});
  const task = env.task as RollBall;
  assert.equal(task.maxDenseReward, 30);
  env.reset({ seed: 0 });
  const s = task.getState() as { reached: boolean };
  assert.equal(s.reached, false);
  task.setState({ ...s, reached: true });
  assert.equal((task.getState() as { reached: boolean }).reached, true);
});

/** The ball's xy speed over `steps` control steps after launching it from a resting reset far from the arm. */
function launched(linear: { x: number; y: number; z: number }, angular: { x: number; y: number; z: number }, steps: number): number[] {
  using env = makeSimEnv(TASK, { controlMode: 'pd_joint_delta_pos' });
  env.reset({ seed: 0 });
  env.scene.placeObject('ball', { p: { x: 0.3, y: 0.3, z: BALL_RADIUS }, q: IDENTITY });
  const body = env.scene.body('ball');
  body.setLinvel(linear, true);
  body.setAngvel(angular, true);
  const hold = new Float32Array(8);
  const speeds: number[] = [];
  for (let i = 0; i < steps; i++) {
    env.step(hold);
    const v = body.linvel();
    speeds.push(Math.hypot(v.x, v.y));
  }
  return speeds;
}

test("a rolling ball slows only by ManiSkill's angular damping: 2/7 x 0.05 = 1.4% a second", () => {
  const v = 0.5;
  const speeds = launched({ x: v, y: 0, z: 0 }, { x: 0, y: v / BALL_RADIUS, z: 0 }, 40);
  const expected = v * Math.exp(-(2 / 7) * BALL_ANGULAR_DAMPING * 2);
  assert.ok(Math.abs(speeds[39]! - expected) < 0.002, `after 2 s: ${speeds[39]} m/s, expected ${expected.toFixed(4)}`);
});

test("a ball launched sliding without spin slips on the table at ManiSkill's friction 0.3 before it rolls", () => {
  // Sliding decelerates at mu g until the speed is 5/7 of the launch: 0.19 s at 0.3, 0.06 s at 1.
  const v = 2;
  const speeds = launched({ x: v, y: 0, z: 0 }, { x: 0, y: 0, z: 0 }, 6);
  const sliding = v - 0.3 * 9.81 * 0.1;
  assert.ok(Math.abs(speeds[1]! - sliding) < 0.03, `after 0.1 s: ${speeds[1]} m/s, expected ${sliding.toFixed(3)} (still sliding)`);
  assert.ok(Math.abs(speeds[5]! - (5 / 7) * v) < 0.02, `after 0.3 s: ${speeds[5]} m/s, expected rolling at ${((5 / 7) * v).toFixed(3)}`);
});

test('the scripted expert strikes the ball into the goal by the end of the episode on at least 18 of 20 seeds (20 measured)', async () => {
  const r = await expertRun(TASK);
  assert.ok(r.solved >= 18, `solved ${r.solved}/20; failed seeds ${r.failed.join(', ')}`);
  assert.ok(r.atEnd >= 18, `in the goal at the end on ${r.atEnd}/20`);
});
