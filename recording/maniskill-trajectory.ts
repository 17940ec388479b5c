import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Hdf5DemoReader } from './hdf5-demo-reader.js';
import { Hdf5DemoWriter } from './hdf5-demo-writer.js';
import type { EnvArgs } from './env-args.js';
import { DTYPE, h5wasm, hdf5Reason } from './h5.js';
import { checkHdf5Readable } from './hdf5-file-check.js';
import { RecordingError } from './recording-error.js';

/**
 * ManiSkill's trajectory pair, as its RecordEpisode wrapper writes it (facts only): `FILE.h5`
 * with `traj_N` groups of `actions` [T, A], `obs` [T+1, D], `env_states` [T+1, S], `rewards`,
 * `success`, `terminated`, `truncated` [T]; and `FILE.json` with `env_info` (env_id, env_kwargs,
 * max_episode_steps) and `episodes` (episode_id, episode_seed, reset_kwargs, control_mode,
 * elapsed_steps, success). armkit writes the flags as uint8 (h5wasm has no HDF5 bool), rewards as
 * float64, keeps interventions as `interventions`, and writes `next_obs` [T, D] only where a
 * demo's next observations are not its observations shifted by one. armkit's states hold no
 * state after the last action, so env_states' last row repeats the one before.
 */
export function exportManiskill(hdf5Path: string, outH5: string): { episodes: number } {
  if (!outH5.endsWith('.h5')) throw new RecordingError(`${outH5}: expected a path ending in .h5 (its .json is written beside it)`);
  using reader = new Hdf5DemoReader(hdf5Path);
  const first = reader.demoNames[0] === undefined ? null : reader.demo(0);
  if (!first) throw new RecordingError(`${hdf5Path}: no demos to export`);
  // Camera images are not exported yet (ManiSkill keeps them under obs/sensor_data/<camera>/rgb).
  const keys = reader.stateKeys(first.name);
  const layout = { actionDim: first.actionDim, obsKeys: keys, of: first.name };
  const env = reader.envArgs;
  const kw = (env['env_kwargs'] ?? {}) as Record<string, unknown>;
  const episodes: Record<string, unknown>[] = [];
  const f = open(outH5, 'w');
  let widths: number[] = [];
  try {
    reader.demoNames.forEach((name, i) => {
      const d = reader.demo(name, layout);
      const parts = keys.map((k) => [reader.observation(name, k)!, reader.observation(name, k, true)!] as const);
      widths = parts.map(([o]) => o.width);
      const D = widths.reduce((a, b) => a + b, 0);
      const T = d.numSamples;
      const obs = new Float32Array((T + 1) * D);
      const next = new Float32Array(T * D);
      let off = 0;
      for (const [o, n] of parts) {
        for (let t = 0; t < T; t++) {
          for (let j = 0; j < o.width; j++) {
            obs[t * D + off + j] = o.rows[t * o.width + j]!;
            next[t * D + off + j] = n.rows[t * o.width + j]!;
          }
        }
        for (let j = 0; j < o.width; j++) obs[T * D + off + j] = n.rows[(T - 1) * o.width + j]!;
        off += o.width;
      }
      const S = d.stateDim;
      const states = new Float64Array((T + 1) * S);
      states.set(d.states);
      states.set(d.states.subarray((T - 1) * S), T * S);
      const g = f.create_group(`traj_${i}`);
      g.create_dataset({ name: 'actions', data: d.actions, shape: [T, d.actionDim], dtype: DTYPE.float32 });
      g.create_dataset({ name: 'obs', data: obs, shape: [T + 1, D], dtype: DTYPE.float32 });
      if (!bytesEqual(next, obs.subarray(D))) g.create_dataset({ name: 'next_obs', data: next, shape: [T, D], dtype: DTYPE.float32 });
      g.create_dataset({ name: 'env_states', data: states, shape: [T + 1, S], dtype: DTYPE.float64 });
      g.create_dataset({ name: 'rewards', data: d.rewards, shape: [T], dtype: DTYPE.float64 });
      const last = (v: boolean) => Uint8Array.from({ length: T }, (_, t) => (t === T - 1 && v ? 1 : 0));
      g.create_dataset({ name: 'success', data: last(d.success === true), shape: [T], dtype: DTYPE.uint8 });
      g.create_dataset({ name: 'terminated', data: last(d.success === true), shape: [T], dtype: DTYPE.uint8 });
      g.create_dataset({ name: 'truncated', data: last(d.success !== true), shape: [T], dtype: DTYPE.uint8 });
      g.create_dataset({ name: 'interventions', data: d.interventions, shape: [T], dtype: DTYPE.uint8 });
      episodes.push({ episode_id: i, episode_seed: d.seed, reset_kwargs: d.seed === null ? {} : { seed: d.seed }, control_mode: kw['control_mode'] ?? null, elapsed_steps: T, success: d.success });
    });
  } finally {
    f.close();
  }
  const json = {
    env_info: { env_id: env['env_name'], env_kwargs: { control_mode: kw['control_mode'], obs_mode: kw['obs_mode'], reward_mode: kw['reward_mode'] }, max_episode_steps: kw['max_episode_steps'] ?? null },
    source_type: 'armkit',
    source_desc: `exported from ${hdf5Path}`,
    armkit: { env_args: env, obs_keys: keys.map((key, i) => ({ key, width: widths[i] })) },
    episodes,
  };
  writeFileSync(outH5.replace(/\.h5$/, '.json'), `${JSON.stringify(json, null, 2)}\n`);
  return { episodes: episodes.length };
}

