import { constantPolicy } from '../../test/policies/constant-policy.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncVectorEnv } from '../vector/sync-vector-env.js';
import type { ObservationDict } from '../env.js';
import { runEvaluation } from '../../rollout/evaluate.js';
import { makeEnv, makeSimEnv } from '../make-env.js';
import { ReachExpert } from '../../policies/scripted/reach-v3-expert.js';
import { tolerance } from './tolerance.js';

const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

test("reach-v3 resets as Meta-World's: hand at (0, 0.6, 0.2) and open, object and goal in their boxes 0.15 m apart, previous frame = current", () => {
  using env = makeEnv('reach-v3', { obsMode: 'state_dict' });
  assert.equal(env.observationSpace.size, 39);
  assert.deepEqual(env.actionSpace.low, Float32Array.of(-1, -1, -1, -1));
  for (let seed = 0; seed < 100; seed++) {
    const o = env.reset({ seed }).obs as ObservationDict;
    assert.ok(dist(o['hand_pos']!, [0, 0.6, 0.2]) < 1e-3, `hand at ${o['hand_pos']}`);
    assert.ok(near(o['gripper_distance_apart']![0]!, 1, 1e-3), "open: Meta-World's 1.0 (its claws 0.1 m apart)");
    const [ox, oy, oz, qx, qy, qz, qw] = o['obj_pose']!;
    assert.ok(ox! >= -0.1 && ox! <= 0.1 && oy! >= 0.6 && oy! <= 0.7 && near(oz!, 0.02, 1e-6), `object at ${ox}, ${oy}, ${oz}`);
    assert.deepEqual([qx, qy, qz, qw], [0, 0, 0, 1], 'quaternion x, y, z, w of an upright object');
    assert.deepEqual([...o['obj2_pose']!], [0, 0, 0, 0, 0, 0, 0]);
    const [gx, gy, gz] = o['goal_pos']!;
    assert.ok(gx! >= -0.1 && gx! <= 0.1 && gy! >= 0.8 && gy! <= 0.9 && gz! >= 0.05 && gz! <= 0.3, `goal at ${gx}, ${gy}, ${gz}`);
    assert.ok(Math.hypot(ox! - gx!, oy! - gy!) >= 0.15);
    for (const k of ['hand_pos', 'gripper_distance_apart', 'obj_pose', 'obj2_pose']) assert.deepEqual(o[`prev_${k}`], o[k]);
  }
});

test("Meta-World's 4-d action: +1 moves the hand 0.01 m along that world axis, +1 on the gripper closes; the previous frame trails by one step", () => {
  using env = makeEnv('reach-v3', { obsMode: 'state_dict' });
  let o = env.reset({ seed: 3 }).obs as ObservationDict;
  for (const [axis, action] of [[0, [1, 0, 0, -1]], [1, [0, -1, 0, -1]], [2, [0, 0, 1, -1]]] as const) {
    // The env rewrites its observation buffer at each step: keep a copy.
    const before = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.slice()]));
    o = env.step(action).obs as ObservationDict;
    const moved = [0, 1, 2].map((i) => o['hand_pos']![i]! - before['hand_pos']![i]!);
    // From rest the joints' speed limits cost up to 15% of the first step (Meta-World's weld lags its mocap too).
    assert.ok(near(moved[axis]!, 0.01 * action[axis]!, 1.5e-3), `axis ${axis} moved ${moved}`);
    assert.ok(moved.every((m, i) => i === axis || Math.abs(m) < 1e-3));
    assert.deepEqual(o['prev_hand_pos'], before['hand_pos']);
    assert.deepEqual(o['prev_obj_pose'], before['obj_pose']);
  }
  for (let t = 0; t < 20; t++) o = env.step([0, 0, 0, 1]).obs as ObservationDict;
  assert.ok(near(o['gripper_distance_apart']![0]!, 0.3, 0.02), `shut: Meta-World's 0.3 (its claws 3 cm apart), got ${o['gripper_distance_apart']}`);
  for (let t = 0; t < 40; t++) o = env.step([0, 0, 0, -1]).obs as ObservationDict;
  assert.ok(o['gripper_distance_apart']![0]! > 0.95, `open again: ${o['gripper_distance_apart']}`);
});

test("the hand (Meta-World's hand body, what the observation reports) rides 0.045 m above the TCP (tcp_center, what success reads), also after moving", () => {
  using env = makeSimEnv('reach-v3', { obsMode: 'state_dict' });
  let o = env.reset({ seed: 5 }).obs as ObservationDict;
  for (let t = 0; t <= 60; t++) {
    const tcp = env.scene.arm.tcpWorld().p;
    assert.ok(dist(o['hand_pos']!, [tcp.x, tcp.y, tcp.z + 0.045]) < 1e-4, `step ${t}: hand ${o['hand_pos']}, TCP ${tcp.x}, ${tcp.y}, ${tcp.z}`);
    o = env.step([0.7, 1, -1, t > 30 ? 1 : -1]).obs as ObservationDict;
  }
});

