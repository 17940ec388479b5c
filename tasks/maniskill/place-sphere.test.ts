import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pose } from '../../math/pose.js';
import { writeEeDeltaAction } from '../../policies/scripted/ee-delta-action.js';
import { SCRIPTED_EXPERTS } from '../../policies/scripted/scripted-experts.js';
import type { Scene } from '../../sim/scene.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import type { ObservationDict } from '../env.js';
import { makeEnv, makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { PlaceSphere, PlaceSphereInfo } from './place-sphere.js';

const TASK = 'PlaceSphere-v1';
const IDENTITY = { w: 1, x: 0, y: 0, z: 0 };
// The sphere's centre resting on the bin's floor: radius plus the floor's half thickness.
const REST_HEIGHT = 0.02 + 0.0025;

test('the reset distribution follows ManiSkill: sphere in [-0.1, -0.05] x [-0.1, 0.1] on the table, bin in [0, 0.1] x [-0.1, 0.1] on the table', () => {
  const sx: number[] = [];
  const sy: number[] = [];
  const bx: number[] = [];
  const by: number[] = [];
  const p = pose();
  forEachReset(TASK, 200, (env, seed) => {
    const s = env.world.objectPose('sphere', p).p;
    assert.ok(s.x >= -0.1 && s.x <= -0.05 && Math.abs(s.y) <= 0.1 && Math.abs(s.z - 0.02) < 1e-6, `seed ${seed}: sphere at ${s.x}, ${s.y}, ${s.z}`);
    sx.push(s.x);
    sy.push(s.y);
    const { p: b, q } = env.world.objectPose('bin', p);
    assert.ok(b.x >= 0 && b.x <= 0.1 && Math.abs(b.y) <= 0.1 && Math.abs(b.z - 0.0025) < 1e-6, `seed ${seed}: bin at ${b.x}, ${b.y}, ${b.z}`);
    assert.ok(Math.abs(q.w - 1) < 1e-6, `seed ${seed}: bin turned`);
    bx.push(b.x);
    by.push(b.y);
    const g = (env.task as PlaceSphere).goal;
    assert.ok(Math.abs(g.x - b.x) + Math.abs(g.y - b.y) + Math.abs(g.z - b.z - REST_HEIGHT) < 1e-6, `seed ${seed}: goal is not on the bin's floor`);
    assert.equal(env.task.evaluate(env.world).success, false);
  });
  const spans = (v: number[], low: number, high: number) => Math.min(...v) < low && Math.max(...v) > high;
  assert.ok(spans(sx, -0.095, -0.055) && spans(sy, -0.09, 0.09), 'the sphere range is used');
  assert.ok(spans(bx, 0.01, 0.09) && spans(by, -0.09, 0.09), 'the bin range is used');
});

test('the observation is ManiSkill state extras, in order: is_grasped, tcp_pose, bin_pos, obj_pose, tcp_to_obj_pos', () => {
  using env = makeEnv(TASK, { obsMode: 'state_dict' });
  const o = env.reset({ seed: 3 }).obs as ObservationDict;
  assert.deepEqual(Object.keys(o), ['qpos', 'qvel', 'is_grasped', 'tcp_pose', 'bin_pos', 'obj_pose', 'tcp_to_obj_pos']);
  assert.equal(o['is_grasped']![0], 0);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(o['tcp_to_obj_pos']![i]! - (o['obj_pose']![i]! - o['tcp_pose']![i]!)) < 1e-6);
  assert.ok(Math.abs(o['bin_pos']![2]! - 0.0025) < 1e-6, 'bin_pos is the floor plate centre');
});

/** The sphere set `dxy` off the bin's centre along x and `dz` above its resting height, moving at `v` m/s and spinning at `w` rad/s. */
function arranged(env: SimEnv<PlaceSphereInfo>, dxy: number, dz: number, v = 0, w = 0): PlaceSphereInfo {
  return evaluateArranged(env, 0, (scene: Scene) => {
    const b = scene.body('bin').translation();
    scene.placeObject('sphere', { p: { x: b.x + dxy, y: b.y, z: b.z + REST_HEIGHT + dz }, q: IDENTITY });
    scene.body('sphere').setLinvel({ x: 0, y: v, z: 0 }, true);
    scene.body('sphere').setAngvel({ x: w, y: 0, z: 0 }, true);
  });
}

