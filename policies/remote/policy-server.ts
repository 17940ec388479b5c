import type { Router } from 'zeromq';
import { InvalidArgumentError } from '../../errors.js';
import { Rng } from '../../math/rng.js';
import type { ChunkPredictor } from '../runner/chunk-predictor.js';
import { bindRouter, type RouterBinding } from './bind-router.js';
import { decodeRequest, encodeHeader, floatFrame, PROTOCOL_VERSION, readFloats, type ReplyHeader, type RemoteSpec } from './protocol.js';
import { ProtocolError } from './remote-errors.js';

/** How a policy server listens and batches; every field but `bind` has a default. */
export interface PolicyServerOptions extends RouterBinding {
  /** Most envs in one model call (default 64; 1 turns batching off). */
  readonly maxBatch?: number;
  /** How long the first request of a batch waits for others, ms (default 2; 0: never wait). */
  readonly maxWaitMs?: number;
  /** The control mode the model's actions are in, sent with the spec. */
  readonly controlMode?: string;
  /** Where to say what happens (refused requests); default: nowhere. */
  readonly log?: (line: string) => void;
}

/** Counters, for benchmarks and logs. */
export interface PolicyServerStats {
  /** Observe requests answered with a chunk. */
  requests: number;
  /** Model calls made for them. */
  modelCalls: number;
  /** Requests answered with an error reply. */
  refused: number;
}

// How recently a session must have observed to count as one a batch should wait for.
const ACTIVE_MS = 1000;

interface Pending {
  readonly route: Buffer;
  readonly id: number;
  readonly session: number;
  readonly m: number;
  readonly windows: Float32Array;
  readonly seeds: readonly number[];
}

/**
 * A ChunkPredictor served over a ZeroMQ ROUTER socket (protocol v1, protocol.ts). Stateless per
 * request: clients keep their observation history and chunk queue (ChunkedPolicy around a
 * RemotePredictor), so one observe is one window batch -> one chunk batch, and requests of many
 * clients that arrive within `maxWaitMs` are concatenated into one predict call. A bad request
 * gets a typed error reply and the server carries on with everyone else.
 */
export class PolicyServer implements AsyncDisposable {
  /** The endpoint bound (the port filled in when `:*` was asked). */
  readonly endpoint: string;
  /** What was served so far. */
  readonly stats: PolicyServerStats = { requests: 0, modelCalls: 0, refused: 0 };
  private readonly spec: RemoteSpec;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly log: (line: string) => void;
  /** Open sessions and when each last sent an observe (ms, performance.now()). */
  private readonly sessions = new Map<number, number>();
  private nextSession = 1;
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private batchDone: Promise<void> = Promise.resolve();
  private sending: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly loop: Promise<void>;

  private constructor(private readonly socket: Router, private readonly predictor: ChunkPredictor, options: PolicyServerOptions) {
    this.endpoint = socket.lastEndpoint ?? options.bind;
    this.maxBatch = options.maxBatch ?? 64;
    this.maxWaitMs = options.maxWaitMs ?? 2;
    this.log = options.log ?? (() => {});
    this.spec = {
      keys: predictor.layout.keys,
      actionDim: predictor.actionDim,
      horizons: predictor.horizons,
      stochastic: predictor.stochastic,
      ...(options.controlMode !== undefined ? { controlMode: options.controlMode } : {}),
    };
    this.loop = this.receive();
  }

  /**
   * Bind and start serving `predictor`, which the server owns from now on.
   * @throws InvalidArgumentError for a non-loopback endpoint without a CURVE key or bad batch settings, ResourceError when the endpoint cannot be bound.
   */
  static async start(predictor: ChunkPredictor, options: PolicyServerOptions): Promise<PolicyServer> {
    const maxBatch = options.maxBatch ?? 64;
    const maxWaitMs = options.maxWaitMs ?? 2;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new InvalidArgumentError(`maxBatch: expected an integer >= 1, got ${maxBatch}`);
    if (!(maxWaitMs >= 0)) throw new InvalidArgumentError(`maxWaitMs: expected a number >= 0, got ${maxWaitMs}`);
    const socket = await bindRouter(options);
    return new PolicyServer(socket, predictor, options);
  }

  private async receive(): Promise<void> {
    try {
      for await (const [route, ...parts] of this.socket) this.handle(route!, parts);
    } catch (e) {
      // Closing the socket ends the iteration with an error; anything else is a bug to show.
      if (!this.closed) throw e;
    }
  }

