import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scene } from '../../sim/scene.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { SCRIPTED_EXPERTS } from '../../policies/scripted/scripted-experts.js';
import type { ObservationDict } from '../env.js';
import { makeEnv, makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { StackCube, StackCubeInfo } from './stack-cube.js';
import { yawOf } from './table-top.js';

const TASK = 'StackCube-v1';
const IDENTITY = { w: 1, x: 0, y: 0, z: 0 };

test('the reset distribution follows ManiSkill: both cubes flat on the table in the offset region, apart, any yaw', () => {
  const xs: number[] = [];
  const ys: number[] = [];
  const yaws: number[] = [];
  forEachReset(TASK, 200, (env, seed) => {
    const a = env.scene.body('cubeA');
    const b = env.scene.body('cubeB');
    for (const body of [a, b]) {
      const p = body.translation();
      const q = body.rotation();
      assert.ok(Math.abs(p.x) <= 0.2 && Math.abs(p.y) <= 0.3 && Math.abs(p.z - 0.02) < 1e-6, `seed ${seed}: cube at ${p.x}, ${p.y}, ${p.z}`);
      assert.ok(Math.abs(q.x) + Math.abs(q.y) < 1e-6, `seed ${seed}: cube tilted`);
      xs.push(p.x);
      ys.push(p.y);
      yaws.push(yawOf(q.w, q.x, q.y, q.z));
    }
    const pa = a.translation();
    const pb = b.translation();
    assert.ok(Math.hypot(pa.x - pb.x, pa.y - pb.y) > 2 * (Math.SQRT2 * 0.02 + 0.001), `seed ${seed}: cubes closer than the sampler allows`);
    const g = env.task.goal;
    assert.ok(Math.abs(g.x - pb.x) + Math.abs(g.y - pb.y) + Math.abs(g.z - 0.06) < 1e-6, `seed ${seed}: goal is not on top of cubeB`);
  });
  // The offset and the region add up: x reaches past 0.1 and y past 0.2 (each alone cannot).
  assert.ok(Math.max(...xs.map(Math.abs)) > 0.14, 'x range used');
  assert.ok(Math.max(...ys.map(Math.abs)) > 0.22, 'y range used');
  assert.ok(Math.max(...yaws) - Math.min(...yaws) > 5.5, 'yaw over the whole circle');
});

test('the observation is ManiSkill state extras, in order: tcp_pose, both cube poses, the three differences', () => {
  using env = makeEnv(TASK, { obsMode: 'state_dict' });
  const o = env.reset({ seed: 3 }).obs as ObservationDict;
  assert.deepEqual(Object.keys(o), ['qpos', 'qvel', 'tcp_pose', 'cubeA_pose', 'cubeB_pose', 'tcp_to_cubeA_pos', 'tcp_to_cubeB_pos', 'cubeA_to_cubeB_pos']);
  for (let i = 0; i < 3; i++) {
    assert.ok(Math.abs(o['tcp_to_cubeA_pos']![i]! - (o['cubeA_pose']![i]! - o['tcp_pose']![i]!)) < 1e-6);
    assert.ok(Math.abs(o['tcp_to_cubeB_pos']![i]! - (o['cubeB_pose']![i]! - o['tcp_pose']![i]!)) < 1e-6);
    assert.ok(Math.abs(o['cubeA_to_cubeB_pos']![i]! - (o['cubeB_pose']![i]! - o['cubeA_pose']![i]!)) < 1e-6);
  }
});

/** cubeA set `dx` beside and `dz` above cubeB's centre (cubeB where seed 0 put it), moving at `v` m/s and `w` rad/s. */
function arranged(env: SimEnv<StackCubeInfo>, dx: number, dz: number, v = 0, w = 0): StackCubeInfo {
  return evaluateArranged(env, 0, (scene: Scene) => {
    const b = scene.body('cubeB').translation();
    scene.placeObject('cubeA', { p: { x: b.x + dx, y: b.y, z: b.z + dz }, q: IDENTITY });
    scene.body('cubeA').setLinvel({ x: v, y: 0, z: 0 }, true);
    scene.body('cubeA').setAngvel({ x: 0, y: 0, z: w }, true);
  });
}

test('success: cubeA within sqrt(2) * 0.02 + 0.005 in xy and 0.04 +- 0.005 in z of cubeB, under 0.01 m/s and 0.5 rad/s', () => {
  using env = makeSimEnv(TASK, {}) as SimEnv<StackCubeInfo>;
  const xy = Math.SQRT2 * 0.02 + 0.005;
  assert.equal(arranged(env, 0, 0.04).success, true);
  assert.equal(arranged(env, xy - 1e-4, 0.04).success, true);
  assert.equal(arranged(env, xy + 1e-4, 0.04).is_cubeA_on_cubeB, false);
  assert.equal(arranged(env, 0, 0.045 - 1e-4).success, true);
  assert.equal(arranged(env, 0, 0.045 + 1e-4).is_cubeA_on_cubeB, false);
  assert.equal(arranged(env, 0, 0.035 + 1e-4).success, true);
  assert.equal(arranged(env, 0, 0.035 - 1e-4).is_cubeA_on_cubeB, false);
  assert.equal(arranged(env, 0, 0.04, 0.0099).success, true);
  const moving = arranged(env, 0, 0.04, 0.0101);
  assert.equal(moving.is_cubeA_static, false);
  assert.equal(moving.success, false);
  assert.equal(arranged(env, 0, 0.04, 0, 0.49).success, true);
  assert.equal(arranged(env, 0, 0.04, 0, 0.51).success, false);
  // Beside cubeB on the table is not on it.
  assert.equal(arranged(env, 0.045, 0).success, false);
});

test('a cubeA held on cubeB is not a success: the expert lowers it grasped (on, not yet success), then lets go', async () => {
  using env = makeEnv(TASK, { controlMode: 'pd_ee_delta_pose' });
  const expert = SCRIPTED_EXPERTS.get(TASK).create(env.observationSpace);
  expert.reset();
  let obs = env.reset({ seed: 1 }).obs as Float32Array;
  let heldOn = 0;
  let solved = false;
  for (let t = 0; t < 50 && !solved; t++) {
    const r = env.step(await expert.act(obs, 1));
    obs = r.obs as Float32Array;
    const info = r.info as StackCubeInfo;
    if (info.is_cubeA_grasped) assert.equal(info.success, false, `step ${t}: success while grasped`);
    if (info.is_cubeA_grasped && info.is_cubeA_on_cubeB) heldOn++;
    solved = info.success;
  }
  assert.ok(heldOn > 0, 'cubeA was on cubeB while still grasped');
  assert.ok(solved, 'and counted only once let go');
});

test('the dense reward stays within [0, 8], is 8 on success, and normalized is dense / 8', async () => {
  await assertDenseRewardBounded(TASK, [0, 1, 2]);
  using env = makeSimEnv(TASK, {});
  assert.equal((env.task as StackCube).maxDenseReward, 8);
});

test('the scripted expert stacks cubeA on cubeB on at least 18 of 20 seeds', async () => {
  await assertExpertSolves(TASK, 18);
});
