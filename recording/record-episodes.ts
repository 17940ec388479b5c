import { Rng } from '../math/rng.js';
import type { SimEnv } from '../tasks/sim-env.js';
import type { Env } from '../tasks/env.js';
import type { BatchPolicy } from '../tasks/evaluation/batch-policy.js';
import type { BoxSpace } from '../tasks/space.js';
import type { Wrapper } from '../tasks/wrappers/wrapper.js';
import type { EpisodeSink } from './episode-sink.js';

/** Options of recordEpisodes. */
export interface RecordOptions {
  episodes: number;
  /** Episode k resets with seed + k. */
  seed: number;
  /** Std of Gaussian noise added to every action entry (then clipped into the action space). */
  noise?: number;
  /** Called after each committed episode. */
  onEpisode?: (done: number, success: boolean) => void;
}

/** What a recording run did. */
export interface RecordResult {
  episodes: number;
  successes: number;
  steps: number;
}

/**
 * Roll a policy out in a simulated env and record every episode, each until the task succeeds
 * or the time limit: observations split by key, the action actually applied (noise included),
 * rewards, dones and the flat sim state before each action. Episodes are committed one by one.
 */
export async function recordEpisodes(env: Env, policy: BatchPolicy, sink: EpisodeSink, options: RecordOptions): Promise<RecordResult> {
  const sim = (env as Wrapper).unwrapped as unknown as SimEnv;
  const space = env.observationSpace;
  const lo = env.actionSpace.low;
  const hi = env.actionSpace.high;
  let successes = 0;
  let steps = 0;
  for (let k = 0; k < options.episodes; k++) {
    const seed = options.seed + k;
    // Noise has its own stream per episode so an episode can be re-made alone.
    const noise = new Rng(seed * 7919 + 17);
    let obs = env.reset({ seed }).obs as Float32Array;
    await policy.reset(1);
    sink.beginEpisode({ seed, attrs: options.noise ? { noise: options.noise } : {} });
    let success = false;
    for (let t = 0; ; t++) {
      const state = sim.flatState();
      const action = Float32Array.from(await policy.act(obs, 1));
      if (options.noise) {
        for (let i = 0; i < action.length; i++) action[i] = Math.min(hi[i]!, Math.max(lo[i]!, action[i]! + noise.normal(0, options.noise)));
      }
      const r = env.step(action);
      const next = r.obs as Float32Array;
      const done = r.terminated || r.truncated;
      sink.addStep({ obs: split(space, obs), nextObs: split(space, next), action, reward: r.reward, done, state });
      steps++;
      obs = next;
      // Reached at any step: ManiSkill ends the episode there, Meta-World runs on to the limit.
      success ||= r.info.success;
      if (done) break;
    }
    await sink.endEpisode({ success });
    if (success) successes++;
    options.onEpisode?.(k + 1, success);
  }
  return { episodes: options.episodes, successes, steps };
}

/** A flat observation cut into its named fields (copies). */
export function split(space: BoxSpace, flat: Float32Array): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const f of space.fields) out[f.key] = flat.slice(f.offset, f.offset + f.size);
  return out;
}
