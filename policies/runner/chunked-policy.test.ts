import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../errors.js';
import type { Rng } from '../../math/rng.js';
import type { Horizons } from '../model/model-contract.js';
import { ObservationLayout } from '../observation-layout.js';
import { PolicyError } from '../policy-errors.js';
import type { ChunkPredictor } from './chunk-predictor.js';
import { ChunkedPolicy } from './chunked-policy.js';

/**
 * A scripted predictor: action j of chunk step s for a plan is
 * 1000 * (plan number of that env) + 10 * s + j, plus the newest frame's first value * 0.001.
 * It records each call's windows and the first draw of each env's stream.
 */
class ScriptedPredictor implements ChunkPredictor {
  readonly layout = new ObservationLayout([{ name: 'a', shape: [2], type: 'low_dim' }, { name: 'b', shape: [1], type: 'low_dim' }]);
  readonly actionDim = 2;
  readonly stochastic = true;
  readonly calls: { m: number; windows: number[][][]; draws: number[] }[] = [];
  readonly plans = new Map<number, number>();
  disposed = false;
  constructor(readonly horizons: Horizons) {}

  async predict(windows: Float32Array, m: number, rngs: readonly Rng[], target: Float32Array): Promise<void> {
    const { observation: to, prediction: tp } = this.horizons;
    const f = this.layout.frameSize;
    const call = { m, windows: [] as number[][][], draws: [] as number[] };
    for (let r = 0; r < m; r++) {
      const w: number[][] = [];
      for (let t = 0; t < to; t++) w.push([...windows.subarray((r * to + t) * f, (r * to + t + 1) * f)]);
      call.windows.push(w);
      call.draws.push(rngs[r]!.random());
      const env = w[to - 1]![2]!; // frames carry the env index in key b
      const plan = (this.plans.get(env) ?? 0) + 1;
      this.plans.set(env, plan);
      for (let s = 0; s < tp; s++) {
        for (let j = 0; j < 2; j++) target[(r * tp + s) * 2 + j] = 1000 * plan + 10 * s + j + 0.001 * w[to - 1]![0]!;
      }
    }
    this.calls.push(call);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

/** Frames for n envs at step `step`: a = [step, -step], b = [env]. */
function frames(n: number, step: number): Float32Array {
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) out.set([step, -step, i], i * 3);
  return out;
}

const H: Horizons = { observation: 2, prediction: 6, action: 3, actionOffset: 1 };

test('executes action-horizon steps of each chunk from the offset, then plans again', async () => {
  const p = new ScriptedPredictor(H);
  const policy = new ChunkedPolicy(p);
  const seen: number[] = [];
  for (let step = 0; step < 7; step++) seen.push((await policy.act(frames(1, step), 1))[0]!);
  assert.equal(p.calls.length, 3, 'plans at steps 0, 3 and 6');
  assert.deepEqual(seen.map((v) => Math.round(v)), [1010, 1020, 1030, 2010, 2020, 2030, 3010]);
});

test('the first window after a reset repeats the first frame; later windows slide', async () => {
  const p = new ScriptedPredictor(H);
  const policy = new ChunkedPolicy(p);
  for (let step = 0; step < 4; step++) await policy.act(frames(2, step), 2);
  assert.deepEqual(p.calls[0]!.windows[1], [[0, -0, 1], [0, -0, 1]]);
  assert.deepEqual(p.calls[1]!.windows[1], [[2, -2, 1], [3, -3, 1]]);
});

test('a partial reset replans only the reset env, from a fresh window', async () => {
  const p = new ScriptedPredictor(H);
  const policy = new ChunkedPolicy(p);
  await policy.act(frames(3, 0), 3);
  policy.reset({ envs: [1] });
  await policy.act(frames(3, 1), 3);
  assert.equal(p.calls.length, 2);
  assert.equal(p.calls[1]!.m, 1);
  assert.deepEqual(p.calls[1]!.windows[0], [[1, -1, 1], [1, -1, 1]]);
});

test('temporal ensembling plans every step and averages overlapping chunks with exp(-m i), oldest first', async () => {
  const m = 0.5;
  const p = new ScriptedPredictor({ observation: 1, prediction: 4, action: 4, actionOffset: 0 });
  const policy = new ChunkedPolicy(p, { temporalEnsemble: m });
  const out: number[] = [];
  for (let step = 0; step < 6; step++) out.push((await policy.act(frames(1, 0), 1))[0]!);
  assert.equal(p.calls.length, 6);
  // At step u, plan k (1-based, made at step k - 1) proposes 1000 k + 10 (u - k + 1) for dim 0.
  for (let u = 0; u < 6; u++) {
    const plans = [];
    for (let k = Math.max(1, u - 2); k <= u + 1; k++) plans.push(1000 * k + 10 * (u - k + 1));
    const w = plans.map((_, i) => Math.exp(-m * i));
    const expected = plans.reduce((s, v, i) => s + v * w[i]!, 0) / w.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(out[u]! - expected) < 1e-2, `step ${u}: ${out[u]} vs ${expected}`);
  }
});