  private handle(route: Buffer, parts: Buffer[]): void {
    let id = 0;
    try {
      const header = decodeRequest(parts[0]);
      id = header.id;
      if (header.t === 'observe') {
        if (!this.sessions.has(header.session)) throw new ProtocolError('unknown-session', `observe: expected an open session, got session ${header.session} (open one first; the server may have restarted)`);
        if (parts.length !== 2) throw new ProtocolError('wrong-frame-count', `observe: expected a header and 1 float32 frame, got ${parts.length - 1} frames`);
        const windows = readFloats(parts[1]!, 'observe windows');
        const per = this.spec.horizons.observation * this.predictor.layout.frameSize;
        if (windows.length !== header.m * per) {
          throw new ProtocolError('wrong-observation-length', `observe: expected m ${header.m} x ${this.spec.horizons.observation} frames x ${this.predictor.layout.frameSize} floats (${this.predictor.layout.describe()}) = ${header.m * per} floats, got ${windows.length}`);
        }
        this.sessions.set(header.session, performance.now());
        this.pending.push({ route, id, session: header.session, m: header.m, windows, seeds: header.seeds });
        this.schedule();
        return;
      }
      if (parts.length !== 1) throw new ProtocolError('wrong-frame-count', `${header.t}: expected a header alone, got ${parts.length - 1} frames after it`);
      if (header.t === 'open') {
        const session = this.nextSession++;
        this.sessions.set(session, -Infinity);
        this.reply(route, { v: PROTOCOL_VERSION, t: 'opened', id, session, spec: this.spec });
      } else if (header.t === 'spec') {
        this.reply(route, { v: PROTOCOL_VERSION, t: 'spec', id, spec: this.spec });
      } else {
        this.sessions.delete(header.session);
        this.reply(route, { v: PROTOCOL_VERSION, t: 'closed', id });
      }
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      this.refuse(route, id, e);
    }
  }

  private refuse(route: Buffer, id: number, e: ProtocolError): void {
    this.stats.refused++;
    this.log(`refused a request: ${e.code}: ${e.message}`);
    this.reply(route, { v: PROTOCOL_VERSION, t: 'error', id, code: e.code, message: e.message });
  }

  private reply(route: Buffer, header: ReplyHeader, frame?: Float32Array): void {
    const parts = frame ? [route, encodeHeader(header), floatFrame(frame)] : [route, encodeHeader(header)];
    // zeromq.js allows one send in flight per socket: chain them.
    this.sending = this.sending.then(() => this.socket.send(parts)).catch((e) => {
      if (!this.closed) this.log(`could not send a reply: ${(e as Error).message}`);
    });
  }

  private schedule(): void {
    if (this.running || this.closed) return;
    const waiting = this.pending.reduce((a, p) => a + p.m, 0);
    // Every session that is stepping (observed within the last second) already waiting: nobody
    // else will join this batch, so waiting longer only adds latency. A lone client never waits,
    // and a client that went away without closing stops holding the others up after a second.
    const now = performance.now();
    let stepping = 0;
    for (const last of this.sessions.values()) if (now - last < ACTIVE_MS) stepping++;
    const everyone = new Set(this.pending.map((p) => p.session)).size >= stepping;
    if (waiting >= this.maxBatch || this.maxWaitMs === 0 || everyone) {
      this.batchDone = this.runBatch();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => (this.batchDone = this.runBatch()), this.maxWaitMs);
    }
  }

  private async runBatch(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.running || this.pending.length === 0) return;
    this.running = true;
    // Whole requests, up to maxBatch envs (one larger request goes alone).
    let m = 0;
    let count = 0;
    while (count < this.pending.length && (count === 0 || m + this.pending[count]!.m <= this.maxBatch)) m += this.pending[count++]!.m;
    const batch = this.pending.splice(0, count);
    const per = batch[0]!.windows.length / batch[0]!.m;
    const windows = new Float32Array(m * per);
    const rngs: Rng[] = [];
    let at = 0;
    for (const p of batch) {
      windows.set(p.windows, at * per);
      for (const s of p.seeds) rngs.push(new Rng(s));
      at += p.m;
    }
    const chunkSize = this.spec.horizons.prediction * this.spec.actionDim;
    const chunks = new Float32Array(m * chunkSize);
    try {
      await this.predictor.predict(windows, m, rngs, chunks);
      this.stats.modelCalls++;
      at = 0;
      for (const p of batch) {
        this.reply(p.route, { v: PROTOCOL_VERSION, t: 'chunk', id: p.id, m: p.m }, chunks.subarray(at * chunkSize, (at + p.m) * chunkSize));
        this.stats.requests++;
        at += p.m;
      }
    } catch (e) {
      for (const p of batch) this.refuse(p.route, p.id, new ProtocolError('server-error', `the model failed: ${(e as Error).message}`, { cause: e }));
    } finally {
      this.running = false;
    }
    // Requests that came in during the call have waited long enough: run them at once.
    if (this.pending.length > 0 && !this.closed) this.batchDone = this.runBatch();
  }

  /** Stop serving, close the socket and free the model. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    // A model call in flight finishes (and is answered) before the model is freed.
    await this.batchDone;
    await this.sending;
    this.socket.close();
    await this.loop;
    await this.predictor.dispose();
  }

  /** Same as close(). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
