import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../math/rng.js';
import { maxAbsDiff, modelPath, observations, references } from '../../test/policies/fixtures.js';
import { Normalizer } from '../model/normalizer.js';
import { ChunkedPolicy } from '../runner/chunked-policy.js';
import { BcPredictor } from './bc-predictor.js';

const cpu = { providers: ['cpu'] as const };

test('deterministic BC: raw observation to action matches PyTorch within 1e-5', async (t) => {
  const ref = references()['bc-mlp']!.policy!;
  await using policy = new ChunkedPolicy(await BcPredictor.load(modelPath('bc-mlp'), cpu));
  const action = await policy.act(Float32Array.from(ref.raw_obs.data), 3);
  const diff = maxAbsDiff(action, ref.action.data);
  t.diagnostic(`max |armkit - torch| = ${diff.toExponential(2)}`);
  assert.ok(diff <= 1e-5, `max diff ${diff}`);
});

test('Gaussian BC acts with the mean by default, and samples around it when asked', async () => {
  const ref = references()['bc-gaussian']!;
  await using mean = await BcPredictor.load(modelPath('bc-gaussian'), cpu);
  const c = mean.model.contract;
  assert.equal(mean.stochastic, false);
  // Reference inputs are normalized; feed their raw counterparts.
  const raw = new Float32Array(ref.inputs['obs']!.data.length);
  Normalizer.forObservation(c.observationKeys, c.normalization.observation).unnormalize(Float32Array.from(ref.inputs['obs']!.data), 0, raw, 0, 3);
  const act = Normalizer.forAction(c.normalization.action, c.actionDim);
  const expected = new Float32Array(21);
  act.unnormalize(Float32Array.from(ref.outputs['action_mean']!.data), 0, expected, 0, 3);
  const out = new Float32Array(21);
  await mean.predict(raw, 3, [], out);
  assert.ok(maxAbsDiff(out, expected) <= 1e-5);

  await using sampler = await BcPredictor.load(modelPath('bc-gaussian'), { ...cpu, gaussian: 'sample' });
  assert.equal(sampler.stochastic, true);
  // 4000 draws for env 0: the normalized samples have the head's mean and std (where no clamp binds).
  const k = 4000;
  const draws = new Float32Array(k * 7);
  await sampler.sampleCandidates(raw.subarray(0, 42), 1, k, [new Rng(3)], draws);
  const mu = ref.outputs['action_mean']!.data;
  const logStd = ref.outputs['action_log_std']!.data;
  for (let j = 0; j < 7; j++) {
    const std = Math.exp(logStd[j]!);
    if (Math.abs(mu[j]!) + 4 * std > 1) continue;
    let s = 0;
    let s2 = 0;
    for (let r = 0; r < k; r++) {
      const y = draws[r * 7 + j]! * act.scale[j]! + act.offset[j]!;
      s += y;
      s2 += y * y;
    }
    const m = s / k;
    const sd = Math.sqrt(s2 / k - m * m);
    assert.ok(Math.abs(m - mu[j]!) < (4 * std) / Math.sqrt(k), `dim ${j}: mean ${m} vs ${mu[j]}`);
    assert.ok(Math.abs(sd / std - 1) < 0.06, `dim ${j}: std ${sd} vs ${std}`);
  }
});

test('Gaussian BC samples: same seed same actions, other seed other actions', async () => {
  const run = async (seed: number) => {
    await using policy = new ChunkedPolicy(await BcPredictor.load(modelPath('bc-gaussian'), { ...cpu, gaussian: 'sample' }));
    policy.reset({ seed });
    return [...(await policy.act(observations(4, 1), 4)), ...(await policy.act(observations(4, 2), 4))];
  };
  const a = await run(7);
  assert.deepEqual(await run(7), a);
  assert.ok(maxAbsDiff(a, await run(8)) > 1e-4);
});
