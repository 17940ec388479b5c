import type { VectorEnv } from '../tasks/vector-env.js';
import type { BatchPolicy } from '../tasks/evaluation/batch-policy.js';
import { type Estimate, meanWithInterval, rateWithInterval } from '../tasks/evaluation/statistics.js';

/** One evaluated episode. Episodes run to the time limit, ignoring terminations, as ManiSkill evaluates. */
export interface EpisodeResult {
  seed: number;
  /** Succeeded at any step. */
  successOnce: boolean;
  /** Succeeded at the last step. */
  successAtEnd: boolean;
  /** Sum of rewards over the whole episode. */
  return: number;
  /** Steps until the first success (inclusive), or the time limit when it never succeeded. */
  length: number;
}

/** Aggregates over the episodes, each with a 95% confidence interval. */
export interface EvaluationMetrics {
  successOnce: Estimate;
  successAtEnd: Estimate;
  return: Estimate;
  length: Estimate;
}

/** Options of runEvaluation. */
export interface EvaluationOptions {
  /** Number of episodes; seeds are seed, seed + 1, ... */
  episodes: number;
  seed: number;
  /** Called after every batch with the episodes done so far. */
  onProgress?: (done: number, total: number, results: readonly EpisodeResult[]) => void;
}

/** Everything an evaluation measured. */
export interface EvaluationResult {
  metrics: EvaluationMetrics;
  episodes: EpisodeResult[];
  seconds: number;
  controlSteps: number;
}

/**
 * Evaluate a policy on consecutive seeds, a batch of vec.numEnvs episodes at a time, each run for
 * the env's full episode length. Deterministic per seed whatever the batch size, as long as the
 * policy acts on each env independently.
 */
export async function runEvaluation(vec: VectorEnv, policy: BatchPolicy, options: EvaluationOptions): Promise<EvaluationResult> {
  const n = vec.numEnvs;
  const horizon = vec.spec.maxEpisodeSteps;
  const results: EpisodeResult[] = [];
  const start = performance.now();
  let controlSteps = 0;
  for (let first = 0; first < options.episodes; first += n) {
    const seeds = Array.from({ length: n }, (_, i) => options.seed + first + i);
    let obs = vec.reset(seeds);
    await policy.reset(n, seeds);
    const once = new Uint8Array(n);
    const firstSuccess = new Int32Array(n).fill(-1);
    const returns = new Float64Array(n);
    const last = new Uint8Array(n);
    for (let t = 0; t < horizon; t++) {
      const actions = await policy.act(obs, n);
      const r = vec.step(actions);
      obs = r.obs;
      for (let i = 0; i < n; i++) {
        returns[i] = returns[i]! + r.rewards[i]!;
        if (r.success[i] && !once[i]) {
          once[i] = 1;
          firstSuccess[i] = t + 1;
        }
      }
      last.set(r.success);
      controlSteps += n;
    }
    for (let i = 0; i < n && first + i < options.episodes; i++) {
      results.push({
        seed: seeds[i]!,
        successOnce: once[i] === 1,
        successAtEnd: last[i] === 1,
        return: returns[i]!,
        length: firstSuccess[i]! > 0 ? firstSuccess[i]! : horizon,
      });
    }
    options.onProgress?.(results.length, options.episodes, results);
  }
  return { metrics: summarize(results), episodes: results, seconds: (performance.now() - start) / 1000, controlSteps };
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
