import * as v from 'valibot';
import { ArmkitError } from '../errors.js';
import { checkSchema, fields, inRange } from '../schema-problems.js';
import type { EnvArgs } from './env-args.js';
import { h5wasm, hdf5Reason } from './h5.js';
import { checkHdf5Readable } from './hdf5-file-check.js';
import { RecordingError } from './recording-error.js';

/** One demo read back. */
export interface Demo {
  name: string;
  /** The reset seed; null when the file has none (written by robomimic or another tool). */
  seed: number | null;
  /** Whether the demo succeeded; null when the file does not say. */
  success: boolean | null;
  numSamples: number;
  /** numSamples x actionDim */
  actions: Float32Array;
  actionDim: number;
  rewards: Float64Array;
  /** numSamples x stateDim */
  states: Float64Array;
  stateDim: number;
  interventions: Uint8Array;
}

/** What every demo of a file must hold for its use: the action size and observation keys of `of` (an env, or the file's first demo). */
export interface DemoLayout {
  actionDim: number;
  obsKeys: readonly string[];
  of: string;
}

type H5File = InstanceType<typeof h5wasm.File>;
type H5Group = InstanceType<typeof h5wasm.Group>;
type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

// What replay and the viewer need from env_args to remake the env; other keys are free.
const ENV_ARGS = fields({
  env_name: v.message(v.string(), 'a task id'),
  env_kwargs: fields({
    control_mode: v.message(v.string(), 'a control mode'),
    reward_mode: v.message(v.string(), 'a reward mode'),
    sim_freq: inRange(1, 1e6, 'a rate in Hz'),
    control_freq: inRange(1, 1e6, 'a rate in Hz'),
  }),
});

// HDF5 type classes as h5wasm's metadata names them.
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const TYPE_WORDS: Record<number, string> = { 0: 'integers', 1: 'floats', 3: 'strings' };

/**
 * Reads a robomimic-layout demonstration file written by Hdf5DemoWriter (or compatible),
 * checking its layout on the way: each problem is one RecordingError naming the file, the demo,
 * the dataset or attribute, what was expected and what was found.
 */
export class Hdf5DemoReader implements Disposable {
  /** The file's env_args as it holds them: armkit's, robosuite's or another tool's. */
  readonly envArgs: Readonly<Record<string, unknown>>;
  /** Demo group names in index order (demo_0, demo_1, ...). */
  readonly demoNames: string[];
  private readonly file: H5File;

  /** @throws ResourceError when `path` cannot be read; RecordingError when it is not a robomimic-layout HDF5 file. */
  constructor(readonly path: string) {
    checkHdf5Readable(path);
    try {
      this.file = new h5wasm.File(path, 'r');
    } catch (e) {
      throw new RecordingError(`${path}: not a readable HDF5 file: ${hdf5Reason(e)}`, { cause: e });
    }
    try {
      const data = this.file.get('data');
      if (!(data instanceof h5wasm.Group)) throw this.problem('data', 'a group (robomimic layout)', 'none');
      this.envArgs = this.readEnvArgs(data);
      this.demoNames = this.readDemoNames(data);
      this.checkMasks();
    } catch (e) {
      this.file.close();
      throw this.wrap(e, 'data');
    }
  }

  /** The train/valid split, or null when the file has no masks (e.g. a run killed before its end). */
  masks(): { train: string[]; valid: string[] } | null {
    const train = this.file.get('mask/train');
    const valid = this.file.get('mask/valid');
    if (!(train instanceof h5wasm.Dataset) || !(valid instanceof h5wasm.Dataset)) return null;
    return { train: (train.value as string[]).map(String), valid: (valid.value as string[]).map(String) };
  }

  /** data.attrs["total"]. */
  get total(): number {
    const data = this.file.get('data') as H5Group;
    return Number(data.attrs['total']?.value ?? 0);
  }

  /** Observation keys of a demo. */
  obsKeys(name: string): string[] {
    const g = this.file.get(`data/${name}/obs`);
    return g instanceof h5wasm.Group ? g.keys() : [];
  }

  /** A demo's camera images: uint8 observations of shape [N, H, W, 3] (robomimic's `<camera>_image`). */
  imageKeys(name: string): string[] {
    return this.obsKeys(name).filter((k) => {
      const d = this.file.get(`data/${name}/obs/${k}`);
      return d instanceof h5wasm.Dataset && d.shape?.length === 4 && d.metadata.size === 1 && !d.metadata.signed;
    });
  }

