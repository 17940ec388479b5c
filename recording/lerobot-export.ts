import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Hdf5DemoReader, type Demo } from './hdf5-demo-reader.js';
import { concat } from './concat.js';
import { LEROBOT_CHUNKS_SIZE, LEROBOT_DATA_PATH, LEROBOT_FILES, LEROBOT_VERSION, LEROBOT_VIDEO_PATH } from './lerobot-layout.js';
import { writeParquetTable, type ParquetColumn } from './parquet-table.js';
import { RecordingError } from './recording-error.js';
import { encodeVideo, VIDEO_ENCODING } from './video-codec.js';

/** What an export wrote. */
export interface LerobotExport {
  episodes: number;
  frames: number;
  files: string[];
}

interface Feature {
  dtype: string;
  shape: number[];
  names: string[] | null;
  info?: Record<string, string | number | boolean>;
}

/** LeRobot's feature key of a camera recorded as `obs/<camera>_image`. */
export function videoKeyOf(imageKey: string): string {
  return `observation.images.${imageKey.replace(/_image$/, '')}`;
}

/**
 * Export a robomimic-layout HDF5 file as a LeRobot v3.0 dataset in `outDir`. observation.state
 * is the demo's observation keys side by side (float32, named `key[i]`); the sim state goes to
 * observation.sim_state (float64) and next_obs to next.observation.state, so that import gives
 * back every array bitwise; next.reward stays float64 for the same reason. Per-demo seed and
 * success go to the episodes file, and info.json's `armkit` key keeps env_args and the
 * observation keys' widths. Camera images (`obs/<camera>_image`, uint8 [N, H, W, 3]) become one
 * MP4 per camera, every episode one after the other, encoded by ffmpeg as LeRobot encodes
 * (VIDEO_ENCODING), with each episode's span in the episodes file.
 * @throws RecordingError when the file is not readable, or ffmpeg is missing for a file with images.
 */
