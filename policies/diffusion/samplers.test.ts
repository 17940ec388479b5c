import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../math/rng.js';
import type { DiffusionSchedulerConfig } from '../model/model-contract.js';
import { DdimSampler } from './ddim-sampler.js';
import { DdpmSampler } from './ddpm-sampler.js';
import type { DiffusionSampler } from './diffusion-sampler.js';
import { NoiseSchedule } from './noise-schedule.js';

// A known Gaussian target per element (alternating): x0 ~ N(mu, s^2).
const TARGETS = [
  { mu: 0.3, s: 0.5 },
  { mu: -0.2, s: 0.8 },
];
const SAMPLES = 20_000;

function config(schedule: DiffusionSchedulerConfig['betaSchedule'], prediction: DiffusionSchedulerConfig['predictionType']): DiffusionSchedulerConfig {
  return { numTrainTimesteps: 1000, betaSchedule: schedule, betaStart: 1e-4, betaEnd: 0.02, predictionType: prediction, clipSample: false, clipSampleRange: 1, timestepSpacing: 'leading', stepsOffset: 0, setAlphaToOne: true };
}

/**
 * The exact denoiser of a Gaussian target: with x_t = sqrt(a) x0 + sqrt(1 - a) eps and
 * v = a s^2 + 1 - a, E[eps | x_t] = sqrt(1 - a) (x_t - sqrt(a) mu) / v and
 * E[x0 | x_t] = mu + sqrt(a) s^2 (x_t - sqrt(a) mu) / v.
 */
function analyticOutput(cfg: DiffusionSchedulerConfig, a: number, sample: Float32Array, out: Float32Array): void {
  for (let j = 0; j < sample.length; j++) {
    const { mu, s } = TARGETS[j % TARGETS.length]!;
    const v = a * s * s + 1 - a;
    const r = (sample[j]! - Math.sqrt(a) * mu) / v;
    out[j] = cfg.predictionType === 'epsilon' ? Math.sqrt(1 - a) * r : mu + Math.sqrt(a) * s * s * r;
  }
}

function sampleMany(cfg: DiffusionSchedulerConfig, sampler: DiffusionSampler, seed: number): Float32Array {
  const ac = new NoiseSchedule(cfg).alphasCumprod;
  const rng = new Rng(seed);
  const n = SAMPLES * TARGETS.length;
  const x = rng.fillNormal(new Float32Array(n));
  const out = new Float32Array(n);
  const noise = new Float32Array(n);
  sampler.timesteps.forEach((t, i) => {
    analyticOutput(cfg, ac[t]!, x, out);
    if (sampler.stochastic) rng.fillNormal(noise);
    sampler.step(i, out, x, noise);
  });
  return x;
}

function checkMoments(x: Float32Array, label: string): void {
  TARGETS.forEach(({ mu, s }, k) => {
    let sum = 0;
    let sum2 = 0;
    for (let j = k; j < x.length; j += TARGETS.length) sum += x[j]!;
    const mean = sum / SAMPLES;
    for (let j = k; j < x.length; j += TARGETS.length) sum2 += (x[j]! - mean) ** 2;
    const variance = sum2 / (SAMPLES - 1);
    // Four standard errors, plus the discretization bias of 1000 steps (under 1% of the variance).
    const meanTol = (4 * s) / Math.sqrt(SAMPLES) + 0.002;
    const varTol = 4 * s * s * Math.sqrt(2 / SAMPLES) + 0.01 * s * s;
    assert.ok(Math.abs(mean - mu) < meanTol, `${label}: mean ${mean} vs ${mu} (tol ${meanTol})`);
    assert.ok(Math.abs(variance - s * s) < varTol, `${label}: variance ${variance} vs ${s * s} (tol ${varTol})`);
  });
}

for (const schedule of ['squaredcos_cap_v2', 'linear'] as const) {
  for (const prediction of ['epsilon', 'sample'] as const) {
    test(`DDPM recovers a Gaussian target's mean and variance (${schedule}, ${prediction})`, () => {
      const cfg = config(schedule, prediction);
      checkMoments(sampleMany(cfg, new DdpmSampler(cfg), 11), `DDPM ${schedule} ${prediction}`);
    });
    test(`DDIM recovers a Gaussian target's mean and variance (${schedule}, ${prediction})`, () => {
      const cfg = config(schedule, prediction);
      checkMoments(sampleMany(cfg, new DdimSampler(cfg, { steps: 1000 }), 12), `DDIM ${schedule} ${prediction}`);
    });
  }
}

test('DDIM with eta = 1 is stochastic and still recovers the target', () => {
  const cfg = config('squaredcos_cap_v2', 'epsilon');
  const sampler = new DdimSampler(cfg, { steps: 1000, eta: 1 });
  assert.equal(sampler.stochastic, true);
  checkMoments(sampleMany(cfg, sampler, 13), 'DDIM eta=1');
});

test('clipping keeps the clean-sample estimate inside the range', () => {
  const cfg = { ...config('squaredcos_cap_v2', 'sample'), clipSample: true, clipSampleRange: 1 };
  const sampler = new DdimSampler(cfg, { steps: 10 });
  const x = new Float32Array([0.5, -0.5]);
  // At the last step (to alpha_bar = 1) the result is the clamped x0 itself.
  sampler.step(9, new Float32Array([3, -3]), x, null);
  assert.deepEqual([...x], [1, -1]);
});

test('one DDPM step adds the posterior variance beta_tilde = (1 - abar_prev) / (1 - abar_t) * beta_t (Ho et al., eq. 7)', () => {
  const cfg = config('linear', 'epsilon');
  const ac = new NoiseSchedule(cfg).alphasCumprod;
  const sampler = new DdpmSampler(cfg);
  const i = 500; // timestep 499
  const t = sampler.timesteps[i]!;
  const beta = 1 - ac[t]! / ac[t - 1]!;
  const betaTilde = ((1 - ac[t - 1]!) / (1 - ac[t]!)) * beta;
  const x0 = 0.25;
  const eps = 0.5;
  const xt = Math.sqrt(ac[t]!) * x0 + Math.sqrt(1 - ac[t]!) * eps;
  const a = new Float32Array([xt]);
  const b = new Float32Array([xt]);
  sampler.step(i, new Float32Array([eps]), a, new Float32Array([0]));
  sampler.step(i, new Float32Array([eps]), b, new Float32Array([1]));
  // Posterior mean of q(x_{t-1} | x_t, x0), eq. 7.
  const mean = (Math.sqrt(ac[t - 1]!) * beta * x0) / (1 - ac[t]!) + (Math.sqrt(1 - beta) * (1 - ac[t - 1]!) * xt) / (1 - ac[t]!);
  assert.ok(Math.abs(a[0]! - mean) < 1e-6, `mean ${a[0]} vs ${mean}`);
  assert.ok(Math.abs(b[0]! - a[0]! - Math.sqrt(betaTilde)) < 1e-6, `sigma ${b[0]! - a[0]!} vs ${Math.sqrt(betaTilde)}`);
});