  /** A demo's vector observations: every key that is not an image. */
  stateKeys(name: string): string[] {
    const images = new Set(this.imageKeys(name));
    return this.obsKeys(name).filter((k) => !images.has(k));
  }

  /** One image key of a demo, every step's frame (`next_obs` with `next`), or null when not recorded. */
  images(name: string, key: string, next = false): { frames: Uint8Array; height: number; width: number } | null {
    const d = this.file.get(`data/${name}/${next ? 'next_obs' : 'obs'}/${key}`);
    if (!(d instanceof h5wasm.Dataset) || d.shape?.length !== 4) return null;
    return { frames: d.value as Uint8Array, height: d.shape[1]!, width: d.shape[2]! };
  }

  /** One observation key of a demo, every step's row (`next_obs` with `next`), or null when not recorded. */
  observation(name: string, key: string, next = false): { rows: Float32Array; width: number } | null {
    const d = this.file.get(`data/${name}/${next ? 'next_obs' : 'obs'}/${key}`);
    if (!(d instanceof h5wasm.Dataset)) return null;
    return { rows: Float32Array.from(d.value as ArrayLike<number>), width: d.shape![1] ?? 1 };
  }

  /**
   * Read one demo by name or index, checked: its attributes, every dataset's type and rows
   * (num_samples), and, given a layout, its action columns and observation keys.
   * @throws RecordingError naming the demo, the dataset or attribute, what was expected and found.
   */
  demo(which: string | number, layout?: DemoLayout): Demo {
    const name = typeof which === 'number' ? `demo_${which}` : which;
    const g = this.file.get(`data/${name}`);
    if (!(g instanceof h5wasm.Group)) throw new RecordingError(`${this.path}: no demo "${name}"; it has ${this.demoNames.length} (${this.demoNames.slice(0, 5).join(', ')}${this.demoNames.length > 5 ? ', ...' : ''})`);
    try {
      const at = `data/${name}`;
      const numSamples = this.intAttr(g, at, 'num_samples', 1);
      // -1 is armkit's own "no seed" (a real arm's episode).
      const rawSeed = g.attrs['seed'] === undefined ? -1 : this.intAttr(g, at, 'seed', -1);
      const seed = rawSeed < 0 ? null : rawSeed;
      const success = g.attrs['success'] === undefined ? null : this.intAttr(g, at, 'success', 0) === 1;
      const actions = this.rows(`${at}/actions`, numSamples, 2, H5T_FLOAT);
      const actionDim = actions.shape![1]!;
      if (layout && actionDim !== layout.actionDim) throw this.problem(`${at}/actions`, `${layout.actionDim} columns (the action size of ${layout.of})`, `${actionDim}`);
      const states = this.rows(`${at}/states`, numSamples, 2, H5T_FLOAT);
      const rewards = this.rows(`${at}/rewards`, numSamples, 1);
      const interventions = this.file.get(`${at}/interventions`) ? this.rows(`${at}/interventions`, numSamples, 1) : null;
      for (const key of layout?.obsKeys ?? []) {
        if (!(this.file.get(`${at}/obs/${key}`) instanceof h5wasm.Dataset)) throw this.problem(`${at}/obs/${key}`, `a dataset (an observation key of ${layout!.of}: ${layout!.obsKeys.join(', ')})`, 'none');
      }
      for (const key of this.obsKeys(name)) this.rows(`${at}/obs/${key}`, numSamples);
      return {
        name,
        seed,
        success,
        numSamples,
        actions: Float32Array.from(actions.value as ArrayLike<number>),
        actionDim,
        rewards: Float64Array.from(rewards.value as ArrayLike<number>),
        states: Float64Array.from(states.value as ArrayLike<number>),
        stateDim: states.shape![1]!,
        interventions: interventions ? Uint8Array.from(interventions.value as ArrayLike<number>) : new Uint8Array(numSamples),
      };
    } catch (e) {
      throw this.wrap(e, `data/${name}`);
    }
  }

