import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assetPath } from '../../robot/asset-path.js';
import { checkSchema } from '../../schema-problems.js';
import { SCHEDULER_SCHEMA } from '../model/contract-schema.js';
import type { DiffusionSchedulerConfig } from '../model/model-contract.js';
import { DdimSampler } from './ddim-sampler.js';
import { DdpmSampler } from './ddpm-sampler.js';
import type { DiffusionSampler } from './diffusion-sampler.js';

// Made once with diffusers' own DDIMScheduler and DDPMScheduler at the commit the file names: a
// 10-step chain per scheduler setting from one initial sample, with a fixed stand-in for the
// network (see `model`) and the noise each step drew.
interface Case {
  name: string;
  sampler: 'ddim' | 'ddim_eta1' | 'ddpm';
  config: Record<string, unknown>;
  timesteps: number[];
  noise: number[][];
  final_sample: number[];
}
const REF = JSON.parse(readFileSync(assetPath('test/fixtures/diffusion/diffusers-schedulers.json'), 'utf8')) as { upstream: string; initial_sample: number[]; steps: number; cases: Case[] };

function parse(config: unknown): DiffusionSchedulerConfig {
  const r = checkSchema(SCHEDULER_SCHEMA, config);
  if ('problems' in r) throw new Error(`scheduler refused: ${JSON.stringify(r.problems)}`);
  return r.output;
}

function model(x: Float32Array, t: number, out: Float32Array): void {
  for (let j = 0; j < x.length; j++) out[j] = 0.5 * Math.tanh(x[j]!) + 0.1 * Math.cos(0.05 * t + 0.3 * j);
}

for (const c of REF.cases) {
  test(`${c.sampler} with ${c.name} follows diffusers' chain (${REF.upstream.split(',')[0]})`, () => {
    const config = parse(c.config);
    const sampler: DiffusionSampler = c.sampler === 'ddpm' ? new DdpmSampler(config, REF.steps) : new DdimSampler(config, { steps: REF.steps, eta: c.sampler === 'ddim_eta1' ? 1 : 0 });
    assert.deepEqual([...sampler.timesteps], c.timesteps);
    const x = Float32Array.from(REF.initial_sample);
    const out = new Float32Array(x.length);
    c.timesteps.forEach((t, i) => {
      model(x, t, out);
      sampler.step(i, out, x, Float32Array.from(c.noise[i]!));
    });
    for (let j = 0; j < x.length; j++) assert.ok(Math.abs(x[j]! - c.final_sample[j]!) <= 1e-4, `element ${j}: armkit ${x[j]}, diffusers ${c.final_sample[j]}`);
  });
}

test('each setting changes the chain: no two cases of a sampler end alike', () => {
  for (const kind of ['ddim', 'ddim_eta1', 'ddpm']) {
    const finals = REF.cases.filter((c) => c.sampler === kind).map((c) => c.final_sample.map((v) => v.toFixed(4)).join());
    assert.equal(new Set(finals).size, finals.length, kind);
  }
});

