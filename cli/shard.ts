import { UsageError } from './usage-error.js';

/** Shard `index` (0-based) of `count`: its share of a run's seeds. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

// Where a cluster's job engine puts a task's index: a Kubernetes Indexed Job, then a SLURM array.
const INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID'] as const;

// Where the shard count comes from under `--shard auto` without --shard-count: SLURM sets the
// array's size; a Kubernetes Indexed Job sets no count, so its manifest sets ARMKIT_SHARD_COUNT.
const COUNT_VARIABLES = ['ARMKIT_SHARD_COUNT', 'SLURM_ARRAY_TASK_COUNT'] as const;

/**
 * Parse `--shard I/N` (0 <= I < N), or `--shard env/N`: I from JOB_COMPLETION_INDEX (Kubernetes)
 * or SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN (SLURM), whichever is set; or `--shard auto`:
 * I as for env/N, N from `count` (--shard-count) or else ARMKIT_SHARD_COUNT or SLURM_ARRAY_TASK_COUNT.
 */
export function parseShard(textValue: string, env: NodeJS.ProcessEnv = process.env, count?: number): Shard {
  const auto = textValue.trim() === 'auto';
  if (!auto && count !== undefined) throw new UsageError(`--shard-count: applies only with --shard auto (--shard ${textValue} names its count)`);
  if (auto) return parseShard(`env/${autoCount(env, count)}`, env);
  const m = /^(\d+|env)\/(\d+)$/.exec(textValue.trim());
  if (!m) throw new UsageError(`--shard: expected I/N (0 <= I < N), env/N or auto, got '${textValue}'`);
  const n = Number(m[2]);
  let index: number;
  if (m[1] === 'env') {
    const name = INDEX_VARIABLES.find((k) => env[k] !== undefined && env[k] !== '');
    if (!name) throw new UsageError(`--shard env/${m[2]}: expected ${INDEX_VARIABLES.join(' or ')} in the environment, found neither`);
    const raw = env[name]!;
    const offset = name === 'SLURM_ARRAY_TASK_ID' ? Number(env['SLURM_ARRAY_TASK_MIN'] ?? 0) : 0;
    index = Number(raw) - offset;
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(index)) throw new UsageError(`--shard env/${m[2]}: ${name} should be a whole number, got '${raw}'`);
  } else {
    index = Number(m[1]);
  }
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--shard: expected N >= 1, got ${m[2]}`);
  if (index < 0 || index >= n) throw new UsageError(`--shard: expected 0 <= I < ${n}, got I = ${index}`);
  return { index, count: n };
}

function autoCount(env: NodeJS.ProcessEnv, count: number | undefined): number {
  if (count !== undefined) return count;
  const name = COUNT_VARIABLES.find((k) => env[k] !== undefined && env[k] !== '');
  if (!name) throw new UsageError(`--shard auto: expected the shard count from --shard-count N or ${COUNT_VARIABLES.join(' or ')} in the environment, found none`);
  const raw = env[name]!;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--shard auto: ${name} should be a shard count >= 1, got '${raw}'`);
  return Number(raw);
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
