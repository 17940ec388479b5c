import { resolvePolicy } from '../../cli/policy-choices.js';
import type { LoadPolicyOptions } from '../../policies/load-policy.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';
import type { VectorEnv } from '../../tasks/vector-env.js';
import { WorkerVectorEnv } from '../../tasks/vector/worker-vector-env.js';
import { CameraVectorEnv } from '../../tasks/vector/camera-vector-env.js';
import { runEvaluation, type EvaluationResult } from '../../rollout/evaluate.js';
import { makeEnv, type MakeEnvOptions } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { BENCHMARK_VARIATIONS, METAWORLD_BENCHMARKS, type MetaWorldBenchmark, variationSeed } from '../../tasks/metaworld/benchmarks.js';

/** One row of the results table: a policy and how to load it. */
export interface ResultsEntry {
  id: string;
  label: string;
  /** 'scripted' or a path to an ONNX model. */
  policy: string;
  /** Loading options for model files (Gaussian sampling, V-GPS reranking, diffusion steps). */
  load?: LoadPolicyOptions;
  /** What it was trained on, for the report. */
  trainedOn: string;
}

/** Where and how long to evaluate. */
export interface EvaluationSettings {
  task: string;
  episodes: number;
  seed: number;
  envs: number;
  workers: number;
  /** Meta-World's benchmark mode of this suite: its fixed variations per task and the task one-hot. */
  benchmark?: MetaWorldBenchmark;
  /** Render the task's cameras into the observation (an image policy), as `armkit eval --obs-mode rgb`. */
  images?: boolean;
}

/**
 * Evaluate one entry as `armkit eval` does (same env construction, seeds and statistics), but
 * in process so that loading options the command line lacks (a sampled Gaussian head without
 * reranking) can be passed. Returns the evaluation and the control mode used.
 */
export async function evaluateEntry(
  entry: ResultsEntry,
  settings: EvaluationSettings,
  onProgress?: (done: number, total: number, successes: number) => void,
): Promise<EvaluationResult & { controlMode: string }> {
  const task = TASKS.get(settings.task);
  const choice = await resolvePolicy(entry.policy);
  const controlMode = choice.controlMode(task.id) ?? task.defaultControlMode;
  const suite = settings.benchmark;
  // The same variations and one-hot as `armkit eval --benchmark` with this seed.
  const benchmark = suite ? { variations: { count: BENCHMARK_VARIATIONS, seed: variationSeed(settings.seed, task.id) }, taskOneHot: METAWORLD_BENCHMARKS[suite] } : {};
  const options: MakeEnvOptions = { controlMode, obsMode: 'state', ...benchmark };
  const envs = Math.min(settings.episodes, settings.envs);
  const vec: VectorEnv = settings.images
    ? await CameraVectorEnv.open(task.id, envs, { ...options, obsMode: 'rgb', imagesInObservation: true })
    : settings.workers > 0 && envs > 1
      ? await WorkerVectorEnv.create(task.id, options, envs, Math.min(settings.workers, envs))
      : new SyncVectorEnv(Array.from({ length: envs }, () => makeEnv(task.id, options)));
  try {
    const policy = await choice.create({
      task: task.id,
      observationSpace: vec.observationSpace,
      actionSpace: vec.actionSpace,
      seed: settings.seed,
      ...(entry.load ? { load: entry.load } : {}),
    });
    try {
      const result = await runEvaluation(vec, policy, {
        episodes: settings.episodes,
        seed: settings.seed,
        onProgress: (done, total, results) => onProgress?.(done, total, results.filter((r) => r.successOnce).length),
      });
      return { ...result, controlMode };
    } finally {
      await policy.dispose();
    }
  } finally {
    vec.close();
  }
}