test('scheduler settings armkit does not apply are refused by name, and so are fields diffusers does not have', () => {
  const base = { num_train_timesteps: 100, beta_schedule: 'squaredcos_cap_v2' };
  const problems = (extra: Record<string, unknown>) => {
    const r = checkSchema(SCHEDULER_SCHEMA, { ...base, ...extra });
    return 'problems' in r ? r.problems.map((p) => `${p.path}: expected ${p.expected}, got ${p.found}`) : [];
  };
  assert.deepEqual(problems({ thresholding: 'yes' }), ['.thresholding: expected true or false, got "yes"']);
  assert.deepEqual(problems({ thresholding: true, dynamic_thresholding_ratio: 1.5 }), ['.dynamic_thresholding_ratio: expected a number in (0, 1], got 1.5']);
  assert.deepEqual(problems({ rescale_betas_zero_snr: 1 }), ['.rescale_betas_zero_snr: expected true or false, got 1']);
  assert.deepEqual(problems({ trained_betas: [0.1, 0.2] }), ['.trained_betas: expected one trained beta per training step (num_train_timesteps), got [0.1,0.2]']);
  assert.equal(problems({ beta_schedule: 'exp' }).length, 1);
  assert.deepEqual(problems({ variance_type: 'learned_range' }), ['.variance_type: expected fixed_small, fixed_small_log or fixed_large (no learned variance), got "learned_range"']);
  assert.equal(problems({ variance_type: 'fixed_large_log' }).length, 1);
  assert.match(problems({ timestep_spacing: 'karras' })[0]!, /timestep_spacing: expected one of leading, trailing, linspace|leading, trailing or linspace/);
  assert.match(problems({ clip_sample_ratio: 1 })[0]!, /clip_sample_ratio/);
  // diffusers' own saved-config bookkeeping and the thresholding knobs left at rest pass.
  assert.deepEqual(problems({ _class_name: 'DDIMScheduler', _diffusers_version: '0.30.0', thresholding: false, dynamic_thresholding_ratio: 0.995, sample_max_value: 1, steps_offset: 0 }), []);
  // A first timestep past the last training step is refused when the sampler is made.
  assert.throws(() => new DdimSampler(parse({ ...base, steps_offset: 20 }), { steps: 10 }), /steps_offset 20: the first of 10 timesteps would be 110, past the last training step 99/);
});

// Other beta schedules (DDPM only in diffusers), trained betas and zero-SNR rescaling (with
// "trailing" spacing the first step lands on alpha_bar = 0), made the same way.
const SCHEDULES = JSON.parse(readFileSync(assetPath('test/python/fixtures/diffusers/schedules.json'), 'utf8')) as typeof REF;

for (const c of SCHEDULES.cases) {
  test(`${c.sampler} with ${c.name} follows diffusers' chain`, () => {
    const config = parse(c.config);
    const sampler: DiffusionSampler = c.sampler === 'ddpm' ? new DdpmSampler(config, SCHEDULES.steps) : new DdimSampler(config, { steps: SCHEDULES.steps, eta: c.sampler === 'ddim_eta1' ? 1 : 0 });
    assert.deepEqual([...sampler.timesteps], c.timesteps);
    const x = Float32Array.from(SCHEDULES.initial_sample);
    const out = new Float32Array(x.length);
    c.timesteps.forEach((t, i) => {
      model(x, t, out);
      sampler.step(i, out, x, Float32Array.from(c.noise[i]!));
    });
    const diff = Math.max(...Array.from(x, (v, j) => Math.abs(v - c.final_sample[j]!)));
    assert.ok(diff <= 1e-4, `max |armkit - diffusers| = ${diff}`);
  });
}

test('each schedule setting changes the chain: no two DDPM cases end alike, nor as the plain schedules do', () => {
  const finals = [...REF.cases, ...SCHEDULES.cases].filter((c) => c.sampler === 'ddpm').map((c) => c.final_sample.map((v) => v.toFixed(3)).join());
  // The two files start from different samples, so compare within the new one and against rescaling off.
  const mine = SCHEDULES.cases.filter((c) => c.sampler === 'ddpm').map((c) => c.final_sample.map((v) => v.toFixed(4)).join());
  assert.equal(new Set(mine).size, mine.length);
  assert.ok(finals.length > mine.length);
  const rescaled = SCHEDULES.cases.find((c) => c.sampler === 'ddim' && c.name === 'rescale_betas_zero_snr')!;
  const off = new DdimSampler(parse({ ...rescaled.config, rescale_betas_zero_snr: false }), { steps: SCHEDULES.steps });
  const x = Float32Array.from(SCHEDULES.initial_sample);
  const out = new Float32Array(x.length);
  rescaled.timesteps.forEach((t, i) => {
    model(x, t, out);
    off.step(i, out, x, null);
  });
  assert.ok(Math.max(...Array.from(x, (v, j) => Math.abs(v - rescaled.final_sample[j]!))) > 1e-2);
});

