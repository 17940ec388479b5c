import type { PickCubeInfo } from './pick-cube.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEnv } from '../make-env.js';
import { PickCubeExpert } from '../../policies/scripted/pick-cube-expert.js';
import type { ObservationDict } from '../env.js';

function rollout(rewardMode: 'sparse' | 'dense' | 'normalized_dense') {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose', rewardMode });
  const expert = new PickCubeExpert(env.observationSpace);
  let obs = env.reset({ seed: 21 }).obs as Float32Array;
  expert.reset(1);
  const out: { reward: number; success: boolean; grasped: boolean }[] = [];
  for (let t = 0; t < 50; t++) {
    const r = env.step(expert.act(obs));
    obs = r.obs as Float32Array;
    out.push({ reward: r.reward, success: r.info.success, grasped: Boolean((r.info as PickCubeInfo).is_grasped) });
  }
  return out;
}

test('reward modes: sparse is the success flag, dense tops out at 5 on success, normalized is dense / 5', () => {
  const sparse = rollout('sparse');
  const dense = rollout('dense');
  const normalized = rollout('normalized_dense');
  assert.ok(sparse.some((s) => s.success), 'the expert should succeed on seed 21');
  for (let t = 0; t < 50; t++) {
    assert.equal(sparse[t]!.reward, sparse[t]!.success ? 1 : 0);
    assert.ok(Math.abs(normalized[t]!.reward - dense[t]!.reward / 5) < 1e-12);
    if (dense[t]!.success) assert.equal(dense[t]!.reward, 5);
    else assert.ok(dense[t]!.reward >= 0 && dense[t]!.reward < 4, `dense ${dense[t]!.reward}`);
  }
  // Grasping pays: the first grasped step earns more than the step before it.
  const g = dense.findIndex((s) => s.grasped);
  assert.ok(g > 0 && dense[g]!.reward > dense[g - 1]!.reward + 0.5);
});

test('the reset distribution follows ManiSkill: cube xy in [-0.1, 0.1]^2 on the table, goal z in [0.02, 0.32]', () => {
  using env = makeEnv('PickCube-v1', { obsMode: 'state_dict' });
  const yaws: number[] = [];
  for (let seed = 0; seed < 200; seed++) {
    const o = env.reset({ seed }).obs as ObservationDict;
    const [x, y, z, qw, , , qz] = o['obj_pose']!;
    assert.ok(Math.abs(x!) <= 0.1 && Math.abs(y!) <= 0.1 && Math.abs(z! - 0.02) < 1e-6, `cube at ${x}, ${y}, ${z}`);
    const [gx, gy, gz] = o['goal_pos']!;
    assert.ok(Math.abs(gx!) <= 0.1 && Math.abs(gy!) <= 0.1 && gz! >= 0.02 - 1e-6 && gz! <= 0.32 + 1e-6);
    yaws.push(2 * Math.atan2(qz!, qw!));
  }
  // Random yaw: spread over the whole circle.
  assert.ok(Math.max(...yaws) - Math.min(...yaws) > 5.5);
});
