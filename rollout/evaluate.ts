import type { Policy } from '../policies/policy.js';
import { type Estimate, meanWithInterval, rateWithInterval } from '../tasks/evaluation/statistics.js';
import type { VectorEnv } from '../tasks/vector-env.js';
import { rollout, type EpisodeResult, type RolloutOptions } from './rollout.js';

/** Aggregates over the episodes, each with a 95% confidence interval. */
export interface EvaluationMetrics {
  successOnce: Estimate;
  successAtEnd: Estimate;
  return: Estimate;
  length: Estimate;
}

/** Options of runEvaluation: the rollout's, with episodes run to the time limit. */
export interface EvaluationOptions extends Omit<RolloutOptions, 'endOn'> {
  /** Called after every finished episode with the episodes done so far. */
  onProgress?: (done: number, total: number, results: readonly EpisodeResult[]) => void;
}

/** Everything an evaluation measured. */
export interface EvaluationResult {
  metrics: EvaluationMetrics;
  episodes: EpisodeResult[];
  seconds: number;
  controlSteps: number;
  interruptions: number;
  stoppedBy: string | null;
}

/**
 * Evaluate a policy on consecutive seeds through the one rollout, each episode run for the env's
 * full episode length as ManiSkill evaluates. Deterministic per seed whatever the batch size, as
 * long as the policy acts on each env independently; the env may be simulated or a robot.
 */
export async function runEvaluation(vec: VectorEnv, policy: Policy, options: EvaluationOptions): Promise<EvaluationResult> {
  const done: EpisodeResult[] = [];
  const r = await rollout(vec, policy, {
    ...options,
    endOn: 'time-limit',
    onEpisode: (e, count) => {
      done.push(e);
      options.onEpisode?.(e, count);
      options.onProgress?.(count, options.episodes, done);
    },
  });
  // In seed order, not the order they finished in: the report and its sums are then the same
  // whatever the number of envs, and shards of a run merge into exactly the run (cli/shard.ts).
  const episodes = [...r.episodes].sort((a, b) => a.episode - b.episode);
  return { metrics: summarize(episodes), episodes, seconds: r.seconds, controlSteps: r.controlSteps, interruptions: r.interruptions, stoppedBy: r.stoppedBy };
}

/** Success rates with Wilson intervals; return and length means with t intervals. */
export function summarize(results: readonly EpisodeResult[]): EvaluationMetrics {
  const count = (f: (r: EpisodeResult) => boolean) => results.filter(f).length;
  return {
    successOnce: rateWithInterval(count((r) => r.successOnce), results.length),
    successAtEnd: rateWithInterval(count((r) => r.successAtEnd), results.length),
    return: meanWithInterval(results.map((r) => r.return)),
    length: meanWithInterval(results.map((r) => r.length)),
  };
}
