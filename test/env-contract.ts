import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../math/rng.js';
import { InvalidActionError, ResetNeededError } from '../tasks/env-errors.js';
import type { SyncEnv as Env, Observation } from '../tasks/env.js';

// Envs rewrite their observation buffer at each step: keep a copy.
function keep<R extends { obs: Observation }>(r: R): R {
  const obs = r.obs instanceof Float32Array ? r.obs.slice() : Object.fromEntries(Object.entries(r.obs).map(([k, v]) => [k, v.slice()]));
  return { ...r, obs };
}

function bytes(obs: Observation): Buffer {
  if (obs instanceof Float32Array) return Buffer.from(obs.buffer, obs.byteOffset, obs.byteLength);
  return Buffer.concat(Object.values(obs).map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

function randomActions(env: Env, seed: number, count: number): Float32Array[] {
  const rng = new Rng(seed);
  const a = env.actionSpace;
  // Absolute modes have joint-limit bounds; stay near the middle so the arm moves but slowly.
  return Array.from({ length: count }, () => {
    const x = a.sample(rng);
    for (let i = 0; i < x.length; i++) {
      const mid = (a.low[i]! + a.high[i]!) / 2;
      const bounded = Number.isFinite(a.low[i]!) && Number.isFinite(a.high[i]!) && a.high[i]! - a.low[i]! > 2.5;
      if (bounded) x[i] = mid + (x[i]! - mid) * 0.05;
    }
    return x;
  });
}

/**
 * The checks every env must pass (Gymnasium's env checker, made strict): reset/step cycles with
 * well-formed results, bitwise determinism per seed, state save/restore that reproduces the rest
 * of an episode bitwise, and typed errors for bad actions and misuse.
 */
export function runEnvContract(name: string, make: () => Env): void {
  test(`${name}: step before reset throws ResetNeededError`, () => {
    using env = make();
    assert.throws(() => env.step(new Float32Array(env.actionSpace.size)), ResetNeededError);
  });

  test(`${name}: 5 reset/step cycles give well-formed results`, () => {
    using env = make();
    const actions = randomActions(env, 1, 10);
    for (let cycle = 0; cycle < 5; cycle++) {
      const { obs, info } = env.reset({ seed: cycle });
      assert.equal(typeof info.success, 'boolean');
      const flat = obs instanceof Float32Array ? obs : null;
      if (flat) assert.equal(flat.length, env.observationSpace.size);
      for (const a of actions) {
        const r = env.step(a);
        assert.ok(Number.isFinite(r.reward), `reward ${r.reward}`);
        assert.equal(typeof r.terminated, 'boolean');
        assert.equal(typeof r.truncated, 'boolean');
        for (const v of flat ? [r.obs as Float32Array] : Object.values(r.obs)) assert.ok(v.every(Number.isFinite), 'observation has a non-finite entry');
      }
    }
  });

  test(`${name}: the same seed twice gives byte-identical observations over 50 steps`, () => {
    using a = make();
    using b = make();
    const actions = randomActions(a, 2, 50);
    // b runs another episode first: history must not leak into the next one.
    b.reset({ seed: 99 });
    for (const act of actions.slice(0, 5)) b.step(act);
    assert.deepEqual(bytes(keep(a.reset({ seed: 7 })).obs), bytes(keep(b.reset({ seed: 7 })).obs));
    for (let t = 0; t < 50; t++) {
      const ra = keep(a.step(actions[t]!));
      const rb = keep(b.step(actions[t]!));
      assert.ok(bytes(ra.obs).equals(bytes(rb.obs)), `observations differ at step ${t}`);
      assert.equal(ra.reward, rb.reward);
    }
    assert.notDeepEqual(bytes(keep(a.reset({ seed: 8 })).obs), bytes(keep(b.reset({ seed: 7 })).obs));
  });

  test(`${name}: save/restore mid-episode reproduces the rest bitwise`, () => {
    using env = make();
    const actions = randomActions(env, 3, 30);
    env.reset({ seed: 11 });
    for (const a of actions.slice(0, 10)) env.step(a);
    const state = structuredClone(env.snapshots.getState());
    const first = actions.slice(10).map((a) => keep(env.step(a)));
    env.reset({ seed: 12 });
    env.step(actions[0]!);
    env.snapshots.setState(state);
    const second = actions.slice(10).map((a) => keep(env.step(a)));
    for (let t = 0; t < first.length; t++) {
      assert.ok(bytes(first[t]!.obs).equals(bytes(second[t]!.obs)), `diverged ${t} steps after restore`);
      assert.equal(first[t]!.reward, second[t]!.reward);
      assert.equal(first[t]!.truncated, second[t]!.truncated);
    }
  });

  test(`${name}: NaN, Inf and wrong-length actions throw InvalidActionError naming the problem`, () => {
    using env = make();
    env.reset({ seed: 0 });
    const n = env.actionSpace.size;
    const nan = new Float32Array(n);
    nan[1] = NaN;
    assert.throws(() => env.step(nan), (e: Error) => e instanceof InvalidActionError && /action\[1\].*NaN/.test(e.message));
    const inf = new Float32Array(n);
    inf[0] = Infinity;
    assert.throws(() => env.step(inf), (e: Error) => e instanceof InvalidActionError && /Infinity/.test(e.message));
    assert.throws(() => env.step(new Float32Array(n + 1)), (e: Error) => e instanceof InvalidActionError && new RegExp(`${n} entries.*got ${n + 1}`).test(e.message));
    // The env is still usable after refusing bad actions.
    assert.doesNotThrow(() => env.step(new Float32Array(n)));
  });

  test(`${name}: truncates at the time limit`, () => {
    using env = make();
    env.reset({ seed: 0 });
    const zero = new Float32Array(env.actionSpace.size);
    let last;
    for (let t = 0; t < env.spec.maxEpisodeSteps; t++) last = env.step(zero);
    assert.equal(last!.truncated, true);
  });
}
