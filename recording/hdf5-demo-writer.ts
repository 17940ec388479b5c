import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { ArmkitError, ResourceError, resourceError } from '../errors.js';
import { Rng } from '../math/rng.js';
import type { EnvArgs } from './env-args.js';
import type { EpisodeMeta, EpisodeSink, EpisodeStep } from './episode-sink.js';
import { concat } from './concat.js';
import { lockFile } from './file-lock.js';
import { DTYPE, h5wasm, hdf5Reason } from './h5.js';
import { RecordingError } from './recording-error.js';

/** Options of Hdf5DemoWriter.create. */
export interface DemoWriterOptions {
  /** Replace an existing file (default: refuse). */
  overwrite?: boolean;
  /** Share of demos in mask/valid, chosen by a seeded shuffle at close (default 0.1). */
  validFraction?: number;
}

interface Pending {
  meta: EpisodeMeta;
  steps: EpisodeStep[];
}

/**
 * Writes demonstrations in robomimic's HDF5 layout:
 * `data/demo_N/{obs/<key>, next_obs/<key>, actions, rewards, dones, states, interventions}` with
 * attrs `num_samples`, `seed`, `success`; `data` attrs `total` and `env_args` (JSON);
 * `mask/train` and `mask/valid` at close. float32 observations and actions, uint8 images,
 * float64 rewards and states, int64 dones.
 *
 * Each episode is written whole by endEpisode into a copy of the file (`FILE.partial`), which
 * then replaces the file by rename: HDF5 rewrites its metadata in place, so a process killed
 * inside an in-place write could leave the whole file unreadable (seen once in about 40
 * kill -9s); killed now, it loses the episode in progress only and the file stays as the last
 * finished episode left it. The file
 * is locked (`FILE.lock`) from create to close so that a second writer cannot interleave.
 * Every write is checked: a failed HDF5 call, or a file that did not grow, is a ResourceError,
 * after which the writer refuses further episodes and close only releases the lock.
 */
export class Hdf5DemoWriter implements EpisodeSink {
  private pending: Pending | null = null;
  private count = 0;
  private total = 0;
  private closed = false;
  private failed = false;
  private size = 0;

  private constructor(readonly path: string, private readonly options: DemoWriterOptions, private readonly unlock: () => void) {}

  /**
   * Create the file with its `data` group and env_args, and lock it.
   * @throws RecordingError when it exists and `overwrite` is not set, or another process writes it; ResourceError when it cannot be written.
   */
  static create(path: string, envArgs: EnvArgs, options: DemoWriterOptions = {}): Hdf5DemoWriter {
    if (existsSync(path) && !options.overwrite) throw new RecordingError(`${path} exists; choose another file or allow overwriting`);
    const writer = new Hdf5DemoWriter(path, options, lockFile(path));
    writer.write('w', 'creating it', (f) => {
      const data = f.create_group('data');
      data.create_attribute('env_args', JSON.stringify(envArgs));
      data.create_attribute('total', 0, null, DTYPE.int64);
    });
    return writer;
  }

  /** Demos committed so far. */
  get episodes(): number {
    return this.count;
  }

  beginEpisode(meta: EpisodeMeta): void {
    if (this.closed || this.failed) throw new RecordingError(`${this.path}: the writer is ${this.closed ? 'closed' : 'stopped after a failed write'}`);
    if (this.pending) throw new RecordingError('beginEpisode: the previous episode was neither ended nor discarded');
    this.pending = { meta, steps: [] };
  }

  addStep(step: EpisodeStep): void {
    if (!this.pending) throw new RecordingError('addStep: no episode in progress; call beginEpisode first');
    const first = this.pending.steps[0];
    if (first && step.action.length !== first.action.length) {
      throw new RecordingError(`addStep: action of ${step.action.length} entries, the episode's first had ${first.action.length}`);
    }
    for (let i = 0; i < step.action.length; i++) {
      if (!Number.isFinite(step.action[i]!)) throw new RecordingError(`addStep: action[${i}] is ${step.action[i]}; recorded actions must be finite`);
    }
    this.pending.steps.push(step);
  }

  async endEpisode(outcome: { success: boolean }): Promise<number> {
    const p = this.pending;
    if (!p) throw new RecordingError('endEpisode: no episode in progress');
    this.pending = null;
    if (p.steps.length === 0) throw new RecordingError('endEpisode: the episode has no steps');
    // Everything is checked and packed before the file is opened, so a refused episode leaves no half-written group.
    const n = p.steps.length;
    const states = p.steps.map((s) => s.state ?? new Float64Array(0));
    const d = states[0]!.length;
    if (states.some((s) => s.length !== d)) throw new RecordingError('endEpisode: states of different lengths in one episode');
    const obs = packObs(p.steps.map((s) => s.obs), p.meta.shapes);
    const nextObs = packObs(p.steps.map((s) => s.nextObs), p.meta.shapes);
    const index = this.count;
    this.write('a', `writing demo_${index}`, (f) => {
      const data = f.get('data') as InstanceType<typeof h5wasm.Group>;
      const demo = data.create_group(`demo_${index}`);
      for (const [group, datasets] of [['obs', obs], ['next_obs', nextObs]] as const) {
        const g = demo.create_group(group);
        for (const ds of datasets) g.create_dataset(ds);
      }
      const a = p.steps[0]!.action.length;
      demo.create_dataset({ name: 'actions', data: concat(Float32Array, p.steps.map((s) => s.action)), shape: [n, a], dtype: DTYPE.float32 });
      demo.create_dataset({ name: 'rewards', data: Float64Array.from(p.steps, (s) => s.reward), shape: [n], dtype: DTYPE.float64 });
      demo.create_dataset({ name: 'dones', data: BigInt64Array.from(p.steps, (s, i) => (s.done || i === n - 1 ? 1n : 0n)), shape: [n], dtype: DTYPE.int64 });
      demo.create_dataset({ name: 'interventions', data: Uint8Array.from(p.steps, (s) => (s.intervention ? 1 : 0)), shape: [n], dtype: DTYPE.uint8 });
      demo.create_dataset({ name: 'states', data: concat(Float64Array, states), shape: [n, d], dtype: DTYPE.float64 });
      demo.create_attribute('num_samples', n, null, DTYPE.int64);
      demo.create_attribute('seed', p.meta.seed ?? -1, null, DTYPE.int64);
      demo.create_attribute('success', outcome.success ? 1 : 0, null, DTYPE.int64);
      for (const [k, v] of Object.entries(p.meta.attrs ?? {})) demo.create_attribute(k, typeof v === 'boolean' ? Number(v) : v);
      data.delete_attribute('total');
      data.create_attribute('total', this.total + n, null, DTYPE.int64);
    });
    this.total += n;
    this.count++;
    return index;
  }