// DDPM's fixed variance types, made the same way with diffusers' _get_variance.
const VARIANCES = JSON.parse(readFileSync(assetPath('test/python/fixtures/diffusers/variance-types.json'), 'utf8')) as typeof REF;

for (const c of VARIANCES.cases) {
  test(`ddpm with ${c.name} follows diffusers' chain`, () => {
    const sampler = new DdpmSampler(parse(c.config), VARIANCES.steps);
    const x = Float32Array.from(VARIANCES.initial_sample);
    const out = new Float32Array(x.length);
    c.timesteps.forEach((t, i) => {
      model(x, t, out);
      sampler.step(i, out, x, Float32Array.from(c.noise[i]!));
    });
    const diff = Math.max(...Array.from(x, (v, j) => Math.abs(v - c.final_sample[j]!)));
    assert.ok(diff <= 1e-4, `max |armkit - diffusers| = ${diff}`);
  });
}

test('fixed_large changes the DDPM chain; fixed_small_log does not', () => {
  const end = (name: string) => VARIANCES.cases.find((c) => c.name === name)!.final_sample;
  const gap = (a: number[], b: number[]) => Math.max(...a.map((v, j) => Math.abs(v - b[j]!)));
  assert.ok(gap(end('variance_type=fixed_large'), end('variance_type=fixed_small')) > 1e-2);
  assert.ok(gap(end('variance_type=fixed_small_log'), end('variance_type=fixed_small')) < 1e-6);
});

// Dynamic thresholding, made the same way with diffusers' _threshold_sample: two samples of 4 x 2
// in one buffer, so the quantile must be taken per sample, not over the batch.
const THRESHOLDING = JSON.parse(readFileSync(assetPath('test/python/fixtures/diffusers/thresholding.json'), 'utf8')) as typeof REF & { shape: number[] };

for (const c of THRESHOLDING.cases) {
  test(`${c.sampler} with ${c.name} follows diffusers' chain`, () => {
    const config = parse(c.config);
    assert.equal(config.thresholding, true);
    const chunkSize = THRESHOLDING.shape[1]! * THRESHOLDING.shape[2]!;
    const sampler: DiffusionSampler = c.sampler === 'ddpm' ? new DdpmSampler(config, THRESHOLDING.steps, chunkSize) : new DdimSampler(config, { steps: THRESHOLDING.steps, eta: c.sampler === 'ddim_eta1' ? 1 : 0, chunkSize });
    assert.deepEqual([...sampler.timesteps], c.timesteps);
    const x = Float32Array.from(THRESHOLDING.initial_sample);
    const out = new Float32Array(x.length);
    c.timesteps.forEach((t, i) => {
      model(x, t, out);
      sampler.step(i, out, x, Float32Array.from(c.noise[i]!));
    });
    const diff = Math.max(...Array.from(x, (v, j) => Math.abs(v - c.final_sample[j]!)));
    assert.ok(diff <= 1e-4, `max |armkit - diffusers| = ${diff}`);
  });
}

test('thresholding changes the chain: off, or over the whole batch instead of per sample, it ends elsewhere', () => {
  const c = THRESHOLDING.cases.find((k) => k.sampler === 'ddim' && k.name.startsWith('thresholding ratio 0.9'))!;
  const run = (config: DiffusionSchedulerConfig, chunkSize?: number) => {
    const sampler = new DdimSampler(config, { steps: THRESHOLDING.steps, ...(chunkSize ? { chunkSize } : {}) });
    const x = Float32Array.from(THRESHOLDING.initial_sample);
    const out = new Float32Array(x.length);
    c.timesteps.forEach((t, i) => {
      model(x, t, out);
      sampler.step(i, out, x, null);
    });
    return Math.max(...Array.from(x, (v, j) => Math.abs(v - c.final_sample[j]!)));
  };
  const config = parse(c.config);
  assert.ok(run(config, 8) <= 1e-4);
  assert.ok(run({ ...config, thresholding: false }, 8) > 1e-2, 'clip_sample instead of thresholding');
  assert.ok(run(config) > 1e-3, 'one quantile over both samples');
});
