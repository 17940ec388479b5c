import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cosineAlphaBar, inferenceTimesteps, NoiseSchedule } from './noise-schedule.js';

const leadingTimesteps = (T: number, steps: number) => inferenceTimesteps({ numTrainTimesteps: T, timestepSpacing: 'leading', stepsOffset: 0 }, steps);

const close = (a: number, b: number, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} vs ${b}`);

test('linear schedule: alphas_cumprod equals the product of (1 - beta) with evenly spaced betas', () => {
  const s = new NoiseSchedule({ numTrainTimesteps: 1000, betaSchedule: 'linear', betaStart: 1e-4, betaEnd: 0.02 });
  // Values computed with numpy from beta_t = 1e-4 + (0.02 - 1e-4) t / 999, alphas_cumprod = cumprod(1 - beta).
  close(s.alphasCumprod[0]!, 0.9999);
  close(s.alphasCumprod[1]!, 0.9997800920720721);
  close(s.alphasCumprod[499]!, 0.07858724288177824, 1e-10);
  close(s.alphasCumprod[999]!, 4.035829765375676e-5, 1e-9);
  close(s.betas[999]!, 0.02);
});

test('squaredcos_cap_v2: alphas_cumprod equals alpha_bar((t + 1) / T) / alpha_bar(0) until the beta cap binds', () => {
  const T = 100;
  const s = new NoiseSchedule({ numTrainTimesteps: T, betaSchedule: 'squaredcos_cap_v2', betaStart: 1e-4, betaEnd: 0.02 });
  // The product of the ratios telescopes: prod_{i<=t} alpha_bar((i+1)/T) / alpha_bar(i/T).
  const f = (x: number) => Math.cos(((x + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
  for (const t of [0, 9, 50, 98]) close(s.alphasCumprod[t]!, f((t + 1) / T) / f(0), 1e-10);
  close(s.alphasCumprod[50]!, 0.4782646329454781, 1e-10);
  // The last step would be beta = 1; the cap keeps it at 0.999.
  close(s.betas[T - 1]!, 0.999);
  close(s.alphasCumprod[99]!, 2.4285722793500615e-7, 1e-8);
  close(cosineAlphaBar(0), f(0));
});

test('leading timesteps are multiples of T / steps, largest first', () => {
  assert.deepEqual([...leadingTimesteps(100, 10)], [90, 80, 70, 60, 50, 40, 30, 20, 10, 0]);
  assert.deepEqual([...leadingTimesteps(100, 16)], [90, 84, 78, 72, 66, 60, 54, 48, 42, 36, 30, 24, 18, 12, 6, 0]);
  assert.throws(() => leadingTimesteps(100, 0));
  assert.throws(() => leadingTimesteps(100, 101));
});
