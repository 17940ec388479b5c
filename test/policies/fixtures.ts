import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file holding package.json (works from dist/ too). */
export const REPO_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** Folder of the committed fixture models (test/fixtures/models). */
export const MODELS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'models');

/** Path of a fixture model by base name, e.g. `bc-mlp`. */
export function modelPath(name: string): string {
  return join(MODELS_DIR, `${name}.onnx`);
}

/** A tensor in references.json. */
export interface ReferenceTensor {
  /** Shape. */
  readonly shape: number[];
  /** Values, row-major. */
  readonly data: number[];
}

/** One model's PyTorch references: network inputs and outputs, plus whole-policy cases. */
export interface ModelReference {
  /** Network inputs by name. */
  readonly inputs: Record<string, ReferenceTensor>;
  /** Network outputs by name. */
  readonly outputs: Record<string, ReferenceTensor>;
  /** BC: raw observation in, unnormalized action out. */
  readonly policy?: { raw_obs: ReferenceTensor; action: ReferenceTensor };
  /** Diffusion: a DDIM-10 chain from given noise. */
  readonly ddim10?: { initial_noise: ReferenceTensor; raw_obs: ReferenceTensor; action: ReferenceTensor };
}

let cache: Record<string, ModelReference> | undefined;

/** PyTorch reference outputs written by test/fixtures/models/export.py. */
export function references(): Record<string, ModelReference> {
  cache ??= JSON.parse(readFileSync(join(MODELS_DIR, 'references.json'), 'utf8')) as Record<string, ModelReference>;
  return cache;
}

/** Largest absolute difference between two arrays of equal length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(m) ? Infinity : m;
}

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** Flat PickCube-like observations for n envs (42 floats each), uniform in [-0.3, 0.3], seeded. */
export function observations(n: number, seed: number, frameSize = 42): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n * frameSize);
  for (let i = 0; i < out.length; i++) {
    // xorshift32: test data only, independent of the Rng under test.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296) * 0.6 - 0.3;
  }
  return out;
}
