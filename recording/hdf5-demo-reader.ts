import type { EnvArgs } from './env-args.js';
import { h5wasm } from './h5.js';
import { checkHdf5Readable } from './hdf5-file-check.js';
import { RecordingError } from './recording-error.js';

/** One demo read back. */
export interface Demo {
  name: string;
  seed: number;
  success: boolean;
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

type H5File = InstanceType<typeof h5wasm.File>;
type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

/** Reads a robomimic-layout demonstration file written by Hdf5DemoWriter (or compatible). */
export class Hdf5DemoReader implements Disposable {
  /** The file's env_args. */
  readonly envArgs: EnvArgs;
  /** Demo group names in index order (demo_0, demo_1, ...). */
  readonly demoNames: string[];
  private readonly file: H5File;

  /** @throws ResourceError when `path` cannot be read; RecordingError when it is not a robomimic-layout HDF5 file. */
  constructor(readonly path: string) {
    checkHdf5Readable(path);
    try {
      this.file = new h5wasm.File(path, 'r');
    } catch (e) {
      throw new RecordingError(`${path}: not an HDF5 file (${String(e)})`, { cause: e });
    }
    const data = this.file.get('data');
    if (!(data instanceof h5wasm.Group)) {
      this.file.close();
      throw new RecordingError(`${path}: expected a "data" group (robomimic layout), found none`);
    }
    const raw = data.attrs['env_args']?.value;
    try {
      this.envArgs = JSON.parse(String(raw)) as EnvArgs;
    } catch (e) {
      this.file.close();
      throw new RecordingError(`${path}: data.attrs["env_args"] is not JSON (${String(raw).slice(0, 80)})`, { cause: e });
    }
    this.demoNames = data
      .keys()
      .filter((k) => /^demo_\d+$/.test(k))
      .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
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
    const data = this.file.get('data') as InstanceType<typeof h5wasm.Group>;
    return Number(data.attrs['total']?.value ?? 0);
  }

  /** Observation keys of a demo. */
  obsKeys(name: string): string[] {
    const g = this.file.get(`data/${name}/obs`);
    return g instanceof h5wasm.Group ? g.keys() : [];
  }

  /** One observation key of a demo, every step's row (`next_obs` with `next`), or null when not recorded. */
  observation(name: string, key: string, next = false): { rows: Float32Array; width: number } | null {
    const d = this.file.get(`data/${name}/${next ? 'next_obs' : 'obs'}/${key}`);
    if (!(d instanceof h5wasm.Dataset)) return null;
    return { rows: Float32Array.from(d.value as ArrayLike<number>), width: d.shape![1] ?? 1 };
  }

  /** Read one demo by name or index. */
  demo(which: string | number): Demo {
    const name = typeof which === 'number' ? `demo_${which}` : which;
    const g = this.file.get(`data/${name}`);
    if (!(g instanceof h5wasm.Group)) throw new RecordingError(`${this.path}: no demo "${name}"; it has ${this.demoNames.length} (${this.demoNames.slice(0, 5).join(', ')}${this.demoNames.length > 5 ? ', ...' : ''})`);
    const actions = this.dataset(name, 'actions');
    const states = this.dataset(name, 'states');
    const interventions = this.file.get(`data/${name}/interventions`);
    const numSamples = Number(g.attrs['num_samples']?.value ?? actions.shape![0]);
    return {
      name,
      seed: Number(g.attrs['seed']?.value ?? -1),
      success: Number(g.attrs['success']?.value ?? 0) === 1,
      numSamples,
      actions: Float32Array.from(actions.value as ArrayLike<number>),
      actionDim: actions.shape![1] ?? 1,
      rewards: Float64Array.from(this.dataset(name, 'rewards').value as ArrayLike<number>),
      states: Float64Array.from(states.value as ArrayLike<number>),
      stateDim: states.shape![1] ?? 0,
      interventions: interventions instanceof h5wasm.Dataset ? Uint8Array.from(interventions.value as ArrayLike<number>) : new Uint8Array(numSamples),
    };
  }

  close(): void {
    this.file.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private dataset(demo: string, key: string): H5Dataset {
    const d = this.file.get(`data/${demo}/${key}`);
    if (!(d instanceof h5wasm.Dataset)) throw new RecordingError(`${this.path}: data/${demo} has no "${key}" dataset`);
    return d;
  }
}
