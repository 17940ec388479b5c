import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rng } from '../../math/rng.js';
import { modelPath, observations } from '../../test/policies/fixtures.js';
import { BcPredictor } from '../bc/bc-predictor.js';
import { DiffusionPredictor } from '../diffusion/diffusion-predictor.js';
import { ObservationLayout } from '../observation-layout.js';
import { PolicyError } from '../policy-errors.js';
import type { CandidateSampler } from '../runner/chunk-predictor.js';
import { ChunkedPolicy } from '../runner/chunked-policy.js';
import { OnnxQFunction } from './onnx-q-function.js';
import { VgpsPredictor } from './vgps-predictor.js';

const cpu = { providers: ['cpu'] as const };

/** The fixture critic prefers this action: q = -|a - target|^2 + (same for all candidates). */
async function quadraticQ(): Promise<{ q: OnnxQFunction; target: number[] }> {
  const q = await OnnxQFunction.load(modelPath('q-quadratic'), cpu);
  return { q, target: JSON.parse(q.model.contract.metadata.get('armkit.fixture.q_target')!) as number[] };
}

const qOf = (a: ArrayLike<number>, at: number, target: number[]) => -target.reduce((s, v, j) => s + (a[at + j]! - v) ** 2, 0);

/** Wraps a sampler and keeps the candidates of its last call. */
class Spy implements CandidateSampler {
  last = new Float32Array(0);
  calls = 0;
  constructor(readonly inner: CandidateSampler) {}
  get layout() { return this.inner.layout; }
  get actionDim() { return this.inner.actionDim; }
  get horizons() { return this.inner.horizons; }
  get stochastic() { return this.inner.stochastic; }
  predict(w: Float32Array, m: number, r: readonly Rng[], t: Float32Array) { return this.inner.predict(w, m, r, t); }
  async sampleCandidates(w: Float32Array, m: number, k: number, r: readonly Rng[], t: Float32Array) {
    this.calls++;
    await this.inner.sampleCandidates(w, m, k, r, t);
    this.last = t.slice(0, m * k * this.horizons.prediction * this.actionDim);
  }
  dispose() { return this.inner.dispose(); }
  async [Symbol.asyncDispose]() { await this.dispose(); }
}

/** A base whose K candidates are fixed chunks: candidate c's actions are all `first[c]`. */
class FixedCandidates implements CandidateSampler {
  readonly stochastic = true;
  constructor(readonly inner: CandidateSampler, readonly first: number[][]) {}
  get layout() { return this.inner.layout; }
  get actionDim() { return this.inner.actionDim; }
  get horizons() { return this.inner.horizons; }
  async predict(): Promise<void> { throw new Error('unused'); }
  async sampleCandidates(_w: Float32Array, m: number, k: number, _r: readonly Rng[], t: Float32Array) {
    const d = this.actionDim;
    const tp = this.horizons.prediction;
    for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) for (let s = 0; s < tp; s++) t.set(this.first[c]!, ((i * k + c) * tp + s) * d);
  }
  dispose() { return this.inner.dispose(); }
  async [Symbol.asyncDispose]() { await this.dispose(); }
}

for (const [name, load] of [
  ['Gaussian BC', () => BcPredictor.load(modelPath('bc-gaussian'), { ...cpu, gaussian: 'sample' })],
  ['diffusion DDIM-10', () => DiffusionPredictor.load(modelPath('diffusion-unet-small'), cpu)],
] as const) {
  test(`temperature 0 executes the chunk whose first action the Q model prefers (${name})`, async () => {
    const { q, target } = await quadraticQ();
    const base = new Spy(await load());
    const vgps = new VgpsPredictor(base, q, { candidates: 10, temperature: 0 });
    await using policy = new ChunkedPolicy(vgps);
    const n = 4;
    const d = 7;
    const tp = base.horizons.prediction;
    const off = base.horizons.actionOffset;
    const action = await policy.act(observations(n, 5), n);
    assert.equal(base.calls, 1, 'one batched draw of all candidates');
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < 10; c++) {
        if (qOf(base.last, ((i * 10 + c) * tp + off) * d, target) > qOf(base.last, ((i * 10 + best) * tp + off) * d, target)) best = c;
      }
      assert.equal(vgps.lastChoices[i], best, `env ${i}`);
      const chosen = base.last.subarray(((i * 10 + best) * tp + off) * d, ((i * 10 + best) * tp + off + 1) * d);
      assert.deepEqual([...action.subarray(i * d, (i + 1) * d)], [...chosen]);
    }
  });
}

test('temperature > 0 picks candidates with softmax(Q / T) frequencies (chi-square)', async () => {
  const { q, target } = await quadraticQ();
  const first = [
    target.map((v) => v + 0.1),
    target.map((v) => v - 0.2),
    target.map((v, j) => v + (j % 2 ? 0.15 : -0.15)),
    target.map((v) => v + 0.3),
  ];
  const temperature = 0.3;
  const base = new FixedCandidates(await BcPredictor.load(modelPath('bc-gaussian'), { ...cpu, gaussian: 'sample' }), first);
  const vgps = new VgpsPredictor(base, q, { candidates: 4, temperature });
  await using policy = new ChunkedPolicy(vgps);
  const n = 4000;
  policy.reset({ seed: 21 });
  await policy.act(observations(n, 6), n);
  const counts = [0, 0, 0, 0];
  for (const c of vgps.lastChoices) counts[c]!++;
  const qs = first.map((a) => qOf(a, 0, target));
  const max = Math.max(...qs);
  const w = qs.map((v) => Math.exp((v - max) / temperature));
  const p = w.map((x) => x / w.reduce((a, b) => a + b, 0));
  const chi2 = counts.reduce((s, o, c) => s + (o - n * p[c]!) ** 2 / (n * p[c]!), 0);
  // 3 degrees of freedom: P(chi2 > 16.27) = 0.001 when the frequencies are right.
  assert.ok(chi2 < 16.27, `chi-square ${chi2.toFixed(2)}; counts ${counts.join(', ')} vs expected ${p.map((x) => (x * n).toFixed(0)).join(', ')}`);
  assert.ok(Math.min(...p) > 0.05, 'every candidate is likely enough to test');
});

test('V-GPS refuses a deterministic base and a critic reading other observations', async () => {
  const { q } = await quadraticQ();
  await using det = await BcPredictor.load(modelPath('bc-gaussian'), cpu);
  assert.throws(() => new VgpsPredictor(det, q), (e: unknown) => e instanceof PolicyError && /deterministic/.test(e.message));
  await using sampler = await BcPredictor.load(modelPath('bc-gaussian'), { ...cpu, gaussian: 'sample' });
  const other = Object.create(q, { layout: { value: new ObservationLayout([{ name: 'x', shape: [3], type: 'low_dim' }]) } }) as OnnxQFunction;
  assert.throws(() => new VgpsPredictor(sampler, other), /different observations: base qpos\[9\].*; Q x\[3\]/);
  await q.dispose();
});
