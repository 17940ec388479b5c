import { UsageError } from './usage-error.js';

/** Shard `index` (0-based) of `count`: its share of a run's seeds. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

// Where a cluster's job engine puts a task's index: a Kubernetes Indexed Job, then a SLURM array.
const INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID'] as const;

/**
 * Parse `--shard I/N` (0 <= I < N), or `--shard env/N`: I from JOB_COMPLETION_INDEX (Kubernetes)
 * or SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN (SLURM), whichever is set.
 */
export function parseShard(textValue: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const m = /^(\d+|env)\/(\d+)$/.exec(textValue.trim());
  if (!m) throw new UsageError(`--shard: expected I/N (0 <= I < N) or env/N, got '${textValue}'`);
  const count = Number(m[2]);
  let index: number;
  if (m[1] === 'env') {
    const name = INDEX_VARIABLES.find((k) => env[k] !== undefined && env[k] !== '');
    if (!name) throw new UsageError(`--shard env/${count}: expected ${INDEX_VARIABLES.join(' or ')} in the environment, found neither`);
    const raw = env[name]!;
    const offset = name === 'SLURM_ARRAY_TASK_ID' ? Number(env['SLURM_ARRAY_TASK_MIN'] ?? 0) : 0;
    index = Number(raw) - offset;
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(index)) throw new UsageError(`--shard env/${count}: ${name} should be a whole number, got '${raw}'`);
  } else {
    index = Number(m[1]);
  }
  if (!Number.isSafeInteger(count) || count < 1) throw new UsageError(`--shard: expected N >= 1, got ${m[2]}`);
  if (index < 0 || index >= count) throw new UsageError(`--shard: expected 0 <= I < ${count}, got I = ${index}`);
  return { index, count };
}

/**
 * The contiguous block of a run's seeds that `shard` evaluates: shards differ in size by at most
 * one episode, none overlap, together they are the run. Each episode's result depends on its
 * seed alone (the env and the policy's streams are seeded by it), so the shards' results merge
 * into exactly one run's.
 */
export function shardSeeds(seed: number, episodes: number, shard: Shard): { seed: number; episodes: number } {
  const from = Math.floor((shard.index * episodes) / shard.count);
  const to = Math.floor(((shard.index + 1) * episodes) / shard.count);
  return { seed: seed + from, episodes: to - from };
}
