import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../math/rng.js';
import { maxAbsDiff, modelPath, observations, references } from '../../test/policies/fixtures.js';
import { ChunkedPolicy } from '../runner/chunked-policy.js';
import { DiffusionPredictor } from './diffusion-predictor.js';

const cpu = { providers: ['cpu'] as const };

test('a DDIM-10 chain from given noise matches PyTorch within 1e-4 (normalization, network, sampler, unnormalization)', async (t) => {
  const ref = references()['diffusion-unet-small']!.ddim10!;
  await using p = await DiffusionPredictor.load(modelPath('diffusion-unet-small'), { ...cpu, sampler: 'ddim', inferenceSteps: 10 });
  const out = new Float32Array(ref.action.data.length);
  await p.denoise(Float32Array.from(ref.raw_obs.data), 2, Float32Array.from(ref.initial_noise.data), [], out);
  const diff = maxAbsDiff(out, ref.action.data);
  t.diagnostic(`max |armkit - torch| = ${diff.toExponential(2)}`);
  assert.ok(diff <= 1e-4, `max diff ${diff}`);
});

test('K candidates drawn in one batched call equal K sequential draws from the same stream', async () => {
  await using p = await DiffusionPredictor.load(modelPath('diffusion-unet-small'), cpu);
  const to = p.horizons.observation;
  const windows = observations(2 * to, 3);
  const chunk = p.horizons.prediction * p.actionDim;
  const k = 3;
  const batched = new Float32Array(2 * k * chunk);
  await p.sampleCandidates(windows, 2, k, [new Rng(1), new Rng(2)], batched);
  const rngs = [new Rng(1), new Rng(2)];
  const one = new Float32Array(2 * chunk);
  const calls = countRuns(p);
  for (let c = 0; c < k; c++) {
    // Sequential draws: env i's stream is consumed in the same order as by the batched call,
    // but one env at a time so that each candidate takes its own k-th share.
    for (let i = 0; i < 2; i++) {
      await p.predict(windows.subarray(i * to * 42, (i + 1) * to * 42), 1, [rngs[i]!], one);
      const diff = maxAbsDiff(one.subarray(0, chunk), batched.subarray((i * k + c) * chunk, (i * k + c + 1) * chunk));
      assert.ok(diff < 1e-4, `env ${i} candidate ${c}: ${diff}`);
    }
  }
  assert.equal(calls(), 2 * k * 10, 'ten network calls per sequential draw');
  const batchedCalls = countRuns(p);
  await p.sampleCandidates(windows, 2, k, [new Rng(1), new Rng(2)], batched);
  assert.equal(batchedCalls(), 10, 'one network call per denoising step for all candidates');
});

test('same seed gives the same actions, different seeds different samples', async () => {
  const run = async (seed: number) => {
    await using policy = new ChunkedPolicy(await DiffusionPredictor.load(modelPath('diffusion-unet-small'), cpu));
    policy.reset({ seed });
    const out: number[] = [];
    for (let step = 0; step < 2; step++) out.push(...(await policy.act(observations(2, 10 + step), 2)));
    return out;
  };
  const a = await run(1);
  assert.deepEqual(await run(1), a);
  const b = await run(2);
  assert.ok(maxAbsDiff(a, b) > 1e-3, 'different seeds, different samples');
});

test('DDPM sampling yields actions inside the min-max box of the training actions', async () => {
  await using p = await DiffusionPredictor.load(modelPath('diffusion-unet-small'), { ...cpu, sampler: 'ddpm', inferenceSteps: 20 });
  assert.equal(p.sampler.timesteps.length, 20);
  const out = new Float32Array(3 * p.horizons.prediction * p.actionDim);
  await p.predict(observations(3 * 2, 4), 3, [new Rng(1), new Rng(2), new Rng(3)], out);
  const action = JSON.parse(p.model.contract.metadata.get('armkit.normalization')!).action as { min: number[]; max: number[] };
  out.forEach((v, i) => {
    const j = i % p.actionDim;
    assert.ok(v >= action.min[j]! - 1e-5 && v <= action.max[j]! + 1e-5, `action ${v} outside [${action.min[j]}, ${action.max[j]}]`);
  });
});

/** Counts network calls from now on. */
function countRuns(p: DiffusionPredictor): () => number {
  const model = p.model as unknown as { run: (...args: unknown[]) => Promise<void> };
  const original = Object.getPrototypeOf(model).run as (...args: unknown[]) => Promise<void>;
  let count = 0;
  model.run = function (this: unknown, ...args: unknown[]) {
    count++;
    return original.apply(this, args);
  };
  return () => count;
}
