import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEnv, makeSimEnv } from '../make-env.js';
import type { ObservationDict } from '../env.js';
import { pose } from '../../math/pose.js';
import { fromAxisAngle } from '../../math/quat.js';
import type { Scene } from '../../sim/scene.js';
import type { PullCubeTool, PullCubeToolInfo } from './pull-cube-tool.js';
import { yawOf } from './table-top.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';

const Z = { x: 0, y: 0, z: 1 };
const BASE = { x: -0.615, y: 0 };

test("the reset distribution follows ManiSkill: tool origin xy in [-0.3, -0.1]^2 unturned, cube x in [0.05, 0.25], y in [-0.25, 0.05], yaw in [-pi/6, pi/6], 5 mm up; nothing starts inside anything", () => {
  const tools: number[][] = [[], []];
  const cubes: number[][] = [[], [], []];
  const tool = pose();
  const cube = pose();
  forEachReset('PullCubeTool-v1', 200, (env) => {
    const p = env.world.objectPose('tool', tool);
    const c = env.world.objectPose('cube', cube);
    assert.ok(p.p.x >= -0.3 && p.p.x <= -0.1 && p.p.y >= -0.3 && p.p.y <= -0.1 && Math.abs(p.p.z - 0.025) < 1e-6, `tool at ${p.p.x}, ${p.p.y}, ${p.p.z}`);
    assert.ok(Math.abs(p.q.w - 1) < 1e-6, 'tool unturned');
    assert.ok(c.p.x >= 0.05 && c.p.x <= 0.25 && c.p.y >= -0.25 && c.p.y <= 0.05 && Math.abs(c.p.z - 0.025) < 1e-6, `cube at ${c.p.x}, ${c.p.y}, ${c.p.z}`);
    const yaw = yawOf(c.q.w, c.q.x, c.q.y, c.q.z);
    assert.ok(Math.abs(yaw) <= Math.PI / 6 + 1e-6 && Math.abs(c.q.x) + Math.abs(c.q.y) < 1e-6, `cube yaw ${yaw}`);
    tools[0]!.push(p.p.x);
    tools[1]!.push(p.p.y);
    cubes[0]!.push(c.p.x);
    cubes[1]!.push(c.p.y);
    cubes[2]!.push(yaw);
  });
  const spans = (v: number[], lo: number, hi: number, what: string) => assert.ok(Math.min(...v) < lo && Math.max(...v) > hi, `the whole ${what} range is used`);
  spans(tools[0]!, -0.29, -0.11, 'tool x');
  spans(tools[1]!, -0.29, -0.11, 'tool y');
  spans(cubes[0]!, 0.06, 0.24, 'cube x');
  spans(cubes[1]!, -0.24, 0.04, 'cube y');
  spans(cubes[2]!, -0.5, 0.5, 'cube yaw');
});

test("the state observation is ManiSkill's: tcp, cube and tool poses", () => {
  using env = makeEnv('PullCubeTool-v1', { obsMode: 'state_dict' });
  const o = env.reset({ seed: 3 }).obs as ObservationDict;
  assert.deepEqual(Object.keys(o), ['qpos', 'qvel', 'tcp_pose', 'cube_pose', 'tool_pose']);
  assert.ok(Math.abs(o['tool_pose']![2]! - 0.025) < 1e-6 && Math.abs(o['tool_pose']![3]! - 1) < 1e-6);
});

/** The info with the cube `r` m from the robot's base in xy, in direction `angle` from +x. */
function arranged(r: number, angle = 0, yaw = 0): PullCubeToolInfo {
  using env = makeSimEnv('PullCubeTool-v1', {});
  return evaluateArranged(env, 5, (scene: Scene) => {
    scene.placeObject('cube', { p: { x: BASE.x + r * Math.cos(angle), y: BASE.y + r * Math.sin(angle), z: 0.02 }, q: fromAxisAngle(Z, yaw) });
  }) as PullCubeToolInfo;
}

test("success: the cube's centre within 0.6 m of the robot's base in xy, whatever the direction and height", () => {
  assert.equal(arranged(0.599).success, true);
  assert.equal(arranged(0.601).success, false);
  assert.equal(arranged(0.599, -0.4, 0.3).success, true);
  assert.equal(arranged(0.601, -0.4, 0.3).success, false);
  assert.equal(arranged(0.3, 0.5).success, true);
  // At reset the cube is out of the region.
  using env = makeSimEnv('PullCubeTool-v1', {});
  env.reset({ seed: 0 });
  assert.equal(env.task.evaluate(env.world).success, false);
  const info = arranged(0.599);
  assert.ok(Math.abs(info.cube_distance - Math.hypot(0.599 - 0.035, 0.02)) < 1e-4, `cube_distance ${info.cube_distance}`);
  assert.ok(Math.abs(info.cube_progress - (1 - Math.tanh(3 * info.cube_distance))) < 1e-9);
});

test('the dense reward stages: reaching up to 2 before the grasp, 0 with the cube pushed past x 0.5 (the -2 penalty, clipped), 13.5 on success', () => {
  using env = makeSimEnv('PullCubeTool-v1', {});
  env.reset({ seed: 6 });
  const task = env.task as PullCubeTool;
  const info = task.evaluate(env.world);
  const r = task.denseReward(env.world, info);
  assert.ok(r > 0 && r < 2, `reaching only: ${r}`);
  const away = evaluateArranged(env, 6, (scene) => scene.placeObject('cube', { p: { x: 0.55, y: 0, z: 0.02 }, q: { w: 1, x: 0, y: 0, z: 0 } })) as PullCubeToolInfo;
  assert.ok(r < 2 && task.denseReward(env.world, away) === 0, 'the penalty outweighs the reaching term');
  assert.equal(task.denseReward(env.world, { ...away, success: true }), 13.5);
});

test('PullCubeTool-v1: the dense reward stays within [0, 13.5], is 13.5 on success, and normalized is dense / 13.5', () => assertDenseRewardBounded('PullCubeTool-v1', [0, 1, 2]));

test('the scripted expert solves PullCubeTool-v1 on at least 18 of 20 seeds', () => assertExpertSolves('PullCubeTool-v1', 18));