test('success is the TCP within 0.05 m of the goal at any step; the episode runs on to 500 steps; the reward is 10 x tolerance', () => {
  using env = makeEnv('reach-v3', { obsMode: 'state_dict', rewardMode: 'dense' });
  const flat = makeEnv('reach-v3');
  const expert = new ReachExpert(flat.observationSpace);
  flat.close();
  let o = env.reset({ seed: 8 }).obs as ObservationDict;
  // The margin is from where the hand started (Meta-World's hand_init_pos), the distance the TCP's.
  const margin = dist([0, 0.6, 0.2], o['goal_pos']!);
  const tcp = () => env.physics!.scene.arm.tcpWorld().p;
  let successes = 0;
  for (let t = 1; t <= 500; t++) {
    const flatObs = Float32Array.from(Object.values(o).flatMap((v) => [...v]));
    const r = env.step(expert.act(flatObs));
    o = r.obs as ObservationDict;
    const t3 = tcp();
    const d = dist([t3.x, t3.y, t3.z], o['goal_pos']!);
    // The observation is float32; keep clear of the boundary when checking the rule.
    if (Math.abs(d - 0.05) > 1e-5) assert.equal(r.info.success, d < 0.05, `step ${t}: distance ${d}`);
    assert.ok(near(r.reward, 10 * tolerance(d, 0, 0.05, margin), 1e-4), `step ${t}: reward ${r.reward}`);
    assert.equal(r.terminated, false, 'Meta-World episodes do not end on success');
    assert.equal(r.truncated, t === 500);
    if (r.info.success) successes++;
  }
  assert.ok(successes > 400, `the expert stays at the goal (${successes} successful steps)`);
});

test("tolerance: 1 inside the bounds, 0.1 one margin outside, Meta-World's long tail beyond", () => {
  assert.equal(tolerance(0.03, 0, 0.05, 0.4), 1);
  assert.ok(near(tolerance(0.45, 0, 0.05, 0.4), 0.1, 1e-12));
  assert.ok(near(tolerance(0.85, 0, 0.05, 0.4), 1 / (4 * 9 + 1), 1e-12));
  assert.equal(tolerance(0.1, 0, 0.05, 0), 0);
});

test('the scripted expert solves reach-v3 on 20 of 20 seeds; doing nothing solves none', async () => {
  using vec = new SyncVectorEnv(Array.from({ length: 4 }, () => makeEnv('reach-v3', { controlMode: 'pd_ee_delta_pos' })));
  const r = await runEvaluation(vec, new ReachExpert(vec.observationSpace), { episodes: 20, seed: 1000 });
  assert.equal(r.episodes.filter((e) => e.successOnce).length, 20);
  const zero = constantPolicy(vec.observationSpace, 4);
  const idle = await runEvaluation(vec, zero, { episodes: 4, seed: 0 });
  assert.equal(idle.episodes.filter((e) => e.successOnce).length, 0);
});

test("the observation is clipped to Meta-World's observation space: the hand to its box, the goal to the task's goal box", () => {
  using env = makeSimEnv('reach-v3', { obsMode: 'state_dict' });
  env.reset({ seed: 2 });
  env.task.goal.z = 2;
  env.task.goal.x = -3;
  env.scene.arm.teleport(env.scene.arm.q, 0.04);
  const o = env.step([0, 0, 0, -1]).obs as ObservationDict;
  assert.deepEqual([o['goal_pos']![0], o['goal_pos']![2]], [Math.fround(-0.1), Math.fround(0.3)]);
  const tcp = env.scene.arm.tcpWorld().p;
  assert.ok(tcp.z < 0.6 && near(o['hand_pos']![2]!, tcp.z + 0.045, 1e-5), 'inside the box: as measured');
});

test("Meta-World's clamp holds the hand, not the TCP, in its box: driven down it stops at z = 0.05 (the TCP 5 mm over the table), driven up at 0.5", () => {
  using env = makeEnv('reach-v3', { obsMode: 'state_dict' });
  let o = env.reset({ seed: 1 }).obs as ObservationDict;
  for (let t = 0; t < 60; t++) o = env.step([0, 0, -1, -1]).obs as ObservationDict;
  assert.ok(near(o['hand_pos']![2]!, 0.05, 1e-3), `floor: hand at ${o['hand_pos']![2]}`);
  for (let t = 0; t < 80; t++) o = env.step([0, 0, 1, -1]).obs as ObservationDict;
  assert.ok(near(o['hand_pos']![2]!, 0.5, 1e-3), `ceiling: hand at ${o['hand_pos']![2]}`);
  o = env.reset({ seed: 1 }).obs as ObservationDict;
  for (let t = 0; t < 60; t++) o = env.step([0, -1, 0, -1]).obs as ObservationDict;
  assert.ok(near(o['hand_pos']![1]!, 0.4, 1e-3), `near wall: hand at y ${o['hand_pos']![1]}`);
});
