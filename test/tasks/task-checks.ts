// What every task's tests check, shared: the expert over fixed seeds, the reset distribution
// without interpenetration, the success rule on arranged states, the dense reward's bounds.
import assert from 'node:assert/strict';
import { Rng } from '../../math/rng.js';
import { SCRIPTED_EXPERTS } from '../../policies/scripted/scripted-experts.js';
import { runEvaluation } from '../../rollout/evaluate.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../../tasks/env.js';
import { makeEnv, makeSimEnv } from '../../tasks/make-env.js';
import type { SimEnv } from '../../tasks/sim-env.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';

/** The task's scripted expert over `episodes` fixed seeds from 1000 (4 envs, to the time limit as `armkit eval` runs). */
export async function expertRun(task: string, episodes = 20): Promise<{ solved: number; atEnd: number; failed: number[] }> {
  const expert = SCRIPTED_EXPERTS.get(task);
  using vec = new SyncVectorEnv(Array.from({ length: 4 }, () => makeEnv(task, { controlMode: expert.controlMode })));
  const r = await runEvaluation(vec, expert.create(vec.observationSpace), { episodes, seed: 1000 });
  return {
    solved: r.episodes.filter((e) => e.successOnce).length,
    atEnd: r.episodes.filter((e) => e.successAtEnd).length,
    failed: r.episodes.filter((e) => !e.successOnce).map((e) => e.seed),
  };
}

/** Assert the expert solves at least `min` of 20 fixed seeds. */
export async function assertExpertSolves(task: string, min = 18): Promise<void> {
  const r = await expertRun(task);
  assert.ok(r.solved >= min, `${task}: the expert solved ${r.solved}/20; failed seeds ${r.failed.join(', ')}`);
}

/**
 * Reset seeds 0..n-1 and hand each bare env to `check`; asserts that no task object starts
 * inside another, the table or the arm (penetration over 1 mm).
 */
export function forEachReset(task: string, n: number, check: (env: SimEnv<StepInfo>, seed: number) => void): void {
  using env = makeSimEnv(task, {});
  for (let seed = 0; seed < n; seed++) {
    env.reset({ seed });
    const p = deepestPenetration(env.scene);
    assert.ok(p.depth <= 1e-3, `${task} seed ${seed}: ${p.name} starts ${(1000 * p.depth).toFixed(2)} mm inside collider ${p.other}`);
    check(env, seed);
  }
}

/** The deepest overlap (m) of a dynamic task object with any other collider, and which. */
export function deepestPenetration(scene: Scene): { depth: number; name: string; other: number } {
  const world = scene.world;
  world.propagateModifiedBodyPositionsToColliders();
  // A jointed object's moving body and its base make no contacts (MuJoCo excludes a body's
  // contacts with its parent): an open door's edge may lie inside its safe's wall.
  const unpaired = new Set<string>();
  world.impulseJoints.forEach((j) => {
    if (!j.contactsEnabled()) unpaired.add(`${j.body1().handle} ${j.body2().handle}`).add(`${j.body2().handle} ${j.body1().handle}`);
  });
  let deepest = 0;
  let name = '';
  let other = -1;
  for (const n of scene.dynamicObjects()) {
    const own = scene.colliders(n);
    for (const handle of own) {
      const c = world.getCollider(handle);
      world.forEachCollider((o) => {
        if (own.includes(o.handle) || unpaired.has(`${c.parent()?.handle} ${o.parent()?.handle}`)) return;
        const contact = c.contactCollider(o, 0);
        if (contact && -contact.distance > deepest) {
          deepest = -contact.distance;
          name = n;
          other = o.handle;
        }
      });
    }
  }
  return { depth: deepest, name, other };
}

/** The task's info on seed `seed`'s reset after `arrange` moved things (hand-built states). */
export function evaluateArranged<I extends StepInfo>(env: SimEnv<I>, seed: number, arrange: (scene: Scene) => void): I {
  env.reset({ seed });
  arrange(env.scene);
  env.world.refresh();
  return env.task.evaluate(env.world);
}

/**
 * Dense reward over expert and random-action episodes on `seeds`: within [0, max], max exactly
 * on success (unless `successPaysMax` is false: Meta-World's pick-place counts success within
 * 0.07 m but pays 10 within 0.05), and normalized_dense is dense / max.
 */
export async function assertDenseRewardBounded(task: string, seeds: number[], successPaysMax = true): Promise<void> {
  const expert = SCRIPTED_EXPERTS.get(task);
  for (const random of [false, true]) {
    for (const seed of seeds) {
      using dense = makeEnv(task, { controlMode: expert.controlMode, rewardMode: 'dense' });
      using normalized = makeEnv(task, { controlMode: expert.controlMode, rewardMode: 'normalized_dense' });
      const unwrapped = makeSimEnv(task, { controlMode: expert.controlMode });
      const max = unwrapped.task.maxDenseReward;
      unwrapped.close();
      const policy = expert.create(dense.observationSpace);
      policy.reset();
      const rng = new Rng(seed);
      let obs = dense.reset({ seed }).obs as Float32Array;
      normalized.reset({ seed });
      const action = new Float32Array(dense.actionSpace.shape[0]!);
      for (let t = 0; t < dense.spec.maxEpisodeSteps; t++) {
        if (random) for (let i = 0; i < action.length; i++) action[i] = rng.uniform(-1, 1);
        else await policy.act(obs, 1, action);
        const r = dense.step(action);
        const rn = normalized.step(action);
        obs = r.obs as Float32Array;
        const where = `${task} seed ${seed} step ${t}${random ? ' (random actions)' : ''}`;
        assert.ok(r.reward >= 0 && r.reward <= max, `${where}: dense reward ${r.reward} outside [0, ${max}]`);
        if (r.info.success && successPaysMax) assert.equal(r.reward, max, `${where}: success pays the maximum`);
        assert.ok(Math.abs(rn.reward - r.reward / max) < 1e-9, `${where}: normalized ${rn.reward} vs ${r.reward} / ${max}`);
        if (r.terminated || r.truncated) break;
      }
    }
  }
}

/**
 * The deepest `overlap(scene)` (m) over `steps` expert steps on each of `seeds`: how far the
 * expert's arm reaches into scenery it should keep out of (wall-object.ts wallOverlap).
 */
export async function expertOverlap(task: string, seeds: number[], steps: number, overlap: (scene: Scene) => number): Promise<number> {
  const expert = SCRIPTED_EXPERTS.get(task);
  let deepest = 0;
  for (const seed of seeds) {
    using env = makeSimEnv(task, { controlMode: expert.controlMode });
    const policy = expert.create(env.observationSpace);
    policy.reset();
    let obs = env.reset({ seed }).obs as Float32Array;
    const action = new Float32Array(env.actionSpace.shape[0]!);
    for (let t = 0; t < steps; t++) {
      await policy.act(obs, 1, action);
      obs = env.step(action).obs as Float32Array;
      deepest = Math.max(deepest, overlap(env.scene));
    }
  }
  return deepest;
}

/** Assert that seed 11 and 30 fixed actions (Meta-World's 4-d) give the same observations and rewards twice. */
export function assertReplaysBitwise(task: string): void {
  const run = () => {
    using env = makeSimEnv(task, {});
    const out: number[] = [...(env.reset({ seed: 11 }).obs as Float32Array)];
    for (let t = 0; t < 30; t++) {
      const s = env.step(Float32Array.from([Math.sin(t), 1, Math.cos(t) - 0.5, t % 2 ? 1 : -1]));
      out.push(...(s.obs as Float32Array), s.reward);
    }
    return out;
  };
  assert.deepEqual(run(), run(), task);
}