export function exportLerobot(hdf5Path: string, outDir: string): LerobotExport {
  using reader = new Hdf5DemoReader(hdf5Path);
  const first = reader.demoNames[0] === undefined ? null : reader.demo(0);
  if (!first) throw new RecordingError(`${hdf5Path}: no demos to export`);
  const obsKeys = reader.stateKeys(first.name);
  const imageKeys = reader.imageKeys(first.name);
  const layout = { actionDim: first.actionDim, obsKeys, of: first.name };
  const widths = obsKeys.map((k) => reader.observation(first.name, k)!.width);
  const stateWidth = widths.reduce((a, b) => a + b, 0);
  const envArgs = reader.envArgs;
  const kw = (envArgs['env_kwargs'] ?? {}) as Record<string, unknown>;
  const fps = typeof kw['control_freq'] === 'number' ? kw['control_freq'] : 30;
  const task = typeof envArgs['env_name'] === 'string' ? envArgs['env_name'] : 'armkit task';

  const demos: Demo[] = [];
  const obs: Float32Array[] = [];
  const nextObs: Float32Array[] = [];
  for (const name of reader.demoNames) {
    const d = reader.demo(name, layout);
    if (d.stateDim !== first.stateDim) throw new RecordingError(`${hdf5Path}: data/${name}/states: expected ${first.stateDim} columns (as ${first.name}), found ${d.stateDim}`);
    demos.push(d);
    obs.push(sideBySide(reader, hdf5Path, name, obsKeys, widths, d.numSamples, false));
    nextObs.push(sideBySide(reader, hdf5Path, name, obsKeys, widths, d.numSamples, true));
  }
  const frames = demos.reduce((a, d) => a + d.numSamples, 0);
  const n = demos.length;
  const col = {
    state: concat(Float32Array, obs),
    nextState: concat(Float32Array, nextObs),
    simState: concat(Float64Array, demos.map((d) => d.states)),
    action: concat(Float32Array, demos.map((d) => d.actions)),
    reward: concat(Float64Array, demos.map((d) => d.rewards)),
    timestamp: new Float32Array(frames),
    frameIndex: new BigInt64Array(frames),
    episodeIndex: new BigInt64Array(frames),
    index: new BigInt64Array(frames),
    taskIndex: new BigInt64Array(frames),
    done: new Array<boolean>(frames),
    intervention: new Array<boolean>(frames),
  };
  const from = new BigInt64Array(n);
  let at = 0;
  demos.forEach((d, e) => {
    from[e] = BigInt(at);
    for (let t = 0; t < d.numSamples; t++, at++) {
      col.timestamp[at] = t / fps;
      col.frameIndex[at] = BigInt(t);
      col.episodeIndex[at] = BigInt(e);
      col.index[at] = BigInt(at);
      col.done[at] = t === d.numSamples - 1;
      col.intervention[at] = d.interventions[t] === 1;
    }
  });

  const data: ParquetColumn[] = [
    { name: 'observation.state', values: col.state, width: stateWidth },
    { name: 'observation.sim_state', values: col.simState, width: first.stateDim },
    { name: 'action', values: col.action, width: first.actionDim },
    { name: 'next.observation.state', values: col.nextState, width: stateWidth },
    { name: 'next.reward', values: col.reward, width: 1 },
    { name: 'next.done', bools: col.done },
    { name: 'intervention', bools: col.intervention },
    { name: 'timestamp', values: col.timestamp, width: 1 },
    { name: 'frame_index', values: col.frameIndex, width: 1 },
    { name: 'episode_index', values: col.episodeIndex, width: 1 },
    { name: 'index', values: col.index, width: 1 },
    { name: 'task_index', values: col.taskIndex, width: 1 },
  ];
  // info.json's features: each data column's dtype and row shape, the state's and the action's entries named.
  const names = obsKeys.flatMap((k, i) => Array.from({ length: widths[i]! }, (_, j) => `${k}[${j}]`));
  const named: Record<string, string[]> = { 'observation.state': names, action: Array.from({ length: first.actionDim }, (_, i) => `action[${i}]`), 'next.observation.state': names };
  const features: Record<string, Feature> = Object.fromEntries(data.map((c) => [c.name, { dtype: dtypeOf(c), shape: ['width' in c ? c.width : 1], names: named[c.name] ?? null }]));
  const videos = imageKeys.map((key) => exportVideo(reader, hdf5Path, outDir, key, demos, fps));
  for (const v of videos) features[v.key] = v.feature;
  const files = Object.values(LEROBOT_FILES).map((f) => join(outDir, f));
  files.push(...videos.map((v) => v.path));
  for (const f of files) mkdirSync(dirname(f), { recursive: true });
  const [infoPath, statsPath, tasksPath, episodesPath, dataPath] = files as [string, string, string, string, string];

  writeParquetTable(dataPath, data);
  const zeros = new BigInt64Array(n);
  writeParquetTable(episodesPath, [
    { name: 'episode_index', values: BigInt64Array.from(demos, (_, e) => BigInt(e)), width: 1 },
    { name: 'tasks', stringLists: demos.map(() => [task]) },
    { name: 'length', values: BigInt64Array.from(demos, (d) => BigInt(d.numSamples)), width: 1 },
    { name: 'data/chunk_index', values: zeros, width: 1 },
    { name: 'data/file_index', values: zeros, width: 1 },
    { name: 'dataset_from_index', values: from, width: 1 },
    { name: 'dataset_to_index', values: BigInt64Array.from(demos, (d, e) => from[e]! + BigInt(d.numSamples)), width: 1 },
    { name: 'meta/episodes/chunk_index', values: zeros, width: 1 },
    { name: 'meta/episodes/file_index', values: zeros, width: 1 },
    ...videos.flatMap((v) => [
      { name: `videos/${v.key}/chunk_index`, values: zeros, width: 1 },
      { name: `videos/${v.key}/file_index`, values: zeros, width: 1 },
      { name: `videos/${v.key}/from_timestamp`, values: Float64Array.from(demos, (_, e) => Number(from[e]!) / fps), width: 1 },
      { name: `videos/${v.key}/to_timestamp`, values: Float64Array.from(demos, (d, e) => (Number(from[e]!) + d.numSamples) / fps), width: 1 },
    ]),
    // armkit's own: the reset seed (-1: none) and whether the demo succeeded (-1: unknown).
    { name: 'armkit/seed', values: BigInt64Array.from(demos, (d) => BigInt(d.seed ?? -1)), width: 1 },
    { name: 'armkit/success', values: BigInt64Array.from(demos, (d) => (d.success === null ? -1n : d.success ? 1n : 0n)), width: 1 },
  ]);
  writeParquetTable(tasksPath, [
    { name: 'task', strings: [task] },
    { name: 'task_index', values: new BigInt64Array(1), width: 1 },
  ]);
  const stats = {
    'observation.state': stats2d(col.state, stateWidth),
    'observation.sim_state': stats2d(col.simState, first.stateDim),
    action: stats2d(col.action, first.actionDim),
    'next.reward': stats2d(col.reward, 1),
    timestamp: stats2d(col.timestamp, 1),
    ...Object.fromEntries(videos.map((v) => [v.key, v.stats])),
  };
  writeFileSync(statsPath, `${JSON.stringify(stats, null, 2)}\n`);
  const info = {
    codebase_version: LEROBOT_VERSION,
    robot_type: typeof envArgs['source'] === 'string' ? envArgs['source'] : null,
    total_episodes: n,
    total_frames: frames,
    total_tasks: 1,
    chunks_size: LEROBOT_CHUNKS_SIZE,
    data_files_size_in_mb: 100,
    video_files_size_in_mb: 500,
    fps,
    splits: { train: `0:${n}` },
    data_path: LEROBOT_DATA_PATH,
    video_path: LEROBOT_VIDEO_PATH,
    features,
    armkit: { env_args: envArgs, obs_keys: obsKeys.map((key, i) => ({ key, width: widths[i] })), image_keys: imageKeys, masks: reader.masks() },
  };
  writeFileSync(infoPath, `${JSON.stringify(info, null, 2)}\n`);
  return { episodes: n, frames, files };
}

