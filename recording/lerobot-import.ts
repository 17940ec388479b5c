import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as arrow from 'apache-arrow';
import type { EnvArgs } from './env-args.js';
import { Hdf5DemoWriter } from './hdf5-demo-writer.js';
import { LEROBOT_FILES, LEROBOT_REQUIRED, LEROBOT_VERSION } from './lerobot-layout.js';
import { columnDtype, flatColumn, readParquetTable } from './parquet-table.js';
import { RecordingError } from './recording-error.js';
import { decodeVideo } from './video-codec.js';

interface Info {
  codebase_version?: unknown;
  fps?: unknown;
  features?: Record<string, { dtype?: unknown; shape?: unknown }>;
  video_path?: unknown;
  armkit?: { env_args?: Record<string, unknown>; obs_keys?: { key: string; width: number }[] };
}

/**
 * Import a LeRobot v3.0 dataset (as exportLerobot writes it, or LeRobot's own, state-only) into
 * a robomimic-layout HDF5 file. The data file is checked first: info.json's codebase_version,
 * every required column present with LeRobot's dtype and info.json's shape, episode indices
 * contiguous. Without armkit's key in info.json, observation.state becomes obs/state.
 * @throws RecordingError naming the file, the column, what was expected and what was found.
 */
export async function importLerobot(dir: string, outPath: string, options: { overwrite?: boolean } = {}): Promise<{ episodes: number; frames: number }> {
  const infoPath = join(dir, LEROBOT_FILES.info);
  if (!existsSync(infoPath)) throw new RecordingError(`${dir}: expected a LeRobot dataset with ${LEROBOT_FILES.info}, found none`);
  let info: Info;
  try {
    info = JSON.parse(readFileSync(infoPath, 'utf8')) as Info;
  } catch (e) {
    throw new RecordingError(`${infoPath}: expected JSON, found text that does not parse: ${(e as Error).message}`, { cause: e });
  }
  if (info.codebase_version !== LEROBOT_VERSION) throw new RecordingError(`${infoPath}: codebase_version: expected "${LEROBOT_VERSION}", found ${JSON.stringify(info.codebase_version)}; convert it with LeRobot's converter first`);
  const features = info.features ?? {};
  const dataPath = join(dir, LEROBOT_FILES.data);
  const table = readParquetTable(dataPath);
  const widthOf = (name: string, wanted: string): number => {
    const column = table.getChild(name);
    if (!column) throw new RecordingError(`${dataPath}: column "${name}": expected a ${wanted} column, found none (columns: ${table.schema.fields.map((f) => f.name).join(', ')})`);
    const { dtype, width } = columnDtype(column.type);
    if (dtype !== wanted) throw new RecordingError(`${dataPath}: column "${name}": expected dtype ${wanted}, found ${dtype}`);
    const declared = features[name];
    if (declared && declared.dtype !== wanted) throw new RecordingError(`${infoPath}: features["${name}"].dtype: expected ${wanted}, found ${JSON.stringify(declared.dtype)}`);
    const shape = Array.isArray(declared?.shape) ? Number(declared.shape[0]) : null;
    if (width !== null && shape !== null && width !== shape) throw new RecordingError(`${dataPath}: column "${name}": expected rows of ${shape} (info.json's shape), found ${width}`);
    const w = width ?? shape;
    if (w === null) throw new RecordingError(`${infoPath}: features["${name}"].shape: expected the row length of a list column, found none`);
    return w;
  };
  for (const [name, dtype] of Object.entries(LEROBOT_REQUIRED)) widthOf(name, dtype);
  const frames = table.numRows;
  const stateW = widthOf('observation.state', 'float32');
  const actionW = widthOf('action', 'float32');
  const state = flatColumn(table, 'observation.state', Float32Array, stateW, dataPath);
  const action = flatColumn(table, 'action', Float32Array, actionW, dataPath);
  const optional = (name: string, dtype: string) => (table.getChild(name) ? widthOf(name, dtype) : null);
  const simW = optional('observation.sim_state', 'float64');
  const sim = simW === null ? null : flatColumn(table, 'observation.sim_state', Float64Array, simW, dataPath);
  const nextW = optional('next.observation.state', 'float32');
  const next = nextW === null ? null : flatColumn(table, 'next.observation.state', Float32Array, stateW, dataPath);
  const rewardColumn = table.getChild('next.reward');
  const reward = rewardColumn ? flatColumn(table, 'next.reward', Float64Array, 1, dataPath) : new Float64Array(frames);
  const done = table.getChild('next.done')?.toArray() as boolean[] | undefined;
  const intervention = table.getChild('intervention')?.toArray() as boolean[] | undefined;
  const episode = flatColumn(table, 'episode_index', Float64Array, 1, dataPath);

  const episodesPath = join(dir, LEROBOT_FILES.episodes);
  const episodes = existsSync(episodesPath) ? readParquetTable(episodesPath) : null;
  const seeds = episodes ? episodeInts(episodes, 'armkit/seed') : null;
  const successes = episodes ? episodeInts(episodes, 'armkit/success') : null;

  const keys = info.armkit?.obs_keys ?? [{ key: 'state', width: stateW }];
  if (keys.reduce((a, k) => a + k.width, 0) !== stateW) throw new RecordingError(`${infoPath}: armkit.obs_keys: expected widths that add up to observation.state's ${stateW}, found ${keys.map((k) => k.width).join(' + ')}`);
  const fps = typeof info.fps === 'number' ? info.fps : 30;
  const envArgs = (info.armkit?.env_args ?? { env_name: 'lerobot', type: 4, env_kwargs: { control_freq: fps } }) as unknown as EnvArgs;
  // Camera streams: every frame decoded (lossy: AV1), recorded as obs/<camera>_image.
  const cameras = Object.entries(features)
    .filter(([, f]) => f.dtype === 'video')
    .map(([key, f]) => {
      const shape = Array.isArray(f.shape) ? f.shape.map(Number) : [];
      if (shape.length !== 3 || shape[2] !== 3) throw new RecordingError(`${infoPath}: features["${key}"].shape: expected [height, width, 3], found ${JSON.stringify(f.shape)}`);
      const template = typeof info.video_path === 'string' ? info.video_path : 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4';
      const file = join(dir, template.replace('{video_key}', key).replace('{chunk_index:03d}', '000').replace('{file_index:03d}', '000'));
      if (!existsSync(file)) throw new RecordingError(`${file}: expected the video of feature "${key}", found none`);
      const [height, width] = shape as [number, number];
      return { name: `${key.replace(/^observation\.images\./, '')}_image`, frames: decodeVideo(file, width, height, frames), size: height * width * 3, shape: [height, width, 3] };
    });
  const shapes = Object.fromEntries(cameras.map((c) => [c.name, c.shape]));
  const withImages = (o: Record<string, Float32Array | Uint8Array>, row: number) => {
    for (const c of cameras) o[c.name] = c.frames.slice(row * c.size, (row + 1) * c.size);
    return o;
  };
  const writer = Hdf5DemoWriter.create(outPath, envArgs, { overwrite: options.overwrite ?? false });
  let count = 0;
  try {
    let t = 0;
    while (t < frames) {
      const e = episode[t]!;
      if (e !== count) throw new RecordingError(`${dataPath}: column "episode_index": expected episode ${count} at row ${t} (episodes in order from 0), found ${e}`);
      const seed = seeds?.[count] ?? -1;
      writer.beginEpisode({ seed: seed < 0 ? null : seed, ...(cameras.length ? { shapes } : {}) });
      for (; t < frames && episode[t] === e; t++) {
        // A video holds each step's observation only: the next frame stands for next_obs, the last one for itself.
        const last = t + 1 >= frames || episode[t + 1] !== e;
        writer.addStep({
          obs: withImages(split(state, t, stateW, keys), t),
          nextObs: withImages(next ? split(next, t, stateW, keys) : split(state, Math.min(t + 1, frames - 1), stateW, keys), last ? t : t + 1),
          action: action.slice(t * actionW, (t + 1) * actionW),
          reward: reward[t]!,
          done: done?.[t] ?? false,
          state: sim ? sim.slice(t * simW!, (t + 1) * simW!) : new Float64Array(0),
          intervention: intervention?.[t] ?? false,
        });
      }
      await writer.endEpisode({ success: (successes?.[count] ?? 0) === 1 });
      count++;
    }
  } finally {
    await writer.close();
  }
  return { episodes: count, frames };
}

function split(flat: Float32Array, row: number, width: number, keys: readonly { key: string; width: number }[]): Record<string, Float32Array | Uint8Array> {
  const out: Record<string, Float32Array | Uint8Array> = {};
  let at = row * width;
  for (const { key, width: w } of keys) {
    out[key] = flat.slice(at, at + w);
    at += w;
  }
  return out;
}

function episodeInts(table: arrow.Table, name: string): number[] | null {
  return table.getChild(name) ? Array.from(flatColumn(table, name, Float64Array, 1, name)) : null;
}
