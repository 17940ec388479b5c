/** Slots of the Int32Array that main thread and vector-env workers synchronize on. */
export const SLOT = {
  /** Incremented by the main thread for each command. */
  seq: 0,
  /** The command of the current sequence number. */
  command: 1,
  /** Worker w writes the sequence number it finished at DONE + 2w, and 1 at DONE + 2w + 1 on error. */
  done: 2,
} as const;

/** Commands. */
export const COMMAND = { reset: 1, step: 2, close: 3 } as const;

/** The shared buffers of a worker vector env. */
export interface SharedBuffers {
  control: SharedArrayBuffer;
  seeds: SharedArrayBuffer;
  actions: SharedArrayBuffer;
  obs: SharedArrayBuffer;
  rewards: SharedArrayBuffer;
  flags: SharedArrayBuffer;
}

/** What a worker is told at start. */
export interface WorkerSetup {
  taskId: string;
  options: Record<string, unknown>;
  offset: number;
  count: number;
  index: number;
  buffers: SharedBuffers;
}

/** What a worker answers once its envs exist. */
export interface WorkerReady {
  obsLow: number[];
  obsHigh: number[];
  actLow: number[];
  actHigh: number[];
  fields: { key: string; offset: number; size: number }[];
  spec: Record<string, unknown>;
}
