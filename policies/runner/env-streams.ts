import { Rng } from '../../math/rng.js';

/**
 * Seed of env `env`'s random stream under policy seed `seed`: the env-th pair of draws from a
 * generator seeded with `seed`, so that the stream depends on (seed, env) alone.
 */
export function envStreamSeed(seed: number, env: number): number {
  const master = new Rng(seed);
  for (let i = 0; i < env; i++) {
    master.nextU32();
    master.nextU32();
  }
  return envSeedFrom(master);
}

/** Seeds of envs 0..n-1 under `seed`, in one pass. */
export function envStreamSeeds(seed: number, n: number): number[] {
  const master = new Rng(seed);
  return Array.from({ length: n }, () => envSeedFrom(master));
}

function envSeedFrom(master: Rng): number {
  // 21 + 32 bits: a safe integer, as Rng's seed wants.
  return (master.nextU32() >>> 11) * 4294967296 + master.nextU32();
}
