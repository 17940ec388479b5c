import { readFileSync } from 'node:fs';
import { McapStreamReader, hasMcapPrefix } from '@mcap/core';
import type { EnvArgs } from './env-args.js';
import { Hdf5DemoWriter } from './hdf5-demo-writer.js';
import { RUN_LOG_METADATA, RUN_LOG_TOPICS } from './mcap-run-log.js';
import { RecordingError } from './recording-error.js';

interface Field {
  key: string;
  size: number;
}

interface LoggedEpisode {
  seed: number | null;
  attrs: Record<string, string | number | boolean>;
  /** Observations by step: 0 is the one the episode started from. */
  obs: (number | null)[][];
  actions: (number | null)[][];
  rewards: number[];
  interventions: boolean[];
  end: 'end' | 'discard' | null;
  success: boolean;
}

/** What an MCAP run log holds, read back. */
export interface RunLogContents {
  envArgs: EnvArgs;
  fields: Field[];
  robot: string;
  task: string;
  /** Messages per topic. */
  counts: Map<string, number>;
  episodes: LoggedEpisode[];
  /** Whether the log ends with its summary (a run that finished); a killed run's does not. */
  complete: boolean;
}

/**
 * Read a run log written by McapRunLog: its metadata, message counts per topic and episodes.
 * A log cut short (a killed run: no footer, a last chunk half written) is read up to its last
 * whole record.
 * @throws RecordingError when the file is not MCAP or not an armkit run log.
 */
export function readRunLog(path: string): RunLogContents {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new RecordingError(`${path}: cannot read it: ${(e as Error).message}`, { cause: e });
  }
  if (!hasMcapPrefix(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength))) throw new RecordingError(`${path}: expected an MCAP file (magic "\\x89MCAP0\\r\\n"), found ${bytes.byteLength} bytes that do not start with it`);
  const reader = new McapStreamReader({ validateCrcs: true });
  reader.append(bytes);
  const topics = new Map<number, string>();
  const counts = new Map<string, number>();
  const meta = new Map<string, string>();
  const episodes = new Map<number, LoggedEpisode>();
  let complete = false;
  const decoder = new TextDecoder();
  const episodeOf = (n: number): LoggedEpisode => {
    let e = episodes.get(n);
    if (!e) episodes.set(n, (e = { seed: null, attrs: {}, obs: [], actions: [], rewards: [], interventions: [], end: null, success: false }));
    return e;
  };
  for (;;) {
    let record;
    try {
      record = reader.nextRecord();
    } catch {
      // A record cut off by a kill: what came before it stands.
      break;
    }
    if (!record) break;
    if (record.type === 'Channel') topics.set(record.id, record.topic);
    else if (record.type === 'Metadata' && record.name === RUN_LOG_METADATA) for (const [k, v] of record.metadata) meta.set(k, v);
    else if (record.type === 'Footer') complete = true;
    else if (record.type === 'Message') {
      const topic = topics.get(record.channelId) ?? '?';
      counts.set(topic, (counts.get(topic) ?? 0) + 1);
      const m = JSON.parse(decoder.decode(record.data)) as Record<string, unknown>;
      const e = typeof m['episode'] === 'number' ? episodeOf(m['episode']) : null;
      const step = Number(m['step']);
      if (!e) continue;
      if (topic === RUN_LOG_TOPICS.episode) {
        if (m['event'] === 'start') {
          e.seed = typeof m['seed'] === 'number' ? m['seed'] : null;
          e.attrs = (m['attrs'] ?? {}) as LoggedEpisode['attrs'];
        } else {
          e.end = m['event'] === 'discard' ? 'discard' : 'end';
          e.success = m['success'] === true;
        }
      } else if (topic === RUN_LOG_TOPICS.observation) e.obs[step] = m['obs'] as (number | null)[];
      else if (topic === RUN_LOG_TOPICS.command) {
        e.actions[step] = m['action'] as (number | null)[];
        e.interventions[step] = m['intervention'] === true;
      } else if (topic === RUN_LOG_TOPICS.detector) e.rewards[step] = Number(m['reward']);
    }
  }
  const need = (k: string): string => {
    const v = meta.get(k);
    if (v === undefined) throw new RecordingError(`${path}: expected an armkit run log with metadata "${RUN_LOG_METADATA}" holding ${k}, found ${meta.size ? `only ${[...meta.keys()].join(', ')}` : 'none'}`);
    return v;
  };
  return {
    envArgs: JSON.parse(need('env_args')) as EnvArgs,
    fields: JSON.parse(need('fields')) as Field[],
    robot: need('robot'),
    task: need('task'),
    counts,
    episodes: [...episodes.keys()].sort((a, b) => a - b).map((k) => episodes.get(k)!),
    complete,
  };
}

/**
 * Turn a run log into demonstrations: every episode that ended (not discarded, not cut off by
 * the end of the log) becomes a demo with the logged observations, the applied actions, the
 * detector's rewards and the interventions. Simulator states are not in a log.
 */
export async function importRunLog(path: string, outPath: string, options: { overwrite?: boolean } = {}): Promise<{ episodes: number; skipped: number }> {
  const log = readRunLog(path);
  const writer = Hdf5DemoWriter.create(outPath, log.envArgs, { overwrite: options.overwrite ?? false });
  const f32 = (v: (number | null)[]) => Float32Array.from(v, (x) => (x === null ? NaN : x));
  const split = (flat: Float32Array): Record<string, Float32Array> => {
    const out: Record<string, Float32Array> = {};
    let at = 0;
    for (const f of log.fields) {
      out[f.key] = flat.slice(at, at + f.size);
      at += f.size;
    }
    return out;
  };
  let written = 0;
  let skipped = 0;
  try {
    for (const e of log.episodes) {
      const T = e.actions.length;
      const whole = e.end === 'end' && T > 0 && e.obs.length === T + 1 && [...Array(T).keys()].every((t) => e.actions[t] && e.obs[t] && e.rewards[t] !== undefined) && e.obs[T] !== undefined;
      if (!whole) {
        skipped++;
        continue;
      }
      writer.beginEpisode({ seed: e.seed, attrs: { ...e.attrs, source: 'mcap' } });
      for (let t = 0; t < T; t++) {
        writer.addStep({ obs: split(f32(e.obs[t]!)), nextObs: split(f32(e.obs[t + 1]!)), action: f32(e.actions[t]!), reward: e.rewards[t]!, done: t === T - 1, intervention: e.interventions[t] === true });
      }
      await writer.endEpisode({ success: e.success });
      written++;
    }
  } finally {
    await writer.close();
  }
  return { episodes: written, skipped };
}
