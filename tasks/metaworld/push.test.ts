import { constantPolicy } from '../../test/policies/constant-policy.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncVectorEnv } from '../vector/sync-vector-env.js';
import type { ObservationDict } from '../env.js';
import { runEvaluation } from '../../rollout/evaluate.js';
import { makeEnv } from '../make-env.js';
import { gripperCagingReward, hamacherProduct } from './gripper-caging.js';
import { PushExpert } from '../../policies/scripted/push-v3-expert.js';

test("push-v3 resets as Meta-World's: object in [-0.1, 0.1] x [0.6, 0.7] standing, goal in [-0.1, 0.1] x [0.8, 0.9] at the object's height, 0.15 m apart", () => {
  using env = makeEnv('push-v3', { obsMode: 'state_dict' });
  assert.equal(env.observationSpace.size, 39);
  for (let seed = 0; seed < 100; seed++) {
    const o = env.reset({ seed }).obs as ObservationDict;
    const [ox, oy, oz] = o['obj_pose']!;
    const [gx, gy, gz] = o['goal_pos']!;
    assert.ok(ox! >= -0.1 && ox! <= 0.1 && oy! >= 0.6 && oy! <= 0.7 && Math.abs(oz! - 0.02) < 1e-6, `object at ${ox}, ${oy}, ${oz}`);
    assert.ok(gx! >= -0.1 && gx! <= 0.1 && gy! >= 0.8 && gy! <= 0.9 && Math.abs(gz! - 0.02) < 1e-6, `goal at ${gx}, ${gy}, ${gz}`);
    assert.ok(Math.hypot(ox! - gx!, oy! - gy!) >= 0.15);
  }
});

test('success is the object within 0.05 m of the goal; the dense reward is 10 there and below it elsewhere', () => {
  using env = makeEnv('push-v3', { obsMode: 'state_dict', rewardMode: 'dense' });
  const flat = makeEnv('push-v3');
  const expert = new PushExpert(flat.observationSpace);
  flat.close();
  let o = env.reset({ seed: 4 }).obs as ObservationDict;
  expert.reset(1);
  let solved = false;
  let before = -1;
  for (let t = 0; t < 500 && !solved; t++) {
    const r = env.step(expert.act(Float32Array.from(Object.values(o).flatMap((v) => [...v]))));
    o = r.obs as ObservationDict;
    const d = Math.hypot(...[0, 1, 2].map((i) => o['obj_pose']![i]! - o['goal_pos']![i]!));
    if (Math.abs(d - 0.05) > 1e-5) assert.equal(r.info.success, d < 0.05, `step ${t}: distance ${d}`);
    assert.equal(r.terminated, false);
    if (r.info.success) {
      assert.equal(r.reward, 10);
      solved = true;
    } else {
      assert.ok(r.reward >= 0 && r.reward < 10, `step ${t}: reward ${r.reward}`);
      if (t === 0) before = r.reward;
    }
  }
  assert.ok(solved, 'the expert solves seed 4');
  assert.ok(before >= 0 && before < 1, `far from the object the reward is small (${before})`);
});

test("the caging reward: pads astride the object with the TCP over it and the gripper shut give 1; pads apart or an open gripper give less", () => {
  const obj = { x: 0, y: 0.7, z: 0.02 };
  const base = { tcp: { x: 0, y: 0.7, z: 0.02 }, obj, objInit: obj, tcpInit: { x: 0, y: 0.6, z: 0.2 } };
  const settings = { objRadius: 0.015, padSuccessThreshold: 0.05, xzThreshold: 0.005, highDensity: false };
  const astride = [{ x: 0, y: 0.68, z: 0.02 }, { x: 0, y: 0.72, z: 0.02 }] as const;
  assert.equal(gripperCagingReward({ ...base, pads: astride, gripperEffort: 1 }, settings), 1);
  assert.equal(gripperCagingReward({ ...base, pads: astride, gripperEffort: 0 }, settings), 0, 'not gripping');
  const apart = [{ x: 0, y: 0.55, z: 0.02 }, { x: 0, y: 0.85, z: 0.02 }] as const;
  assert.ok(gripperCagingReward({ ...base, pads: apart, gripperEffort: 1 }, settings) < 0.5);
  assert.equal(gripperCagingReward({ ...base, pads: astride, gripperEffort: 0 }, { ...settings, highDensity: true }), 0.5, 'high density averages with caging');
  assert.equal(hamacherProduct(1, 1), 1);
  assert.equal(hamacherProduct(0, 0), 0);
  assert.ok(Math.abs(hamacherProduct(0.5, 0.5) - 1 / 3) < 1e-12);
});

test('the scripted expert solves push-v3 (success at any step, as Meta-World counts) on at least 18 of 20 seeds', async () => {
  using vec = new SyncVectorEnv(Array.from({ length: 4 }, () => makeEnv('push-v3')));
  const r = await runEvaluation(vec, new PushExpert(vec.observationSpace), { episodes: 20, seed: 1000 });
  const solved = r.episodes.filter((e) => e.successOnce).length;
  assert.ok(solved >= 18, `solved ${solved}/20; failed seeds ${r.episodes.filter((e) => !e.successOnce).map((e) => e.seed).join(', ')}`);
  const zero = constantPolicy(vec.observationSpace, 4);
  const idle = await runEvaluation(vec, zero, { episodes: 4, seed: 0 });
  assert.equal(idle.episodes.filter((e) => e.successOnce).length, 0);
});
