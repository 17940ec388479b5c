import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEnv, makeSimEnv } from '../make-env.js';
import type { ObservationDict } from '../env.js';
import { pose } from '../../math/pose.js';
import { fromAxisAngle } from '../../math/quat.js';
import type { Scene } from '../../sim/scene.js';
import { type PokeCube, type PokeCubeInfo, eulerXyzZ } from './poke-cube.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';

const Z = { x: 0, y: 0, z: 1 };

test('the reset distribution follows ManiSkill: peg xy in [-0.1, 0.1]^2 unturned, cube 0.22 m ahead with y in [-0.1, 0.1] and yaw in [-pi/6, pi/6], goal 0.1 m beyond the cube; nothing starts inside anything', () => {
  const yaws: number[] = [];
  const dys: number[] = [];
  const peg = pose();
  const cube = pose();
  forEachReset('PokeCube-v1', 200, (env) => {
    const p = env.world.objectPose('peg', peg);
    const c = env.world.objectPose('cube', cube);
    assert.ok(Math.abs(p.p.x) <= 0.1 && Math.abs(p.p.y) <= 0.1 && Math.abs(p.p.z - 0.025) < 1e-6, `peg at ${p.p.x}, ${p.p.y}, ${p.p.z}`);
    assert.ok(Math.abs(p.q.w - 1) < 1e-6, 'peg unturned');
    assert.ok(Math.abs(c.p.x - p.p.x - 0.22) < 1e-6 && Math.abs(c.p.y) <= 0.1 && Math.abs(c.p.z - 0.02) < 1e-6, `cube at ${c.p.x}, ${c.p.y}`);
    const yaw = eulerXyzZ(c.q);
    assert.ok(Math.abs(yaw) <= Math.PI / 6 + 1e-6 && Math.abs(c.q.x) + Math.abs(c.q.y) < 1e-6, `cube yaw ${yaw}`);
    const g = (env.task as PokeCube).goal;
    assert.ok(Math.abs(g.x - c.p.x - 0.1) < 1e-6 && Math.abs(g.y - c.p.y) < 1e-6 && g.z === 1e-3, `goal ${g.x}, ${g.y}, ${g.z}`);
    yaws.push(yaw);
    dys.push(c.p.y - p.p.y);
  });
  assert.ok(Math.min(...yaws) < -0.45 && Math.max(...yaws) > 0.45, 'the whole yaw range is used');
  assert.ok(Math.min(...dys) < -0.12 && Math.max(...dys) > 0.12, "the cube's y is drawn apart from the peg's");
});

test("the state observation is ManiSkill's, goal_pos the peg's position as ManiSkill writes it", () => {
  using env = makeEnv('PokeCube-v1', { obsMode: 'state_dict' });
  const o = env.reset({ seed: 2 }).obs as ObservationDict;
  assert.deepEqual(Object.keys(o), ['qpos', 'qvel', 'tcp_pose', 'cube_pose', 'peg_pose', 'goal_pos', 'tcp_to_peg_pos', 'peg_to_cube_pos', 'cube_to_goal_pos', 'peghead_to_cube_pos']);
  const peg = o['peg_pose']!;
  const cube = o['cube_pose']!;
  const tcp = o['tcp_pose']!;
  for (let i = 0; i < 3; i++) {
    assert.ok(Math.abs(o['goal_pos']![i]! - peg[i]!) < 1e-6);
    assert.ok(Math.abs(o['tcp_to_peg_pos']![i]! - (peg[i]! - tcp[i]!)) < 1e-6);
    assert.ok(Math.abs(o['peg_to_cube_pos']![i]! - (cube[i]! - peg[i]!)) < 1e-6);
    assert.ok(Math.abs(o['peghead_to_cube_pos']![i]! - (peg[i]! + (i === 0 ? 0.12 : 0) - cube[i]!)) < 1e-6);
  }
  assert.ok(Math.abs(o['cube_to_goal_pos']![0]! - 0.1) < 1e-6 && Math.abs(o['cube_to_goal_pos']![2]! - (1e-3 - 0.02)) < 1e-6);
});

