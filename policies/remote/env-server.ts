import type { Router } from 'zeromq';
import { ArmkitError } from '../../errors.js';
import type { VectorEnv, VectorStep } from '../../tasks/vector-env.js';
import { checkAction } from '../../tasks/wrappers/action-checking.js';
import { bindRouter, type RouterBinding } from './bind-router.js';
import { decodeEnvRequest, encodeEnvHeader, type EnvInfoColumns, type EnvReply, type EnvServeSpec } from './env-protocol.js';
import { floatFrame, PROTOCOL_VERSION, readFloats } from './protocol.js';
import { ProtocolError } from './remote-errors.js';

/** How an env server listens; `bind` is required, loopback needs no key, anything else needs `curveSecretKey`. */
export interface EnvServerOptions extends RouterBinding {
  /** Where to say what happens (refused requests); default: nowhere. */
  readonly log?: (line: string) => void;
}

/** Counters, for benchmarks and logs. */
export interface EnvServerStats {
  resets: number;
  /** Vector steps (each steps every env). */
  steps: number;
  refused: number;
}

/**
 * A VectorEnv served over a ZeroMQ ROUTER socket (env-protocol.ts), so that Python drives
 * armkit's envs (python/armkit_env.py: Gymnasium's API). One vector step is one message each
 * way. The env has one owner: the latest client to open a session (a client that died without
 * closing must not lock the env forever); requests of an older session are refused by name.
 * Requests are handled one at a time in arrival order, as the envs step in lockstep anyway. A
 * refused request (malformed, or the env's own error such as a NaN action) gets a typed error
 * reply and changes nothing: every env's action is checked before any env steps.
 */
export class EnvServer implements AsyncDisposable {
  /** The endpoint bound (the port filled in when `:*` was asked). */
  readonly endpoint: string;
  /** What was served so far. */
  readonly stats: EnvServerStats = { resets: 0, steps: 0, refused: 0 };
  private readonly spec: EnvServeSpec;
  private readonly bounds: Buffer[];
  private readonly log: (line: string) => void;
  private owner: number | null = null;
  private nextSession = 1;
  private closed = false;
  private readonly loop: Promise<void>;

  private constructor(private readonly socket: Router, private readonly vec: VectorEnv, options: EnvServerOptions) {
    this.endpoint = socket.lastEndpoint ?? options.bind;
    this.log = options.log ?? (() => {});
    const s = vec.spec;
    this.spec = {
      id: s.id, numEnvs: vec.numEnvs, obsDim: vec.observationSpace.size, actDim: vec.actionSpace.size,
      controlMode: s.controlMode, obsMode: s.obsMode, rewardMode: s.rewardMode, maxEpisodeSteps: s.maxEpisodeSteps, controlHz: s.controlHz, simHz: s.simHz,
      fields: vec.observationSpace.fields.map((f) => ({ key: f.key, offset: f.offset, size: f.size })),
    };
    const o = vec.observationSpace;
    const a = vec.actionSpace;
    this.bounds = [o.low, o.high, a.low, a.high].map((x) => floatFrame(x));
    this.loop = this.receive();
  }

  /**
   * Bind and start serving `vec`. The caller keeps owning `vec` (close it after the server).
   * @throws InvalidArgumentError for a non-loopback endpoint without a CURVE key, ResourceError when the endpoint cannot be bound.
   */
  static async start(vec: VectorEnv, options: EnvServerOptions): Promise<EnvServer> {
    return new EnvServer(await bindRouter(options), vec, options);
  }

  private async receive(): Promise<void> {
    try {
      for await (const [route, ...parts] of this.socket) await this.handle(route!, parts);
    } catch (e) {
      // Closing the socket ends the iteration with an error; anything else is a bug to show.
      if (!this.closed) throw e;
    }
  }