test('success: the sphere within 5 mm of the bin in xy and of resting on its floor in z, under 0.01 m/s and 0.5 rad/s', () => {
  using env = makeSimEnv(TASK, {}) as SimEnv<PlaceSphereInfo>;
  const resting = arranged(env, 0, 0);
  assert.equal(resting.success, true);
  assert.equal(resting.is_obj_grasped, false);
  assert.equal(arranged(env, 0.005 - 1e-4, 0).success, true);
  assert.equal(arranged(env, 0.005 + 1e-4, 0).is_obj_on_bin, false);
  assert.equal(arranged(env, 0.005 + 1e-4, 0).success, false);
  assert.equal(arranged(env, 0, 0.005 - 1e-4).success, true);
  assert.equal(arranged(env, 0, 0.005 + 1e-4).is_obj_on_bin, false);
  assert.equal(arranged(env, 0, -0.005 + 1e-4).success, true);
  assert.equal(arranged(env, 0, -0.005 - 1e-4).success, false);
  assert.equal(arranged(env, 0, 0, 0.0099).success, true);
  const moving = arranged(env, 0, 0, 0.0101);
  assert.equal(moving.is_obj_static, false);
  assert.equal(moving.success, false);
  assert.equal(arranged(env, 0, 0, 0, 0.49).success, true);
  assert.equal(arranged(env, 0, 0, 0, 0.51).success, false);
  // On the table beside the bin is not on it.
  assert.equal(arranged(env, 0.06, -REST_HEIGHT + 0.02).success, false);
});

test('a sphere held still on the bin\'s floor is not a success; let go, it is', async () => {
  using env = makeEnv(TASK, { controlMode: 'pd_ee_delta_pose', obsMode: 'state_dict' });
  using flat = makeEnv(TASK, { controlMode: 'pd_ee_delta_pose' });
  const expert = SCRIPTED_EXPERTS.get(TASK).create(flat.observationSpace);
  expert.reset();
  let o = env.reset({ seed: 1 }).obs as ObservationDict;
  let f = flat.reset({ seed: 1 }).obs as Float32Array;
  const action = new Float32Array(7);
  let holding = false;
  let heldStill = 0;
  let solved = false;
  for (let t = 0; t < 50 && !solved; t++) {
    const s = o['obj_pose']!;
    const b = o['bin_pos']!;
    const tcp = { x: o['tcp_pose']![0]!, y: o['tcp_pose']![1]!, z: o['tcp_pose']![2]! };
    // The expert carries the sphere over the bin; from there it is lowered, still closed, to 3 mm above resting.
    holding ||= o['is_grasped']![0]! > 0.5 && Math.hypot(s[0]! - b[0]!, s[1]! - b[1]!) < 0.002 && s[2]! - b[2]! < 0.06;
    const open = heldStill >= 5;
    if (holding) {
      const goal = { x: tcp.x + b[0]! - s[0]!, y: tcp.y + b[1]! - s[1]!, z: tcp.z + b[2]! + REST_HEIGHT + 0.003 - s[2]! };
      writeEeDeltaAction(action, 0, tcp, open ? tcp : goal, 0.1, null, open ? 1 : -1);
    } else await expert.act(f, 1, action);
    const r = env.step(action);
    f = flat.step(action).obs as Float32Array;
    o = r.obs as ObservationDict;
    const info = r.info as PlaceSphereInfo;
    if (info.is_obj_grasped && info.is_obj_on_bin && info.is_obj_static) {
      assert.equal(info.success, false, `step ${t}: success while grasped`);
      heldStill++;
    }
    solved = info.success;
  }
  assert.ok(heldStill >= 5, `held still on the bin, grasped, for ${heldStill} steps`);
  assert.ok(solved, 'and a success once let go');
});

test('the dense reward stays within [0, 13], is 13 on success, and normalized is dense / 13', async () => {
  await assertDenseRewardBounded(TASK, [0, 1, 2]);
  using env = makeSimEnv(TASK, {});
  assert.equal((env.task as PlaceSphere).maxDenseReward, 13);
});

test('the scripted expert places the sphere in the bin on at least 18 of 20 seeds', async () => {
  await assertExpertSolves(TASK, 18);
});