/** The info with the peg's centre at (px, py, pz) turned by pegYaw, the cube at goal + (dx, dy) turned by cubeYaw. */
function arranged(opts: { dx?: number; dy?: number; cubeYaw?: number; headGap?: number; headDy?: number; pegYaw?: number; pz?: number }): PokeCubeInfo {
  using env = makeSimEnv('PokeCube-v1', {});
  return evaluateArranged(env, 5, (scene: Scene) => {
    const g = (env.task as PokeCube).goal;
    const c = { x: g.x + (opts.dx ?? 0), y: g.y + (opts.dy ?? 0), z: 0.02 };
    scene.placeObject('cube', { p: c, q: fromAxisAngle(Z, opts.cubeYaw ?? 0) });
    // ManiSkill's head: the peg's centre + 0.12 m along world x.
    const head = { x: c.x - (opts.headGap ?? 0.02), y: c.y + (opts.headDy ?? 0) };
    scene.placeObject('peg', { p: { x: head.x - 0.12, y: head.y, z: opts.pz ?? 0.025 }, q: fromAxisAngle(Z, opts.pegYaw ?? 0) });
  }) as PokeCubeInfo;
}

test('success: cube within 0.05 of the goal, head within 0.025 of the cube, yaws within 0.05 rad, peg within 5 mm of its resting height', () => {
  assert.equal(arranged({}).success, true);
  assert.equal(arranged({ dx: -0.049 }).success, true);
  assert.equal(arranged({ dx: -0.051 }).success, false);
  assert.equal(arranged({ dy: 0.049 }).success, true);
  assert.equal(arranged({ dy: 0.051 }).success, false);
  assert.equal(arranged({ headGap: 0.0249 }).success, true);
  const far = arranged({ headGap: 0.0251 });
  assert.equal(far.success, false);
  assert.equal(far.is_peg_cube_fit, false);
  assert.equal(arranged({ headGap: 0.02, headDy: 0.0149 }).success, true);
  assert.equal(arranged({ headGap: 0.02, headDy: 0.0152 }).success, false);
  assert.equal(arranged({ cubeYaw: 0.049 }).success, true);
  const askew = arranged({ cubeYaw: 0.051 });
  assert.equal(askew.success, false);
  assert.ok(Math.abs(askew.angle_diff - 0.051) < 1e-4);
  // The yaws are compared, not their difference from zero (head offset stays along world x).
  assert.equal(arranged({ cubeYaw: 0.3, pegYaw: 0.3 }).success, true);
  assert.equal(arranged({ pz: 0.0299 }).success, true);
  assert.equal(arranged({ pz: 0.0301 }).success, false);
});

test('eulerXyzZ is the yaw of a turn about z and the XYZ convention under a tilt', () => {
  assert.ok(Math.abs(eulerXyzZ(fromAxisAngle(Z, 0.4)) - 0.4) < 1e-12);
  // R = Rx(a) Ry(b) Rz(c): z angle = atan2(-R01, R00); a tilt about x alone leaves it 0.
  assert.ok(Math.abs(eulerXyzZ(fromAxisAngle({ x: 1, y: 0, z: 0 }, 0.3))) < 1e-12);
});

test('the dense reward stages: reaching up to 2; 4 + close + align holding the peg at the TCP; 9 on success', () => {
  using env = makeSimEnv('PokeCube-v1', {});
  env.reset({ seed: 6 });
  const task = env.task as PokeCube;
  const info = task.evaluate(env.world);
  const r = task.denseReward(env.world, info);
  assert.equal(info.is_peg_grasped, false);
  assert.ok(r > 0 && r < 2, `reaching only: ${r}`);
  const won = arranged({});
  assert.equal(task.denseReward(env.world, { ...won, success: true }), 9);
});

test('PokeCube-v1: the dense reward stays within [0, 9], is 9 on success, and normalized is dense / 9', () => assertDenseRewardBounded('PokeCube-v1', [0, 1, 2]));

test('the scripted expert solves PokeCube-v1 on at least 18 of 20 seeds', () => assertExpertSolves('PokeCube-v1', 18));
