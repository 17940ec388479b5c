import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEnv } from '../make-env.js';
import { PickCubeExpert } from '../../policies/scripted/pick-cube-expert.js';
import { EnvError } from '../env-errors.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import { WorkerVectorEnv } from './worker-vector-env.js';
import type { VectorEnv, VectorStep } from '../vector-env.js';

const options = { controlMode: 'pd_ee_delta_pose' as const };

function rollout(vec: VectorEnv, seeds: number[], steps: number): Float32Array[] {
  const expert = new PickCubeExpert(vec.observationSpace);
  expert.reset(vec.numEnvs);
  let obs = vec.reset(seeds) as Float32Array;
  const out = [obs.slice()];
  for (let t = 0; t < steps; t++) {
    obs = (vec.step(expert.act(obs, vec.numEnvs)) as VectorStep).obs;
    out.push(obs.slice());
  }
  return out;
}

test('envs split over 2 worker threads give bitwise the same rollouts as on one thread', async () => {
  const seeds = [5, 6, 7];
  using sync = new SyncVectorEnv(seeds.map(() => makeEnv('PickCube-v1', options)));
  using workers = await WorkerVectorEnv.create('PickCube-v1', options, 3, 2);
  assert.equal(workers.observationSpace.size, sync.observationSpace.size);
  assert.deepEqual(workers.observationSpace.fields, sync.observationSpace.fields);
  const a = rollout(sync, seeds, 20);
  const b = rollout(workers, seeds, 20);
  for (let t = 0; t < a.length; t++) assert.ok(Buffer.from(a[t]!.buffer).equals(Buffer.from(b[t]!.buffer)), `step ${t} differs`);
});

test('an error inside a worker reaches the caller as an EnvError and the pool still closes', async () => {
  using workers = await WorkerVectorEnv.create('PickCube-v1', options, 2, 2);
  workers.reset([0, 1]);
  const bad = new Float32Array(2 * 7);
  bad[3] = NaN;
  assert.throws(() => workers.step(bad), (e: Error) => e instanceof EnvError && /worker 0: InvalidActionError: .*action\[3\]/.test(e.message));
  assert.doesNotThrow(() => workers.step(new Float32Array(2 * 7)));
});

test('worker counts outside [1, envs] are refused', async () => {
  await assert.rejects(WorkerVectorEnv.create('PickCube-v1', options, 2, 3), EnvError);
});