  discardEpisode(): void {
    this.pending = null;
  }

  /** Write the masks (unless a write failed: the file is then left as it is) and release the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending = null;
    try {
      if (!this.failed) this.writeMasks();
    } finally {
      this.unlock();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private writeMasks(): void {
    const names = Array.from({ length: this.count }, (_, i) => `demo_${i}`);
    // A seeded shuffle so the split is the same for the same number of demos.
    const order = names.map((name, i) => ({ name, key: i }));
    const rng = new Rng(0);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const nValid = this.count > 1 ? Math.max(1, Math.round(this.count * (this.options.validFraction ?? 0.1))) : 0;
    const valid = new Set(order.slice(0, nValid).map((o) => o.name));
    this.write('a', 'writing the masks', (f) => {
      const mask = f.create_group('mask');
      mask.create_dataset({ name: 'train', data: names.filter((n) => !valid.has(n)) });
      mask.create_dataset({ name: 'valid', data: names.filter((n) => valid.has(n)) });
    });
  }

  /**
   * Open the file, run `body`, close it, and check that it is there and grew. Any failure
   * stops the writer; a failure to create the file also releases the lock.
   */
  private write(mode: 'w' | 'a', doing: string, body: (f: H5File) => void): void {
    let f: H5File | null = null;
    // Creating writes the file itself (nothing recorded yet to lose); appending goes through the copy.
    const target = mode === 'w' ? this.path : `${this.path}.partial`;
    try {
      if (mode === 'a') copyFileSync(this.path, target);
      f = new h5wasm.File(target, mode);
      body(f);
      const file = f;
      f = null;
      file.close();
      const size = statSync(target).size;
      if (size <= this.size) throw new ResourceError(`cannot write ${this.path} (${doing}): it is ${size} bytes after the write, ${this.size} before`);
      if (mode === 'a') renameSync(target, this.path);
      this.size = size;
    } catch (e) {
      if (mode === 'a') rmSync(target, { force: true });
      this.failed = true;
      if (mode === 'w') this.unlock();
      try {
        f?.close();
      } catch {
        // The error being reported is the first one; a handle that also fails to close adds nothing.
      }
      if (e instanceof ArmkitError) throw e;
      const system = resourceError(`cannot write ${this.path} (${doing})`, e);
      throw system instanceof ArmkitError ? system : new ResourceError(`cannot write ${this.path} (${doing}): ${hdf5Reason(e)}`, { cause: e });
    }
  }
}

type H5File = InstanceType<typeof h5wasm.File>;
type DatasetSpec = { name: string; data: Float32Array | Uint8Array; shape: number[]; dtype: string; chunks?: number[]; compression?: 'gzip'; compression_opts?: number };

// Images are chunked a frame at a time (robomimic reads frame windows) and gzip-compressed,
// the one filter every HDF5 build (h5py's included) reads without plugins.
const IMAGE_GZIP = 4;

// An observation's frames as one dataset per key, [steps, size], or [steps, ...shape] where the
// episode gives a key's frame shape (images [H, W, 3]): float32, or uint8 for images.
function packObs(frames: Record<string, Float32Array | Uint8Array>[], shapes: Readonly<Record<string, readonly number[]>> = {}): DatasetSpec[] {
  return Object.keys(frames[0]!).map((key) => {
    const parts = frames.map((f, t) => {
      const v = f[key];
      if (!v) throw new RecordingError(`observation key "${key}" missing at step ${t}`);
      return v;
    });
    const size = parts[0]!.length;
    if (parts.some((p) => p.length !== size)) throw new RecordingError(`observation "${key}" changes size within the episode`);
    const frame = shapes[key];
    if (frame && frame.reduce((a, b) => a * b, 1) !== size) throw new RecordingError(`observation "${key}": frames of ${size} values do not fill the shape [${frame.join(', ')}]`);
    const shape = [parts.length, ...(frame ?? [size])];
    return parts[0] instanceof Uint8Array
      ? { name: key, data: concat(Uint8Array, parts as Uint8Array[]), shape, dtype: DTYPE.uint8, ...(frame ? { chunks: [1, ...frame], compression: 'gzip' as const, compression_opts: IMAGE_GZIP } : {}) }
      : { name: key, data: concat(Float32Array, parts as Float32Array[]), shape, dtype: DTYPE.float32 };
  });
}
