import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError } from '../../errors.js';
import type { Rng } from '../../math/rng.js';
import type { Horizons } from '../model/model-contract.js';
import { ObservationLayout } from '../observation-layout.js';
import type { ChunkPredictor } from '../runner/chunk-predictor.js';
import { ChunkedPolicy } from '../runner/chunked-policy.js';
import { AsyncChunkedPolicy } from './async-chunked-policy.js';

/**
 * A slow predictor whose chunk row j, for an observation holding the step index s, is the action
 * s + j + 1000 * (its call number): an executed action tells which step it was planned for and by
 * which chunk.
 */
class SlowPredictor implements ChunkPredictor {
  readonly layout = new ObservationLayout([{ name: 'step', shape: [1], type: 'low_dim' }]);
  readonly actionDim = 1;
  readonly stochastic = false;
  readonly horizons: Horizons = { observation: 1, prediction: 8, action: 8, actionOffset: 0 };
  calls = 0;
  constructor(private readonly delayMs: number, private readonly failAt = -1) {}

  async predict(windows: Float32Array, m: number, _rngs: readonly Rng[], target: Float32Array): Promise<void> {
    const call = this.calls++;
    await sleep(this.delayMs);
    if (call === this.failAt) throw new Error('server gone');
    for (let i = 0; i < m; i++) for (let j = 0; j < 8; j++) target[i * 8 + j] = windows[i]! + j + 1000 * call;
  }

  async dispose(): Promise<void> {}

  async [Symbol.asyncDispose](): Promise<void> {}
}

/** A control loop at a fixed period: how many steps overran it and the actions executed. */
async function loop(policy: AsyncChunkedPolicy | ChunkedPolicy, steps: number, periodMs: number): Promise<{ late: number; actions: number[] }> {
  const actions: number[] = [];
  let late = 0;
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    const a = await policy.act(Float32Array.of(s), 1);
    actions.push(a[0]!);
    const spent = performance.now() - t0;
    // The first step of an episode waits for its first chunk in both modes.
    if (s > 0 && spent > periodMs) late++;
    await sleep(Math.max(0, periodMs - spent));
  }
  return { late, actions };
}

test('async: a model slower than a period never stalls the loop after the first chunk; stale actions are dropped', async () => {
  // 8-action chunks, 20 ms periods, a 50 ms model: a request at half a chunk (4 actions = 80 ms left) is back in time.
  const policy = new AsyncChunkedPolicy(new SlowPredictor(50), { threshold: 0.5 });
  policy.reset();
  const { late, actions } = await loop(policy, 30, 20);
  assert.equal(late, 0);
  assert.equal(policy.stats.waits, 1);
  // Latest wins: each step executes the action its newest chunk planned for that very step.
  actions.forEach((a, s) => assert.equal(a % 1000, s, `step ${s} executed ${a}`));
  assert.ok(Math.max(...actions) >= 3000, 'several chunks arrived while executing');
  await policy.dispose();
  // The sync runner with the same model stalls at every plan.
  const sync = new ChunkedPolicy(new SlowPredictor(50), { actionHorizon: 8 });
  sync.reset();
  assert.ok((await loop(sync, 30, 20)).late >= 3);
  await sync.dispose();
});

test('async: overlapping actions average with the weight given; a failed request surfaces at the next act', async () => {
  const policy = new AsyncChunkedPolicy(new SlowPredictor(5, 2), { threshold: 1, aggregation: { kind: 'average', weight: 0.25 } });
  policy.reset();
  assert.equal((await policy.act(Float32Array.of(0), 1))[0], 0); // waited for chunk 0: action s for steps 0..7
  assert.equal((await policy.act(Float32Array.of(1), 1))[0], 1); // from chunk 0; asks chunk 1, stamped step 1: 1000 + s
  await sleep(30); // chunk 1 has arrived and overlaps steps 2..7
  // Step 2: 0.25 x chunk 1's (1002) + 0.75 x chunk 0's (2). This act asks chunk 2, which fails.
  assert.equal((await policy.act(Float32Array.of(2), 1))[0], 0.25 * 1002 + 0.75 * 2);
  await sleep(30);
  await assert.rejects(policy.act(Float32Array.of(3), 1), /server gone/);
  // The refused act executed nothing: the next one runs step 3 from the queue (and asks again).
  assert.equal((await policy.act(Float32Array.of(3), 1))[0], 0.25 * 1003 + 0.75 * 3);
  assert.throws(() => new AsyncChunkedPolicy(new SlowPredictor(1), { threshold: 2 }), InvalidArgumentError);
  assert.throws(() => new AsyncChunkedPolicy(new SlowPredictor(1), { aggregation: { kind: 'average', weight: 0 } }), InvalidArgumentError);
  await policy.dispose();
});
