import { constantPolicy } from '../../test/policies/constant-policy.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncVectorEnv } from '../vector/sync-vector-env.js';
import type { ObservationDict } from '../env.js';
import { runEvaluation } from '../../rollout/evaluate.js';
import { makeEnv } from '../make-env.js';
import { SlideCubeExpert } from '../../policies/scripted/slide-cube-expert.js';

test('the reset distribution follows ManiSkill: cube xy in [-0.1, 0.1]^2, flat and unturned; goal 0.2 m ahead on the table', () => {
  using env = makeEnv('PushCube-v1', { obsMode: 'state_dict' });
  const xs: number[] = [];
  for (let seed = 0; seed < 200; seed++) {
    const o = env.reset({ seed }).obs as ObservationDict;
    const [x, y, z, qw, qx, qy, qz] = o['obj_pose']!;
    assert.ok(Math.abs(x!) <= 0.1 && Math.abs(y!) <= 0.1 && Math.abs(z! - 0.02) < 1e-6, `cube at ${x}, ${y}, ${z}`);
    assert.ok(Math.abs(qw! - 1) < 1e-6 && Math.abs(qx!) + Math.abs(qy!) + Math.abs(qz!) < 1e-6, 'no yaw');
    const [gx, gy, gz] = o['goal_pos']!;
    assert.ok(Math.abs(gx! - x! - 0.2) < 1e-6 && Math.abs(gy! - y!) < 1e-6 && Math.abs(gz! - 1e-3) < 1e-6);
    assert.deepEqual(Object.keys(o), ['qpos', 'qvel', 'tcp_pose', 'goal_pos', 'obj_pose']);
    xs.push(x!);
  }
  assert.ok(Math.min(...xs) < -0.09 && Math.max(...xs) > 0.09, 'the whole range is used');
});

function rollout(rewardMode: 'sparse' | 'dense' | 'normalized_dense', seed: number) {
  using env = makeEnv('PushCube-v1', { controlMode: 'pd_ee_delta_pose', rewardMode, obsMode: 'state_dict' });
  const flat = makeEnv('PushCube-v1', { controlMode: 'pd_ee_delta_pose' });
  const expert = new SlideCubeExpert(flat.observationSpace, 'push');
  flat.close();
  let obs = env.reset({ seed }).obs as ObservationDict;
  const start = obs['obj_pose']!.slice(0, 3);
  expert.reset(1);
  const out: { reward: number; success: boolean; cube: Float32Array }[] = [];
  for (let t = 0; t < 50; t++) {
    const r = env.step(expert.act(Float32Array.from(Object.values(obs).flatMap((v) => [...v]))));
    obs = r.obs as ObservationDict;
    out.push({ reward: r.reward, success: r.info.success, cube: obs['obj_pose']!.slice(0, 3) });
  }
  return { start, steps: out };
}

test('reward modes: sparse is the success flag, dense is 3 on success and below 2 before, normalized is dense / 3', () => {
  const sparse = rollout('sparse', 5).steps;
  const dense = rollout('dense', 5).steps;
  const normalized = rollout('normalized_dense', 5).steps;
  assert.ok(sparse.some((s) => s.success), 'the expert should succeed on seed 5');
  for (let t = 0; t < 50; t++) {
    assert.equal(sparse[t]!.reward, sparse[t]!.success ? 1 : 0);
    assert.ok(Math.abs(normalized[t]!.reward - dense[t]!.reward / 3) < 1e-12);
    if (dense[t]!.success) assert.equal(dense[t]!.reward, 3);
    else assert.ok(dense[t]!.reward >= 0 && dense[t]!.reward <= 2, `dense ${dense[t]!.reward}`);
  }
});

test('success comes from pushing: the cube slides 0.1 m or more along +x and stays on the table', () => {
  const { start, steps } = rollout('sparse', 11);
  const first = steps.findIndex((s) => s.success);
  assert.ok(first >= 0, 'solved');
  const at = steps[first]!.cube;
  assert.ok(at[0]! - start[0]! >= 0.1, `moved ${(at[0]! - start[0]!).toFixed(3)} m`);
  assert.ok(Math.abs(at[1]! - start[1]!) < 0.03 && at[2]! < 0.025, `cube at ${[...at].map((v) => v.toFixed(3))}`);
});

test('the scripted expert solves PushCube-v1 on at least 18 of 20 seeds; doing nothing solves none', async () => {
  using vec = new SyncVectorEnv(Array.from({ length: 4 }, () => makeEnv('PushCube-v1', { controlMode: 'pd_ee_delta_pose' })));
  const r = await runEvaluation(vec, new SlideCubeExpert(vec.observationSpace, 'push'), { episodes: 20, seed: 1000 });
  const solved = r.episodes.filter((e) => e.successOnce).length;
  assert.ok(solved >= 18, `solved ${solved}/20; failed seeds ${r.episodes.filter((e) => !e.successOnce).map((e) => e.seed).join(', ')}`);
  const zero = constantPolicy(vec.observationSpace, 7);
  const idle = await runEvaluation(vec, zero, { episodes: 8, seed: 0 });
  assert.equal(idle.episodes.filter((e) => e.successOnce).length, 0);
});