test('same seed gives the same streams; an env\'s stream does not depend on the batch size', async () => {
  const draws = async (seed: number, n: number) => {
    const p = new ScriptedPredictor(H);
    const policy = new ChunkedPolicy(p);
    policy.reset({ seed });
    await policy.act(frames(n, 0), n);
    return p.calls[0]!.draws;
  };
  assert.deepEqual(await draws(5, 3), await draws(5, 3));
  assert.notDeepEqual(await draws(5, 3), await draws(6, 3));
  assert.equal((await draws(5, 1))[0], (await draws(5, 3))[0]);
});

test('the record form of observations equals the flat form', async () => {
  const a = new ChunkedPolicy(new ScriptedPredictor(H));
  const b = new ChunkedPolicy(new ScriptedPredictor(H));
  const flat = await a.act(new Float32Array([4, 5, 0, 6, 7, 1]), 2);
  const rec = await b.act({ a: new Float32Array([4, 5, 6, 7]), b: new Float32Array([0, 1]) }, 2);
  assert.deepEqual([...rec], [...flat]);
});

test('bad input is refused at the edge with what was expected', async () => {
  const policy = new ChunkedPolicy(new ScriptedPredictor(H));
  await assert.rejects(policy.act(new Float32Array(5), 2), (e: unknown) => e instanceof InvalidArgumentError && /expected 2 x 3 = 6 floats/.test(e.message));
  await assert.rejects(policy.act({ a: new Float32Array(4) }, 2), (e: unknown) => e instanceof InvalidArgumentError && /'b'.*no such key/.test(e.message));
  await assert.rejects(policy.act(new Float32Array([0, NaN, 0]), 1), (e: unknown) => e instanceof InvalidArgumentError && /env 0 in key 'a'/.test(e.message));
  await policy.act(frames(2, 0), 2);
  await assert.rejects(policy.act(frames(3, 0), 3), /expected 2 envs/);
  assert.throws(() => policy.reset({ envs: [2] }), InvalidArgumentError);
  assert.throws(() => new ChunkedPolicy(new ScriptedPredictor(H), { actionHorizon: 6 }), /\[1, 5\]/);
  policy.reset();
  await policy.act(frames(3, 0), 3); // a full reset frees the batch size
});

test('dispose frees the predictor, and await using does it at scope end', async () => {
  const p = new ScriptedPredictor(H);
  {
    await using policy = new ChunkedPolicy(p);
    await policy.act(frames(1, 0), 1);
  }
  assert.equal(p.disposed, true);
  const q = new ScriptedPredictor(H);
  const policy = new ChunkedPolicy(q);
  await policy.dispose();
  await assert.rejects(policy.act(frames(1, 0), 1), PolicyError);
});
