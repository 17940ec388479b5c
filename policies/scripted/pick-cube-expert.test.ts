import { constantPolicy } from '../../test/policies/constant-policy.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';
import { makeEnv } from '../../tasks/make-env.js';
import { runEvaluation } from '../../rollout/evaluate.js';
import { PickCubeExpert } from './pick-cube-expert.js';

test('the scripted expert solves PickCube-v1 on at least 18 of 20 fixed seeds', async () => {
  using vec = new SyncVectorEnv(Array.from({ length: 4 }, () => makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' })));
  const r = await runEvaluation(vec, new PickCubeExpert(vec.observationSpace), { episodes: 20, seed: 1000 });
  const solved = r.episodes.filter((e) => e.successOnce).length;
  assert.ok(solved >= 18, `solved ${solved}/20; failed seeds ${r.episodes.filter((e) => !e.successOnce).map((e) => e.seed).join(', ')}`);
});

test('doing nothing does not solve PickCube-v1 (success needs the cube at the goal)', async () => {
  using vec = new SyncVectorEnv([makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' })]);
  const zero = constantPolicy(vec.observationSpace, 7);
  const r = await runEvaluation(vec, zero, { episodes: 5, seed: 0 });
  assert.equal(r.episodes.filter((e) => e.successOnce).length, 0);
  assert.ok(r.metrics.return.mean > 0, 'dense reward still pays for reaching');
});
