import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Policy } from '../../policies/policy.js';
import { PolicyError } from '../../policies/policy-errors.js';
import { maxAbsDiff, observations } from './fixtures.js';

/** What the shared suite needs to know about a policy beyond the interface. */
export interface PolicyContractOptions {
  /** Whether different seeds must give different actions. */
  readonly stochastic: boolean;
  /** Envs per batch (default 3). */
  readonly envs?: number;
  /** Steps per episode in the checks (default 3). */
  readonly steps?: number;
}

/**
 * The checks every Policy must pass: batched actions of the right size and finite, equal
 * seeds give equal actions (different seeds different ones when stochastic), a partial reset
 * leaves the other envs alone, and dispose() frees the policy for good.
 */
export function runPolicyContract(name: string, make: () => Promise<Policy>, options: PolicyContractOptions): void {
  const n = options.envs ?? 3;
  const steps = options.steps ?? 3;
  const episode = async (policy: Policy, seed: number) => {
    policy.reset({ seed });
    const out: number[] = [];
    for (let s = 0; s < steps; s++) out.push(...(await policy.act(observations(n, 100 + s, policy.layout.frameSize), n)));
    return out;
  };

  describe(`Policy contract: ${name}`, () => {
    test('acts for every env with finite actions, into a given target', async () => {
      await using policy = await make();
      const target = new Float32Array(n * policy.actionDim);
      const out = await policy.act(observations(n, 1, policy.layout.frameSize), n, target);
      assert.equal(out, target);
      assert.ok(out.every(Number.isFinite));
    });

    test('same seed, same actions; another seed, other actions when stochastic', async () => {
      await using policy = await make();
      const a = await episode(policy, 3);
      assert.deepEqual(await episode(policy, 3), a);
      const b = await episode(policy, 4);
      if (options.stochastic) assert.ok(maxAbsDiff(a, b) > 1e-6, 'different seeds gave equal actions');
      else assert.deepEqual(b, a);
    });

    test('a partial reset leaves the other envs unchanged', async () => {
      await using x = await make();
      await using y = await make();
      x.reset({ seed: 9 });
      y.reset({ seed: 9 });
      const d = x.actionDim;
      await x.act(observations(n, 1, x.layout.frameSize), n);
      await y.act(observations(n, 1, y.layout.frameSize), n);
      y.reset({ envs: [0] });
      const ax = await x.act(observations(n, 2, x.layout.frameSize), n);
      const ay = await y.act(observations(n, 2, y.layout.frameSize), n);
      assert.deepEqual([...ay.subarray(d)], [...ax.subarray(d)]);
    });

    test('dispose() is final and idempotent', async () => {
      const policy = await make();
      await policy.dispose();
      await policy.dispose();
      await assert.rejects(async () => policy.act(observations(n, 1, policy.layout.frameSize), n), PolicyError);
    });
  });
}