/** Import a ManiSkill trajectory pair (as exportManiskill writes it) into a robomimic-layout file. @throws RecordingError naming what is missing. */
export async function importManiskill(inH5: string, outPath: string, options: { overwrite?: boolean } = {}): Promise<{ episodes: number }> {
  const jsonPath = inH5.replace(/\.h5$/, '.json');
  if (!existsSync(jsonPath)) throw new RecordingError(`${inH5}: expected its ManiSkill metadata ${jsonPath}, found none`);
  const meta = JSON.parse(readFileSync(jsonPath, 'utf8')) as { episodes?: { episode_seed?: number | null; success?: boolean }[]; armkit?: { env_args?: unknown; obs_keys?: { key: string; width: number }[] }; env_info?: { env_id?: string; env_kwargs?: Record<string, unknown> } };
  if (!Array.isArray(meta.episodes)) throw new RecordingError(`${jsonPath}: episodes: expected a list, found ${typeof meta.episodes}`);
  checkHdf5Readable(inH5);
  const f = open(inH5, 'r');
  const writer = Hdf5DemoWriter.create(outPath, (meta.armkit?.env_args ?? { env_name: meta.env_info?.env_id, type: 4, env_kwargs: meta.env_info?.env_kwargs ?? {} }) as EnvArgs, { overwrite: options.overwrite ?? false });
  try {
    for (const [i, ep] of meta.episodes.entries()) {
      const at = `traj_${i}`;
      const get = (name: string) => {
        const d = f.get(`${at}/${name}`);
        if (!(d instanceof h5wasm.Dataset)) throw new RecordingError(`${inH5}: ${at}/${name}: expected a dataset, found none`);
        return d;
      };
      const actions = get('actions');
      const [T, A] = actions.shape as [number, number];
      const obsD = get('obs');
      const D = obsD.shape![1]!;
      const obs = Float32Array.from(obsD.value as ArrayLike<number>);
      const next = f.get(`${at}/next_obs`) ? Float32Array.from(get('next_obs').value as ArrayLike<number>) : obs.subarray(D);
      const statesD = get('env_states');
      const S = statesD.shape![1] ?? 0;
      const states = Float64Array.from(statesD.value as ArrayLike<number>);
      const act = Float32Array.from(actions.value as ArrayLike<number>);
      const rewards = Float64Array.from(get('rewards').value as ArrayLike<number>);
      const interventions = f.get(`${at}/interventions`) ? Uint8Array.from(get('interventions').value as ArrayLike<number>) : new Uint8Array(T);
      const keys = meta.armkit?.obs_keys ?? [{ key: 'state', width: D }];
      const split = (flat: Float32Array, t: number) => {
        const out: Record<string, Float32Array> = {};
        let o = t * D;
        for (const k of keys) {
          out[k.key] = flat.slice(o, o + k.width);
          o += k.width;
        }
        return out;
      };
      writer.beginEpisode({ seed: typeof ep.episode_seed === 'number' ? ep.episode_seed : null });
      for (let t = 0; t < T; t++) {
        writer.addStep({ obs: split(obs, t), nextObs: split(next, t), action: act.slice(t * A, (t + 1) * A), reward: rewards[t]!, done: t === T - 1, state: states.slice(t * S, (t + 1) * S), intervention: interventions[t] === 1 });
      }
      await writer.endEpisode({ success: ep.success === true });
    }
  } finally {
    f.close();
    await writer.close();
  }
  return { episodes: meta.episodes.length };
}

// h5wasm's failures as one RecordingError naming the file.
function open(path: string, mode: 'r' | 'w'): InstanceType<typeof h5wasm.File> {
  try {
    return new h5wasm.File(path, mode);
  } catch (e) {
    throw new RecordingError(`${path}: cannot be ${mode === 'r' ? 'read as HDF5' : 'written'}: ${hdf5Reason(e)}`, { cause: e });
  }
}

function bytesEqual(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
