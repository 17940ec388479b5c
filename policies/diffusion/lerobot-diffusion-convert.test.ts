import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Tensor } from 'onnxruntime-node';
import type { Rng } from '../../math/rng.js';
import { maxAbsDiff, REPO_ROOT, type ReferenceTensor } from '../../test/policies/fixtures.js';
import { DiffusionPredictor } from './diffusion-predictor.js';

/**
 * LeRobot DiffusionPolicy pretrained_model folders converted by python/armkit_convert.py lerobot
 * (test/python/test_lerobot_convert.py checks it still writes these files) against what
 * LeRobot's select_action between its processors returned step by step, with diffusers'
 * schedulers, at the commits references.json names. Every Gaussian draw upstream made is
 * recorded, so armkit's chain is fed the same noise.
 */
const DIR = join(REPO_ROOT, 'test', 'python', 'fixtures', 'lerobot');
const cpu = { providers: ['cpu'] as const };

interface DiffusionReference {
  readonly upstream: string;
  readonly diffusers: string;
  readonly observations: Record<string, ReferenceTensor>;
  readonly actions: ReferenceTensor;
  readonly plans: { step: number; draws: ReferenceTensor[] }[];
  readonly timesteps: number[];
  readonly unet: { sample: ReferenceTensor; timestep: number[]; global_cond: ReferenceTensor; prediction: ReferenceTensor };
}

const references = JSON.parse(readFileSync(join(DIR, 'references.json'), 'utf8')) as Record<string, DiffusionReference>;

/** Gives back recorded Gaussian draws in order. */
function replay(values: readonly number[]): Rng {
  let at = 0;
  return {
    normal: () => {
      if (at >= values.length) throw new Error('replayed noise ran out');
      return values[at++]!;
    },
  } as unknown as Rng;
}

/** Raw frames of step t for every env, keys in the model's order ([batch, frameSize]). */
function frame(p: DiffusionPredictor, ref: DiffusionReference, t: number, env: number): number[] {
  const out: number[] = [];
  for (const key of p.layout.keys) {
    const r = ref.observations[key.name]!;
    const [, batch, d] = r.shape as [number, number, number];
    out.push(...r.data.slice((t * batch + env) * d, (t * batch + env + 1) * d));
  }
  return out;
}

/** LeRobot's window at step s: the last To frames, the first one repeated before the episode had them. */
function windows(p: DiffusionPredictor, ref: DiffusionReference, s: number, batch: number): Float32Array {
  const to = p.horizons.observation;
  const out: number[] = [];
  for (let i = 0; i < batch; i++) for (let k = 0; k < to; k++) out.push(...frame(p, ref, Math.max(0, s - to + 1 + k), i));
  return Float32Array.from(out);
}

/** Replays the reference rollout's plans; the max |armkit - LeRobot| over every executed action. */
async function rollout(p: DiffusionPredictor, ref: DiffusionReference): Promise<number> {
  const [steps, batch, d] = ref.actions.shape as [number, number, number];
  const { prediction: tp, actionOffset: o, action: ta } = p.horizons;
  const chunk = new Float32Array(batch * tp * d);
  let worst = 0;
  for (const plan of ref.plans) {
    // Env i draws its slice of each recorded tensor, in the order upstream drew them. diffusers'
    // DDPM draws no noise at t = 0, where armkit's sampler draws and ignores one: zeros there.
    const tail = p.sampler.stochastic ? new Array<number>(tp * d).fill(0) : [];
    const rngs = Array.from({ length: batch }, (_, i) => replay([...plan.draws.flatMap((t) => t.data.slice(i * tp * d, (i + 1) * tp * d)), ...tail]));
    await p.predict(windows(p, ref, plan.step, batch), batch, rngs, chunk);
    for (let t = plan.step; t < Math.min(plan.step + ta, steps); t++) {
      for (let i = 0; i < batch; i++) {
        const mine = chunk.slice((i * tp + o + t - plan.step) * d, (i * tp + o + t - plan.step + 1) * d);
        worst = Math.max(worst, maxAbsDiff(mine, ref.actions.data.slice((t * batch + i) * d, (t * batch + i + 1) * d)));
      }
    }
  }
  return worst;
}

for (const name of ['diffusion-ddpm', 'diffusion-ddim']) {
  const ref = references[name]!;

  test(`LeRobot ${name}: the converted UNet (observation normalization inside) equals DiffusionConditionalUnet1d within 1e-4`, async (t) => {
    assert.match(ref.upstream, /^huggingface\/lerobot@[0-9a-f]{40}$/);
    await using p = await DiffusionPredictor.load(join(DIR, `${name}.onnx`), cpu);
    assert.equal(p.model.contract.flatObservation, true);
    const u = ref.unet;
    const b = u.sample.shape[0]!;
    // The reference conditioned on step 1's processed observation, twice; the graph takes it raw.
    const raw: number[] = [];
    for (let i = 0; i < b; i++) raw.push(...frame(p, ref, 1, i), ...frame(p, ref, 1, i));
    const out = new Float32Array(u.prediction.data.length);
    await p.model.run(
      {
        sample: new Tensor('float32', Float32Array.from(u.sample.data), u.sample.shape),
        timestep: new Tensor('int64', BigInt64Array.from(u.timestep, (x) => BigInt(x)), [b]),
        global_cond: new Tensor('float32', Float32Array.from(raw), [b, raw.length / b]),
      },
      { prediction: new Tensor('float32', out, u.prediction.shape) },
    );
    const diff = maxAbsDiff(out, u.prediction.data);
    t.diagnostic(`max |onnx - upstream| = ${diff.toExponential(2)}`);
    assert.ok(diff <= 1e-4, `max diff ${diff}`);
  });

  test(`LeRobot ${name}: whole chains from upstream's noise equal select_action's actions within 1e-4, step by step`, async (t) => {
    await using p = await DiffusionPredictor.load(join(DIR, `${name}.onnx`), cpu);
    assert.deepEqual(Array.from(p.sampler.timesteps), ref.timesteps, "the file's sampling gives upstream's timesteps");
    const diff = await rollout(p, ref);
    t.diagnostic(`${ref.plans.length} plans, ${p.sampler.timesteps.length} steps each: max |armkit - LeRobot| = ${diff.toExponential(2)}`);
    assert.ok(diff <= 1e-4, `max diff ${diff}`);
  });
}

test('LeRobot diffusion-ddpm: sampled as DDIM instead, the same noise gives other actions', async (t) => {
  const ref = references['diffusion-ddpm']!;
  await using p = await DiffusionPredictor.load(join(DIR, 'diffusion-ddpm.onnx'), { ...cpu, sampler: 'ddim', inferenceSteps: 20 });
  const diff = await rollout(p, ref).catch(() => Infinity);
  t.diagnostic(`DDIM-20 on DDPM's noise: max |armkit - LeRobot| = ${diff}`);
  assert.ok(diff > 1e-3);
});
