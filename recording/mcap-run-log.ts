import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { McapWriter, type IWritable } from '@mcap/core';
import { resourceError } from '../errors.js';
import type { EnvArgs } from './env-args.js';
import type { EpisodeMeta, EpisodeSink, EpisodeStep } from './episode-sink.js';
import { lockFile } from './file-lock.js';
import { RecordingError } from './recording-error.js';

/** The topics of a run log, each with the JSON schema its messages follow. */
export const RUN_LOG_TOPICS = {
  episode: '/armkit/episode',
  jointStates: '/armkit/joint_states',
  tcpPose: '/armkit/tcp_pose',
  command: '/armkit/command',
  safety: '/armkit/safety',
  detector: '/armkit/detector',
  intervention: '/armkit/intervention',
  observation: '/armkit/observation',
} as const;

/** The metadata record's name: env_args, the observation's fields, robot and task. */
export const RUN_LOG_METADATA = 'armkit';

/** What the robot side did in one control step: read from the driver after the step. */
export interface RunLogStep {
  /** The control step within the attempt (the log numbers attempts itself, discarded ones too). */
  step: number;
  /** The newest joint state: the robot's stamp of it (epoch ms), its sequence number, the joints and the TCP (wxyz). */
  state: {
    stamp: number;
    seq: number;
    armQ: ArrayLike<number>;
    armQd: ArrayLike<number>;
    gripperQ: ArrayLike<number>;
    gripperQd: ArrayLike<number>;
    tcp: { p: { x: number; y: number; z: number }; q: { w: number; x: number; y: number; z: number } };
  };
  /** The command: sent as asked, clipped by the safety layer, or held (and why), and its targets. */
  sent: { status: 'sent' | 'clipped' | 'held'; reason: string | null; armTarget: ArrayLike<number>; gripperTarget: number };
  /** The action actually applied, in the action space. */
  action: ArrayLike<number>;
  /** From the observation acted on to the wire, ms (NaN when held). */
  latencyMs: number;
  /** The detector's reward and success for this step. */
  reward: number;
  success: boolean;
  /** A human drove this step. */
  intervention: boolean;
}

/** How a run log is made. */
export interface RunLogOptions {
  envArgs: EnvArgs;
  /** The flat observation's fields, in order. */
  fields: readonly { key: string; size: number }[];
  robot: string;
  task: string;
  /** Joint names for the joint-state messages (arm, then fingers). */
  jointNames: readonly string[];
  /** Replace an existing file (default: refuse). */
  overwrite?: boolean;
}

const TIME = { type: 'object', properties: { sec: { type: 'integer' }, nsec: { type: 'integer' } } };
const NUMBERS = { type: 'array', items: { type: ['number', 'null'] } };
const AT = { timestamp: TIME, episode: { type: 'integer' }, step: { type: 'integer' } };

// JSON schemas per topic: Foxglove shows and plots jsonschema/json channels as they are, and
// foxglove.PoseInFrame is drawn in its 3-D panel.
const SCHEMAS: Record<keyof typeof RUN_LOG_TOPICS, { name: string; schema: object }> = {
  episode: { name: 'armkit.EpisodeEvent', schema: { type: 'object', properties: { ...AT, event: { enum: ['start', 'end', 'discard'] }, seed: { type: ['integer', 'null'] }, success: { type: ['boolean', 'null'] }, attrs: { type: 'object' } } } },
  jointStates: { name: 'armkit.JointState', schema: { type: 'object', properties: { ...AT, seq: { type: 'integer' }, name: { type: 'array', items: { type: 'string' } }, position: NUMBERS, velocity: NUMBERS } } },
  tcpPose: {
    name: 'foxglove.PoseInFrame',
    schema: {
      type: 'object',
      properties: {
        timestamp: TIME,
        frame_id: { type: 'string' },
        pose: { type: 'object', properties: { position: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' }, z: { type: 'number' } } }, orientation: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' }, z: { type: 'number' }, w: { type: 'number' } } } } },
      },
    },
  },
  command: { name: 'armkit.Command', schema: { type: 'object', properties: { ...AT, status: { enum: ['sent', 'clipped', 'held'] }, reason: { type: ['string', 'null'] }, action: NUMBERS, arm_target: NUMBERS, gripper_target: { type: 'number' }, latency_ms: { type: ['number', 'null'] }, intervention: { type: 'boolean' } } } },
  safety: { name: 'armkit.SafetyEvent', schema: { type: 'object', properties: { ...AT, status: { enum: ['clipped', 'held'] }, reason: { type: ['string', 'null'] } } } },
  detector: { name: 'armkit.Detection', schema: { type: 'object', properties: { ...AT, reward: { type: 'number' }, success: { type: 'boolean' } } } },
  intervention: { name: 'armkit.Intervention', schema: { type: 'object', properties: { ...AT, human: { type: 'boolean' } } } },
  observation: { name: 'armkit.Observation', schema: { type: 'object', properties: { ...AT, obs: NUMBERS } } },
};

