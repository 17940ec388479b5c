import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEnv } from '../../tasks/make-env.js';
import type { ObservationDict } from '../../tasks/env.js';
import { angleBetween } from '../../math/quat.js';

function tcp(obs: ObservationDict) {
  const t = obs['tcp_pose']!;
  return { p: { x: t[0]!, y: t[1]!, z: t[2]! }, q: { w: t[3]!, x: t[4]!, y: t[5]!, z: t[6]! } };
}

test('pd_ee_delta_pos moves the TCP by the commanded delta in free space (within 1 mm)', () => {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pos', obsMode: 'state_dict' });
  // Up to 2.5 cm per 50 ms step (0.5 m/s): near the rest pose, faster commands drive the elbow
  // past its 2.175 rad/s limit and the TCP lags (tested below).
  const deltas = [[0.15, -0.1, 0.12], [-0.15, 0.12, 0], [0, 0, -0.2], [0.1, 0.1, 0.1], [-0.2, 0, 0.1]];
  let before = tcp(env.reset({ seed: 3 }).obs as ObservationDict);
  for (const [x, y, z] of deltas) {
    const after = tcp(env.step([x!, y!, z!, 1]).obs as ObservationDict);
    const err = Math.hypot(after.p.x - before.p.x - 0.1 * x!, after.p.y - before.p.y - 0.1 * y!, after.p.z - before.p.z - 0.1 * z!);
    assert.ok(err < 1e-3, `TCP moved ${err * 1000} mm away from the commanded delta`);
    assert.ok(angleBetween(after.q, before.q) < 5e-3, 'orientation drifted');
    before = after;
  }
});

test('pd_ee_delta_pose turns the TCP by the commanded axis-angle delta', () => {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', obsMode: 'state_dict' });
  const before = tcp(env.reset({ seed: 4 }).obs as ObservationDict);
  const after = tcp(env.step([0, 0, 0, 0, 0, 0.8, 1]).obs as ObservationDict);
  assert.ok(Math.abs(angleBetween(after.q, before.q) - 0.08) < 2e-3, `turned ${angleBetween(after.q, before.q)} rad`);
  assert.ok(Math.hypot(after.p.x - before.p.x, after.p.y - before.p.y, after.p.z - before.p.z) < 1e-3);
});

test('pd_joint_delta_pos moves each joint by 0.1 rad x action; target mode accumulates targets', () => {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_joint_delta_pos', obsMode: 'state_dict' });
  const q0 = (env.reset({ seed: 5 }).obs as ObservationDict)['qpos']!.slice() as Float32Array;
  const a = [0.5, -0.5, 0.3, 0.2, -0.1, 0.4, -1, 1];
  const q1 = (env.step(a).obs as ObservationDict)['qpos']!;
  for (let i = 0; i < 7; i++) assert.ok(Math.abs(q1[i]! - q0[i]! - 0.1 * a[i]!) < 1e-5, `joint ${i}: ${q1[i]! - q0[i]!}`);

  using target = makeEnv('PickCube-v1', { controlMode: 'pd_joint_target_delta_pos', obsMode: 'state_dict' });
  const t0 = (target.reset({ seed: 5 }).obs as ObservationDict)['qpos']!.slice() as Float32Array;
  let t: Float32Array = t0;
  for (let k = 0; k < 3; k++) t = (target.step([0.4, 0, 0, 0, 0, 0, 0, 1]).obs as ObservationDict)['qpos']!;
  assert.ok(Math.abs(t[0]! - t0[0]! - 0.12) < 1e-5, `joint 0 moved ${t[0]! - t0[0]!}`);
});

test('pd_joint_pos tracks absolute targets and clamps them to the joint limits', () => {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_joint_pos', obsMode: 'state_dict' });
  const q0 = (env.reset({ seed: 6 }).obs as ObservationDict)['qpos']!.slice() as Float32Array;
  const goal = Array.from(q0.slice(0, 7));
  goal[0] = goal[0]! + 0.2;
  goal[6] = 99; // beyond the limit: clamped to 2.8973
  let q: Float32Array = q0;
  for (let k = 0; k < 30; k++) q = (env.step([...goal, 1]).obs as ObservationDict)['qpos']!;
  assert.ok(Math.abs(q[0]! - goal[0]!) < 1e-5);
  assert.ok(Math.abs(q[6]! - 2.8973) < 1e-5, `joint 7 at ${q[6]}`);
});

test('joint motion respects the velocity limits', () => {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_joint_pos', obsMode: 'state_dict' });
  const q0 = (env.reset({ seed: 7 }).obs as ObservationDict)['qpos']!;
  const goal = Array.from(q0.slice(0, 7));
  goal[0] = goal[0]! + 1.5;
  const r = env.step([...goal, 1]).obs as ObservationDict;
  assert.ok(r['qpos']![0]! - q0[0]! <= 2.175 * 0.05 + 1e-6, `moved ${r['qpos']![0]! - q0[0]!} rad in one 50 ms step`);
  assert.ok(Math.abs(r['qvel']![0]! - 2.175) < 1e-4, `qvel ${r['qvel']![0]}`);
});

test('the workspace floor keeps the TCP above the table whatever the command', () => {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pos', obsMode: 'state_dict' });
  env.reset({ seed: 8 });
  let z = Infinity;
  for (let k = 0; k < 10; k++) z = tcp(env.step([0, 0, -1, 1]).obs as ObservationDict).p.z;
  assert.ok(z >= 0.015 - 1e-6 && z < 0.02, `TCP z ${z}`);
});