interface VideoExport {
  key: string;
  path: string;
  feature: Feature;
  stats: { min: number[][][]; max: number[][][]; mean: number[][][]; std: number[][][]; count: number[] };
}

// One camera's frames of every demo, one after the other, as one MP4; LeRobot's image stats are
// per channel over [0, 1] pixel values, shaped (3, 1, 1).
function exportVideo(reader: Hdf5DemoReader, path: string, outDir: string, imageKey: string, demos: readonly Demo[], fps: number): VideoExport {
  const key = videoKeyOf(imageKey);
  const parts = demos.map((d) => {
    const im = reader.images(d.name, imageKey);
    if (!im) throw new RecordingError(`${path}: data/${d.name}/obs/${imageKey}: expected images as in the first demo, found none`);
    return im;
  });
  const { height, width } = parts[0]!;
  for (const [i, p] of parts.entries()) if (p.height !== height || p.width !== width) throw new RecordingError(`${path}: data/${demos[i]!.name}/obs/${imageKey}: expected ${height}x${width} frames (as the first demo), found ${p.height}x${p.width}`);
  const frames = concat(Uint8Array, parts.map((p) => p.frames));
  const file = join(outDir, LEROBOT_VIDEO_PATH.replace('{video_key}', key).replace('{chunk_index:03d}', '000').replace('{file_index:03d}', '000'));
  encodeVideo(file, frames, width, height, fps);
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  const min = [255, 255, 255];
  const max = [0, 0, 0];
  for (let i = 0; i < frames.length; i++) {
    const c = i % 3;
    const v = frames[i]!;
    sum[c]! += v;
    sq[c]! += v * v;
    if (v < min[c]!) min[c] = v;
    if (v > max[c]!) max[c] = v;
  }
  const n = frames.length / 3;
  const mean = sum.map((x) => x / n / 255);
  const std = sq.map((x, c) => Math.sqrt(Math.max(0, x / n / 65025 - mean[c]! ** 2)));
  const shaped = (v: number[]) => v.map((x) => [[x]]);
  return {
    key,
    path: file,
    feature: {
      dtype: 'video',
      shape: [height, width, 3],
      names: ['height', 'width', 'channels'],
      info: { 'video.height': height, 'video.width': width, 'video.codec': VIDEO_ENCODING.name, 'video.pix_fmt': VIDEO_ENCODING.pixFmt, 'video.is_depth_map': false, 'video.fps': fps, 'video.channels': 3, has_audio: false },
    },
    stats: { min: shaped(min.map((x) => x / 255)), max: shaped(max.map((x) => x / 255)), mean: shaped(mean), std: shaped(std), count: [n] },
  };
}

// A demo's float observation keys (next_obs with `next`) as one row per step.
function sideBySide(reader: Hdf5DemoReader, path: string, name: string, keys: readonly string[], widths: readonly number[], steps: number, next: boolean): Float32Array {
  const total = widths.reduce((a, b) => a + b, 0);
  const out = new Float32Array(steps * total);
  let offset = 0;
  keys.forEach((key, i) => {
    const o = reader.observation(name, key, next);
    if (!o) throw new RecordingError(`${path}: data/${name}/${next ? 'next_obs' : 'obs'}/${key}: expected a dataset, found none`);
    if (o.width !== widths[i]) throw new RecordingError(`${path}: data/${name}/obs/${key}: expected ${widths[i]} columns, found ${o.width}`);
    for (let t = 0; t < steps; t++) for (let j = 0; j < o.width; j++) out[t * total + offset + j] = o.rows[t * o.width + j]!;
    offset += o.width;
  });
  return out;
}

// LeRobot's dtype of a data column.
function dtypeOf(c: ParquetColumn): string {
  if (!('values' in c)) return 'bool';
  return c.values instanceof Float32Array ? 'float32' : c.values instanceof Float64Array ? 'float64' : 'int64';
}

// LeRobot's per-feature stats: min, max, mean, std over every frame, per column, and the count.
function stats2d(values: ArrayLike<number>, width: number): { min: number[]; max: number[]; mean: number[]; std: number[]; count: number[] } {
  const rows = values.length / width;
  const min = new Array<number>(width).fill(Infinity);
  const max = new Array<number>(width).fill(-Infinity);
  const sum = new Array<number>(width).fill(0);
  const sq = new Array<number>(width).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < width; k++) {
      const x = values[r * width + k]!;
      if (x < min[k]!) min[k] = x;
      if (x > max[k]!) max[k] = x;
      sum[k]! += x;
      sq[k]! += x * x;
    }
  }
  const mean = sum.map((s) => s / rows);
  return { min, max, mean, std: sq.map((s, k) => Math.sqrt(Math.max(0, s / rows - mean[k]! ** 2))), count: [rows] };
}