  private async handle(route: Buffer, parts: Buffer[]): Promise<void> {
    let id = 0;
    try {
      const header = decodeEnvRequest(parts[0], this.vec.numEnvs);
      id = header.id;
      const frames = parts.length - 1;
      const want = header.t === 'step' ? 1 : 0;
      if (frames !== want) throw new ProtocolError('wrong-frame-count', `${header.t}: expected a header${want ? ' and 1 float32 frame (the actions)' : ' alone'}, got ${frames} frames after it`);
      if (header.t === 'open') {
        // The latest client owns the env: one that died without closing does not lock it.
        this.owner = this.nextSession++;
        return await this.send(route, { v: PROTOCOL_VERSION, t: 'opened', id, session: this.owner, env: this.spec }, this.bounds);
      }
      if (header.session !== this.owner) {
        throw new ProtocolError('unknown-session', `${header.t}: session ${header.session} does not hold the env (${this.owner === null ? 'no session is open' : 'another client opened it since'}); open a session first`);
      }
      if (header.t === 'close') {
        this.owner = null;
        return await this.send(route, { v: PROTOCOL_VERSION, t: 'closed', id }, []);
      }
      if (header.t === 'reset') {
        const options = header.options ?? undefined;
        const obs = await this.vec.reset(header.seeds, options === null ? undefined : options);
        this.stats.resets++;
        return await this.send(route, { v: PROTOCOL_VERSION, t: 'reset', id, info: {} }, [floatFrame(obs.slice())]);
      }
      const actions = readFloats(parts[1]!, 'step actions');
      this.checkActions(actions);
      const out = await this.vec.step(actions);
      this.stats.steps++;
      const n = this.vec.numEnvs;
      const terminated = Array.from(out.terminated.subarray(0, n), (x) => x === 1);
      const truncated = Array.from(out.truncated.subarray(0, n), (x) => x === 1);
      // Copies: the vector env rewrites its buffers at the next step, perhaps before ZeroMQ sent these.
      await this.send(route, { v: PROTOCOL_VERSION, t: 'stepped', id, terminated, truncated, info: this.stepInfo(out) }, [floatFrame(out.obs.slice()), floatFrame(out.rewards.slice())]);
    } catch (e) {
      await this.refuse(route, id, e);
    }
  }

  // Every env's row checked before any env steps, so a refused step leaves the envs in lockstep.
  // For one env, a frame of the wrong length is that env's action of the wrong length; for N,
  // the vector env refuses the batch's length itself, before stepping anything.
  private checkActions(actions: Float32Array): void {
    const n = this.vec.numEnvs;
    const a = this.spec.actDim;
    if (n === 1) return checkAction(this.vec.spec, a, actions);
    if (actions.length !== n * a) return;
    for (let i = 0; i < n; i++) checkAction(this.vec.spec, a, actions.subarray(i * a, (i + 1) * a));
  }

  // The task's scalar predicates where the infos are on this thread (not for worker envs).
  private stepInfo(out: VectorStep): EnvInfoColumns {
    const n = this.vec.numEnvs;
    const columns: EnvInfoColumns = { success: Array.from(out.success.subarray(0, n), (x) => x === 1) };
    const first = out.infos[0];
    if (!first) return columns;
    for (const [key, value] of Object.entries(first)) {
      if (key === 'success' || (typeof value !== 'number' && typeof value !== 'boolean')) continue;
      columns[key] = out.infos.map((info) => (info as unknown as Record<string, number | boolean>)[key]!);
    }
    return columns;
  }

  private async refuse(route: Buffer, id: number, e: unknown): Promise<void> {
    this.stats.refused++;
    let reply: EnvReply;
    if (e instanceof ProtocolError) {
      reply = { v: PROTOCOL_VERSION, t: 'error', id, code: e.code, message: e.message };
    } else if (e instanceof ArmkitError) {
      reply = { v: PROTOCOL_VERSION, t: 'error', id, code: 'env-error', error: e.constructor.name, message: e.message };
    } else {
      reply = { v: PROTOCOL_VERSION, t: 'error', id, code: 'server-error', message: `the env failed: ${(e as Error)?.message ?? String(e)}` };
    }
    this.log(`refused a request: ${reply.code}${reply.error ? ` (${reply.error})` : ''}: ${reply.message}`);
    await this.send(route, reply, []);
  }

  private async send(route: Buffer, header: EnvReply, frames: Buffer[]): Promise<void> {
    try {
      await this.socket.send([route, encodeEnvHeader(header), ...frames]);
    } catch (e) {
      if (!this.closed) this.log(`could not send a reply: ${(e as Error).message}`);
    }
  }

  /** Stop serving and close the socket (not the vector env). Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
    await this.loop;
  }

  /** Same as close(). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