const encoder = new TextEncoder();

// Chunks this small bound what a killed run loses (the chunk being filled) while keeping the
// chunk index Foxglove seeks with.
const CHUNK_BYTES = 32 * 1024;

/**
 * An MCAP log of a run on a robot, for Foxglove and for `armkit dataset import`: per control
 * step the joint state, the TCP pose, the command as sent (with the safety layer's verdict), a
 * safety event whenever it clipped or held, the detector's reward and success, human
 * interventions, and the task's observation; episode starts, ends and discards. JSON messages
 * with JSON schemas; env_args and the observation's fields in a metadata record.
 *
 * It is an EpisodeSink (the rollout hands it each episode's observations) fed the robot side of
 * each step by `logStep` (the deploy loop's per-step callback, which the rollout calls before
 * the sink's addStep). Unlike a demonstration file it keeps discarded attempts, marked as such.
 * Messages go to disk a chunk at a time: a killed run loses at most the last 32 KiB, and the
 * importer reads a log without its summary (the footer a finished run writes).
 */
export class McapRunLog implements EpisodeSink {
  private readonly channels = new Map<keyof typeof RUN_LOG_TOPICS, number>();
  private episode = -1;
  private step = 0;
  private seq = 0;
  private closed = false;
  // The writer's calls must not overlap: each waits for the one before.
  private queue: Promise<void> = Promise.resolve();
  // The first write that failed; later messages are dropped and close() reports it.
  private failure: unknown = null;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly writer: McapWriter,
    private readonly options: RunLogOptions,
    private readonly unlock: () => void,
  ) {}

  /**
   * Create the log, write its header, schemas, channels and metadata.
   * @throws RecordingError when it exists and `overwrite` is not set; ResourceError when it cannot be written.
   */
  static async create(path: string, options: RunLogOptions): Promise<McapRunLog> {
    if (existsSync(path) && !options.overwrite) throw new RecordingError(`${path} exists; choose another file or allow overwriting`);
    const unlock = lockFile(path);
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (e) {
      unlock();
      throw resourceError(`cannot write ${path}`, e);
    }
    let position = 0n;
    const writable: IWritable = {
      write(buffer: Uint8Array): Promise<void> {
        writeSync(fd, buffer);
        position += BigInt(buffer.byteLength);
        return Promise.resolve();
      },
      position: () => position,
    };
    const writer = new McapWriter({ writable, useChunks: true, chunkSize: CHUNK_BYTES });
    const log = new McapRunLog(path, fd, writer, options, unlock);
    try {
      await writer.start({ profile: '', library: 'armkit' });
      for (const [key, topic] of Object.entries(RUN_LOG_TOPICS) as [keyof typeof RUN_LOG_TOPICS, string][]) {
        const s = SCHEMAS[key];
        const schemaId = await writer.registerSchema({ name: s.name, encoding: 'jsonschema', data: encoder.encode(JSON.stringify(s.schema)) });
        log.channels.set(key, await writer.registerChannel({ topic, schemaId, messageEncoding: 'json', metadata: new Map() }));
      }
      await writer.addMetadata({
        name: RUN_LOG_METADATA,
        metadata: new Map([
          ['env_args', JSON.stringify(options.envArgs)],
          ['fields', JSON.stringify(options.fields)],
          ['robot', options.robot],
          ['task', options.task],
        ]),
      });
    } catch (e) {
      closeSync(fd);
      unlock();
      throw resourceError(`cannot write ${path}`, e);
    }
    return log;
  }

  beginEpisode(meta: EpisodeMeta): void {
    this.episode++;
    this.step = 0;
    this.put('episode', Date.now(), { event: 'start', seed: meta.seed, success: null, attrs: meta.attrs ?? {} });
  }

  /** The observation after each step (and, on the first, the one the episode started from). */
  addStep(step: EpisodeStep): void {
    const now = Date.now();
    if (this.step === 0) this.put('observation', now, { obs: this.flat(step.obs) }, 0);
    this.step++;
    this.put('observation', now, { obs: this.flat(step.nextObs) }, this.step);
  }

  /** The robot side of one control step. */
  logStep(s: RunLogStep): void {
    const { state, sent } = s;
    const at = state.stamp > 0 ? state.stamp : Date.now();
    const now = Date.now();
    this.put('jointStates', at, { seq: state.seq, name: this.options.jointNames, position: [...Array.from(state.armQ), ...Array.from(state.gripperQ)], velocity: [...Array.from(state.armQd), ...Array.from(state.gripperQd)] }, s.step);
    this.put('tcpPose', at, { frame_id: 'world', pose: { position: state.tcp.p, orientation: { x: state.tcp.q.x, y: state.tcp.q.y, z: state.tcp.q.z, w: state.tcp.q.w } } }, s.step, false);
    this.put('command', now, { status: sent.status, reason: sent.reason, action: Array.from(s.action), arm_target: Array.from(sent.armTarget), gripper_target: sent.gripperTarget, latency_ms: Number.isFinite(s.latencyMs) ? s.latencyMs : null, intervention: s.intervention }, s.step);
    if (sent.status !== 'sent') this.put('safety', now, { status: sent.status, reason: sent.reason }, s.step);
    this.put('detector', now, { reward: s.reward, success: s.success }, s.step);
    if (s.intervention) this.put('intervention', now, { human: true }, s.step);
  }

  async endEpisode(outcome: { success: boolean }): Promise<number> {
    this.put('episode', Date.now(), { event: 'end', seed: null, success: outcome.success, attrs: {} });
    await this.queue;
    if (this.failure) throw resourceError(`cannot write ${this.path}`, this.failure);
    return this.episode;
  }

  discardEpisode(): void {
    this.put('episode', Date.now(), { event: 'discard', seed: null, success: null, attrs: {} });
  }

  /** Write the summary (indexes, statistics) and free the file. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.queue;
      if (this.failure) throw this.failure;
      await this.writer.end();
    } catch (e) {
      throw resourceError(`cannot write ${this.path}`, e);
    } finally {
      closeSync(this.fd);
      this.unlock();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private flat(obs: Record<string, Float32Array | Uint8Array>): number[] {
    const out: number[] = [];
    for (const f of this.options.fields) for (const v of obs[f.key] ?? []) out.push(v);
    return out;
  }

  private put(key: keyof typeof RUN_LOG_TOPICS, atMs: number, body: object, step = this.step, stamped = true): void {
    if (this.closed || this.failure) return;
    const sec = Math.floor(atMs / 1000);
    const time = { sec, nsec: Math.round((atMs - sec * 1000) * 1e6) };
    const message = stamped ? { timestamp: time, episode: this.episode, step, ...body } : { timestamp: time, ...body };
    const data = encoder.encode(JSON.stringify(message));
    const logTime = BigInt(Math.round(atMs * 1e6));
    const channelId = this.channels.get(key)!;
    const sequence = this.seq++;
    this.queue = this.queue
      .then(() => this.writer.addMessage({ channelId, sequence, logTime, publishTime: logTime, data }))
      .catch((e: unknown) => {
        this.failure ??= e;
      });
  }
}
