/**
 * Meta-World's multi-task benchmarks by name, each the v3 task ids it runs, in Meta-World's
 * order (metaworld/env_dict.py: MT10_V3, and MT50_V3 = every v3 environment).
 */
export const METAWORLD_BENCHMARKS = {
  MT10: ['reach-v3', 'push-v3', 'pick-place-v3', 'door-open-v3', 'drawer-open-v3', 'drawer-close-v3', 'button-press-topdown-v3', 'peg-insert-side-v3', 'window-open-v3', 'window-close-v3'],
  MT50: [
    'assembly-v3', 'basketball-v3', 'bin-picking-v3', 'box-close-v3', 'button-press-topdown-v3', 'button-press-topdown-wall-v3', 'button-press-v3', 'button-press-wall-v3',
    'coffee-button-v3', 'coffee-pull-v3', 'coffee-push-v3', 'dial-turn-v3', 'disassemble-v3', 'door-close-v3', 'door-lock-v3', 'door-open-v3', 'door-unlock-v3',
    'hand-insert-v3', 'drawer-close-v3', 'drawer-open-v3', 'faucet-open-v3', 'faucet-close-v3', 'hammer-v3', 'handle-press-side-v3', 'handle-press-v3',
    'handle-pull-side-v3', 'handle-pull-v3', 'lever-pull-v3', 'pick-place-wall-v3', 'pick-out-of-hole-v3', 'pick-place-v3', 'plate-slide-v3', 'plate-slide-side-v3',
    'plate-slide-back-v3', 'plate-slide-back-side-v3', 'peg-insert-side-v3', 'peg-unplug-side-v3', 'soccer-v3', 'stick-push-v3', 'stick-pull-v3', 'push-v3',
    'push-wall-v3', 'push-back-v3', 'reach-v3', 'reach-wall-v3', 'shelf-place-v3', 'sweep-into-v3', 'sweep-v3', 'window-open-v3', 'window-close-v3',
  ],
} as const satisfies Record<string, readonly string[]>;

/** A benchmark's name: MT10 or MT50. */
export type MetaWorldBenchmark = keyof typeof METAWORLD_BENCHMARKS;

/** The benchmark names, for option checks. */
export const BENCHMARK_NAMES = Object.keys(METAWORLD_BENCHMARKS) as MetaWorldBenchmark[];

/** How many fixed reset variations (rand_vecs) Meta-World's benchmarks draw per task (its _N_GOALS). */
export const BENCHMARK_VARIATIONS = 50;

/**
 * The seed of one task's 50 variations in a benchmark run seeded `seed`: FNV-1a over the seed
 * and the task id, so tasks with the same reset boxes (reach and pick-place) get different
 * variations and the same run seed gives the same ones in any process.
 */
export function variationSeed(seed: number, taskId: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${taskId}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
