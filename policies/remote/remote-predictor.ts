import { curveKeyPair, Dealer } from 'zeromq';
import type { Rng } from '../../math/rng.js';
import type { Horizons } from '../model/model-contract.js';
import { ObservationLayout } from '../observation-layout.js';
import type { ChunkPredictor } from '../runner/chunk-predictor.js';
import { decodeReply, encodeHeader, floatFrame, PROTOCOL_VERSION, readFloats, type ReplyHeader, type RemoteSpec, type RequestHeader } from './protocol.js';
import { ProtocolError, RemotePolicyError } from './remote-errors.js';

/** How a client talks to a policy server; every field has a default. */
export interface RemotePredictorOptions {
  /** Longest wait for any one reply, ms (default 10000). */
  readonly timeoutMs?: number;
  /** The server's CURVE public key (Z85), for a server that has one. */
  readonly serverKey?: string;
}

type RequestBody = { t: 'open' } | { t: 'spec' } | { t: 'observe'; session: number; m: number; seeds: number[] } | { t: 'close'; session: number };

/**
 * A ChunkPredictor whose model runs in a policy server (PolicyServer, or python/armkit_zmq.py)
 * over ZeroMQ. Wrap it in a ChunkedPolicy: the history, queue and ensembling stay here, each
 * predict is one observe request. Every reply is awaited at most `timeoutMs`; on a timeout the
 * socket is dropped (stale requests with it) and the next call reconnects and opens a new
 * session, so a restarted server is picked up without the caller doing anything.
 */
export class RemotePredictor implements ChunkPredictor {
  readonly layout: ObservationLayout;
  readonly actionDim: number;
  readonly horizons: Horizons;
  readonly stochastic: boolean;
  /** The spec the server sent when the first session opened. */
  readonly spec: RemoteSpec;
  private socket: Dealer | null;
  private session: number | null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  private constructor(readonly endpoint: string, private readonly options: RemotePredictorOptions, socket: Dealer, session: number, spec: RemoteSpec) {
    this.socket = socket;
    this.session = session;
    this.spec = spec;
    this.layout = new ObservationLayout(spec.keys);
    this.actionDim = spec.actionDim;
    this.horizons = spec.horizons;
    this.stochastic = spec.stochastic;
  }

  /**
   * Connect to `endpoint` (a ZeroMQ endpoint such as tcp://127.0.0.1:5555) and open a session.
   * @throws RemotePolicyError when no server answers within the timeout or it refuses.
   */
  static async connect(endpoint: string, options: RemotePredictorOptions = {}): Promise<RemotePredictor> {
    const socket = RemotePredictor.openSocket(endpoint, options);
    try {
      const { header } = await RemotePredictor.exchange(socket, endpoint, options, { v: PROTOCOL_VERSION, id: 0, t: 'open' }, []);
      if (header.t !== 'opened') throw new RemotePolicyError(`policy server ${endpoint}: expected an 'opened' reply to open, got '${header.t}'`);
      return new RemotePredictor(endpoint, options, socket, header.session, header.spec);
    } catch (e) {
      socket.close();
      throw e;
    }
  }

  async predict(windows: Float32Array, m: number, rngs: readonly Rng[], target: Float32Array): Promise<void> {
    // One seed per env per call, from the env's own stream: the server's noise then follows the
    // client's seeds exactly as an in-process predictor's would follow its streams.
    const seeds = rngs.slice(0, m).map((r) => r.nextU32());
    const reply = await this.request((session) => ({ t: 'observe', session, m, seeds }), [windows]);
    const { header, frames } = reply;
    if (header.t !== 'chunk' || header.m !== m || frames.length !== 1) throw new RemotePolicyError(`policy server ${this.endpoint}: expected a chunk for ${m} envs, got '${header.t}' with ${frames.length} frames`);
    const chunk = readFloats(frames[0]!, 'chunk');
    const size = m * this.horizons.prediction * this.actionDim;
    if (chunk.length !== size) throw new RemotePolicyError(`policy server ${this.endpoint}: expected ${m} x ${this.horizons.prediction} x ${this.actionDim} = ${size} floats in the chunk, got ${chunk.length}`);
    target.set(chunk);
  }

