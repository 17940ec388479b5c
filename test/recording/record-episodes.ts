import { NoisyPolicy } from '../../policies/noisy-policy.js';
import type { Policy } from '../../policies/policy.js';
import type { EpisodeSink } from '../../recording/episode-sink.js';
import { rollout } from '../../rollout/rollout.js';
import type { Env } from '../../tasks/env.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';

/** Record `episodes` episodes of a policy into a sink through the rollout, as `armkit collect` does. */
export async function recordEpisodes(env: Env, policy: Policy, sink: EpisodeSink, o: { episodes: number; seed: number; noise?: number; onEpisode?: (done: number) => void }) {
  const acting = o.noise ? new NoisyPolicy(policy, o.noise, env.actionSpace.low, env.actionSpace.high) : policy;
  const r = await rollout(new SyncVectorEnv([env]), acting, { episodes: o.episodes, seed: o.seed, endOn: 'done', sink, ...(o.noise ? { episodeAttrs: { noise: o.noise } } : {}), onEpisode: (_e, done) => o.onEpisode?.(done) });
  return { episodes: r.episodes.length, successes: r.episodes.filter((e) => e.successOnce).length, steps: r.episodes.reduce((s, e) => s + e.steps, 0) };
}
