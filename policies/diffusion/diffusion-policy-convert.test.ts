import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import onnxProto from 'onnx-proto';
import { Tensor } from 'onnxruntime-node';
import type { Rng } from '../../math/rng.js';
import { maxAbsDiff, REPO_ROOT, type ReferenceTensor } from '../../test/policies/fixtures.js';
import { ModelContractError } from '../policy-errors.js';
import { DiffusionPredictor } from './diffusion-predictor.js';

const { onnx } = onnxProto;

/**
 * Two diffusion_policy low-dim checkpoints (python/armkit_convert.py diffusion-policy made the
 * ONNX files; test/python/test_armkit_convert.py checks that it still does) against what
 * diffusion_policy's own DiffusionUnetLowdimPolicy and ConditionalUnet1D computed from them at
 * the commit references.json names, with diffusers' schedulers.
 */
const DIR = join(REPO_ROOT, 'test', 'python', 'fixtures', 'diffusion_policy');
const cpu = { providers: ['cpu'] as const };

interface CaseReference {
  readonly upstream: string;
  readonly unet: { sample: ReferenceTensor; timestep: number[]; global_cond: ReferenceTensor; prediction: ReferenceTensor };
  readonly predict_action: {
    obs: ReferenceTensor;
    timesteps: number[];
    initial_noise: ReferenceTensor;
    step_noise: ReferenceTensor | null;
    action_pred: ReferenceTensor;
    action: ReferenceTensor;
  };
}

const references = JSON.parse(readFileSync(join(DIR, 'references.json'), 'utf8')) as Record<string, CaseReference>;

/** Gives back recorded Gaussian draws in order, as the predictor asks its streams for noise. */
function replay(values: readonly number[]): Rng {
  let at = 0;
  return {
    normal: () => {
      if (at >= values.length) throw new Error('replayed noise ran out');
      return values[at++]!;
    },
  } as unknown as Rng;
}

for (const name of ['ddpm-film', 'ddim-bias']) {
  const ref = references[name]!;

  test(`${name}: the converted network equals upstream's ConditionalUnet1D within 1e-4`, async (t) => {
    await using p = await DiffusionPredictor.load(join(DIR, `${name}.onnx`), cpu);
    assert.equal(p.model.contract.flatObservation, true);
    const u = ref.unet;
    const b = u.sample.shape[0]!;
    const out = new Float32Array(u.prediction.data.length);
    await p.model.run(
      {
        sample: new Tensor('float32', Float32Array.from(u.sample.data), u.sample.shape),
        timestep: new Tensor('int64', BigInt64Array.from(u.timestep, (x) => BigInt(x)), [b]),
        global_cond: new Tensor('float32', Float32Array.from(u.global_cond.data), u.global_cond.shape),
      },
      { prediction: new Tensor('float32', out, u.prediction.shape) },
    );
    const diff = maxAbsDiff(out, u.prediction.data);
    t.diagnostic(`max |onnx - upstream| = ${diff.toExponential(2)} (outputs up to ${Math.max(...u.prediction.data.map(Math.abs)).toFixed(2)})`);
    assert.ok(diff <= 1e-4, `max diff ${diff}`);
  });

  test(`${name}: a whole chain from upstream's noise equals its predict_action within 1e-4, constant dimensions included`, async (t) => {
    await using p = await DiffusionPredictor.load(join(DIR, `${name}.onnx`), cpu);
    const pa = ref.predict_action;
    assert.deepEqual(Array.from(p.sampler.timesteps), pa.timesteps, 'the file\'s sampling settings give upstream\'s timesteps');
    const m = pa.obs.shape[0]!;
    const chunk = p.horizons.prediction * p.actionDim;
    const out = new Float32Array(m * chunk);
    // DDPM's per-step noise: upstream draws it for the whole batch at once, step after step; the
    // predictor asks env i's stream for its own part, so each env replays its slice of each step.
    const rngs = Array.from({ length: m }, (_, i) => {
      const steps = pa.step_noise ? pa.step_noise.shape[0]! : 0;
      const mine: number[] = [];
      for (let s = 0; s < steps; s++) mine.push(...pa.step_noise!.data.slice((s * m + i) * chunk, (s * m + i + 1) * chunk));
      return replay(mine);
    });
    await p.denoise(Float32Array.from(pa.obs.data), m, Float32Array.from(pa.initial_noise.data), rngs, out);
    const diff = maxAbsDiff(out, pa.action_pred.data);
    t.diagnostic(`${p.sampler.timesteps.length} steps: max |armkit - upstream action_pred| = ${diff.toExponential(2)}`);
    assert.ok(diff <= 1e-4, `max diff ${diff}`);
    // The executed actions are upstream's `action` slice.
    const { actionOffset: o, action: ta } = p.horizons;
    const executed: number[] = [];
    for (let i = 0; i < m; i++) executed.push(...out.slice(i * chunk + o * p.actionDim, i * chunk + (o + ta) * p.actionDim));
    assert.ok(maxAbsDiff(Float32Array.from(executed), pa.action.data) <= 1e-4);
  });
}

/** The ddpm-film file with its `armkit.sampling` entry replaced (or removed when null). */
function withSampling(text: string | null): Uint8Array {
  const model = onnx.ModelProto.decode(readFileSync(join(DIR, 'ddpm-film.onnx')));
  model.metadataProps = model.metadataProps!.filter((p) => p.key !== 'armkit.sampling');
  if (text !== null) model.metadataProps.push(onnx.StringStringEntryProto.create({ key: 'armkit.sampling', value: text }));
  return onnx.ModelProto.encode(model).finish();
}

test("armkit.sampling is the default the runtime's options override; without it DDIM-10; a bad one is refused by name", async () => {
  await using fromFile = await DiffusionPredictor.load(join(DIR, 'ddpm-film.onnx'), cpu);
  assert.equal(fromFile.sampler.timesteps.length, 100);
  assert.ok(fromFile.sampler.stochastic);
  await using overridden = await DiffusionPredictor.load(join(DIR, 'ddpm-film.onnx'), { ...cpu, sampler: 'ddim' });
  assert.deepEqual(Array.from(overridden.sampler.timesteps), [90, 80, 70, 60, 50, 40, 30, 20, 10, 0]);
  await using without = await DiffusionPredictor.load(withSampling(null), cpu);
  assert.equal(without.sampler.timesteps.length, 10);
  await assert.rejects(DiffusionPredictor.load(withSampling('{"sampler": "euler", "inference_steps": 10}'), cpu), (e: unknown) => {
    assert.ok(e instanceof ModelContractError);
    assert.ok(e.mismatches.some((m) => m.where.startsWith("metadata 'armkit.sampling'") && /ddim or ddpm/.test(m.expected)), e.message);
    return true;
  });
});