  close(): void {
    this.file.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * The env that made the data, as armkit remakes it (replay, the viewer).
   * @throws RecordingError when env_args are not armkit's (a robosuite or other tool's file).
   */
  armkitEnvArgs(): EnvArgs {
    const checked = checkSchema(ENV_ARGS, this.envArgs);
    if ('problems' in checked) {
      const name = typeof this.envArgs['env_name'] === 'string' ? ` (env_name ${JSON.stringify(this.envArgs['env_name'])})` : '';
      throw new RecordingError(`${this.path}: env_args are not armkit's${name}, so armkit cannot remake its env: ${checked.problems.map((p) => `data.attrs["env_args"]${p.path}: expected ${p.expected}, found ${p.found}`).join('; ')}`);
    }
    return this.envArgs as unknown as EnvArgs;
  }

  private readEnvArgs(data: H5Group): Readonly<Record<string, unknown>> {
    const raw = data.attrs['env_args']?.value;
    if (typeof raw !== 'string') throw this.problem('data.attrs["env_args"]', 'the JSON of the env that made the data', raw === undefined ? 'none' : typeof raw);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw this.problem('data.attrs["env_args"]', 'JSON', JSON.stringify(raw.slice(0, 60)));
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw this.problem('data.attrs["env_args"]', 'a JSON object', JSON.stringify(raw.slice(0, 60)));
    return json as Record<string, unknown>;
  }

  // demo_0 .. demo_{n-1}, every one there, and nothing else in data/.
  private readDemoNames(data: H5Group): string[] {
    const names = data.keys();
    const other = names.find((k) => !/^demo_\d+$/.test(k) || !(data.get(k) instanceof h5wasm.Group));
    if (other !== undefined) throw this.problem(`data/${other}`, 'demo groups named demo_N only', `"${other}"`);
    const sorted = names.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
    const gap = sorted.findIndex((k, i) => k !== `demo_${i}`);
    if (gap >= 0) throw this.problem(`data/demo_${gap}`, 'demos numbered from demo_0 without a gap', `none (the next is ${sorted[gap]})`);
    return sorted;
  }

  private checkMasks(): void {
    const masks = this.masks();
    for (const [split, names] of Object.entries(masks ?? {})) {
      const missing = names.find((n) => !this.demoNames.includes(n));
      if (missing !== undefined) throw this.problem(`mask/${split}`, 'names of demos in data/', `"${missing}", which data/ does not hold`);
    }
  }

  private intAttr(g: H5Group, at: string, key: string, min: number): number {
    const value = g.attrs[key]?.value;
    const n = typeof value === 'bigint' || typeof value === 'number' ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min) throw this.problem(`${at}.attrs["${key}"]`, `an integer >= ${min}`, describe(value));
    return n;
  }

  // A dataset of numbers (of type class `type` when given) with `rows` rows (and `ndim` dimensions when given).
  private rows(at: string, rows: number, ndim?: number, type?: number): H5Dataset {
    const d = this.file.get(at);
    if (!(d instanceof h5wasm.Dataset)) throw this.problem(at, 'a dataset', 'none');
    const t = d.metadata.type;
    if (type !== undefined ? t !== type : t !== H5T_INTEGER && t !== H5T_FLOAT) throw this.problem(at, type !== undefined ? TYPE_WORDS[type]! : 'numbers', TYPE_WORDS[t] ?? `HDF5 type class ${t}`);
    const shape = d.shape ?? [];
    if (ndim !== undefined && shape.length !== ndim) throw this.problem(at, `${ndim} dimensions`, `shape [${shape.join(', ')}]`);
    if (shape[0] !== rows) throw this.problem(at, `${rows} rows (num_samples)`, `${shape[0]}`);
    return d;
  }

  private problem(at: string, expected: string, found: string): RecordingError {
    return new RecordingError(`${this.path}: ${at}: expected ${expected}, found ${found}`);
  }

  // An HDF5 failure while reading (a damaged file) as one line naming where.
  private wrap(e: unknown, at: string): unknown {
    return e instanceof ArmkitError ? e : new RecordingError(`${this.path}: ${at}: cannot be read: ${hdf5Reason(e)}`, { cause: e });
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 40))})`;
  if (typeof value === 'bigint' || typeof value === 'number') return String(value);
  return `${value?.constructor?.name ?? typeof value} of ${(value as ArrayLike<unknown>).length ?? '?'}`;
}
