/**
 * LeRobot v3.0's dataset layout, as lerobot/datasets/utils.py defines it (facts only): the
 * codebase version info.json must carry, the path templates, the chunking defaults, and the
 * columns every frame has.
 */
export const LEROBOT_VERSION = 'v3.0';
/** Files per chunk folder (LeRobot's DEFAULT_CHUNK_SIZE). */
export const LEROBOT_CHUNKS_SIZE = 1000;
export const LEROBOT_DATA_PATH = 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet';
export const LEROBOT_VIDEO_PATH = 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4';
/** Where this exporter puts its single data, episodes and tasks files. */
export const LEROBOT_FILES = {
  info: 'meta/info.json',
  stats: 'meta/stats.json',
  tasks: 'meta/tasks.parquet',
  episodes: 'meta/episodes/chunk-000/file-000.parquet',
  data: 'data/chunk-000/file-000.parquet',
} as const;
/** Columns of every data file with the dtype LeRobot gives them (its DEFAULT_FEATURES plus state and action). */
export const LEROBOT_REQUIRED: Readonly<Record<string, string>> = {
  'observation.state': 'float32',
  action: 'float32',
  timestamp: 'float32',
  frame_index: 'int64',
  episode_index: 'int64',
  index: 'int64',
  task_index: 'int64',
};