  /** Close the session and the socket. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue.catch(() => {});
    const socket = this.socket;
    if (socket && this.session !== null) {
      // Best effort and short: a dead server must not hold up shutdown.
      const session = this.session;
      await RemotePredictor.exchange(socket, this.endpoint, { ...this.options, timeoutMs: 200 }, { v: PROTOCOL_VERSION, id: this.nextId++, t: 'close', session }, []).catch(() => {});
    }
    socket?.close();
    this.socket = null;
  }

  /** Same as dispose(). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  // One request at a time on the socket; a session lost to a timeout or a server restart is reopened first.
  private request(body: (session: number) => RequestBody, frames: Float32Array[]): Promise<{ header: ReplyHeader; frames: Buffer[] }> {
    const run = async (): Promise<{ header: ReplyHeader; frames: Buffer[] }> => {
      if (this.disposed) throw new RemotePolicyError(`policy server ${this.endpoint}: the client is closed`);
      for (let attempt = 0; ; attempt++) {
        try {
          if (this.socket === null) this.socket = RemotePredictor.openSocket(this.endpoint, this.options);
          if (this.session === null) this.session = await this.reopen(this.socket);
          const header = { v: PROTOCOL_VERSION, id: this.nextId++, ...body(this.session) } as RequestHeader;
          return await RemotePredictor.exchange(this.socket, this.endpoint, this.options, header, frames);
        } catch (e) {
          if (e instanceof ProtocolError && e.code === 'unknown-session' && attempt === 0) {
            // The server restarted and forgot us: open a new session and try once more.
            this.session = null;
            continue;
          }
          if (!(e instanceof ProtocolError)) {
            this.socket?.close();
            this.socket = null;
            this.session = null;
          }
          throw e;
        }
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  private async reopen(socket: Dealer): Promise<number> {
    const { header } = await RemotePredictor.exchange(socket, this.endpoint, this.options, { v: PROTOCOL_VERSION, id: this.nextId++, t: 'open' }, []);
    if (header.t !== 'opened') throw new RemotePolicyError(`policy server ${this.endpoint}: expected an 'opened' reply to open, got '${header.t}'`);
    const same = JSON.stringify(header.spec) === JSON.stringify(this.spec);
    if (!same) throw new RemotePolicyError(`policy server ${this.endpoint}: came back serving another model (spec ${JSON.stringify(header.spec)}, was ${JSON.stringify(this.spec)})`);
    return header.session;
  }

  private static openSocket(endpoint: string, options: RemotePredictorOptions): Dealer {
    const timeout = options.timeoutMs ?? 10_000;
    const curve = options.serverKey !== undefined ? (() => {
      const mine = curveKeyPair();
      return { curveServerKey: options.serverKey, curvePublicKey: mine.publicKey, curveSecretKey: mine.secretKey };
    })() : {};
    const socket = new Dealer({ linger: 0, sendTimeout: timeout, receiveTimeout: timeout, ...curve });
    try {
      socket.connect(endpoint);
    } catch (e) {
      socket.close();
      throw new RemotePolicyError(`policy server ${endpoint}: expected a ZeroMQ endpoint such as tcp://127.0.0.1:5555, got an error: ${(e as Error).message}`, { cause: e });
    }
    return socket;
  }

  // Send one request and wait for the reply with its id; replies to abandoned requests are dropped.
  private static async exchange(socket: Dealer, endpoint: string, options: RemotePredictorOptions, header: RequestHeader, frames: Float32Array[]): Promise<{ header: ReplyHeader; frames: Buffer[] }> {
    const timeout = options.timeoutMs ?? 10_000;
    const deadline = performance.now() + timeout;
    const dead = (): RemotePolicyError => new RemotePolicyError(`policy server ${endpoint}: no reply to '${header.t}' within ${timeout} ms (is \`armkit serve\` running there${options.serverKey ? ', with the key you gave' : ''}?)`);
    try {
      await socket.send([encodeHeader(header), ...frames.map(floatFrame)]);
    } catch (e) {
      if ((e as { code?: string }).code === 'EAGAIN') throw dead();
      throw new RemotePolicyError(`policy server ${endpoint}: cannot send '${header.t}': ${(e as Error).message}`, { cause: e });
    }
    for (;;) {
      const left = Math.ceil(deadline - performance.now());
      if (left <= 0) throw dead();
      socket.receiveTimeout = left;
      let parts: Buffer[];
      try {
        parts = await socket.receive();
      } catch (e) {
        if ((e as { code?: string }).code === 'EAGAIN') throw dead();
        throw new RemotePolicyError(`policy server ${endpoint}: cannot receive the reply to '${header.t}': ${(e as Error).message}`, { cause: e });
      }
      let reply: ReplyHeader;
      try {
        reply = decodeReply(parts[0]);
      } catch (e) {
        throw new RemotePolicyError(`policy server ${endpoint}: sent a reply this client cannot read: ${(e as Error).message}`, { cause: e });
      }
      if (reply.id !== header.id) continue;
      if (reply.t === 'error') throw new ProtocolError(reply.code, `policy server ${endpoint} refused '${header.t}': ${reply.code}: ${reply.message}`);
      return { header: reply, frames: parts.slice(1) };
    }
  }
}
