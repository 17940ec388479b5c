import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { InvalidArgumentError, resourceError } from '../errors.js';
import { parseBrowserInput } from '../hardware/input/browser-input.js';
import type { AppliedInput, BrowserTeleop } from '../hardware/input/browser-teleop.js';
import { tokenMatches } from '../hardware/rosbridge/access-token.js';
import { sceneShapes, writeBodyPoses, type SceneShapes } from '../render/scene-shapes.js';
import { assetPath } from '../robot/asset-path.js';
import type { TeleopPhase, TeleopSession } from '../rollout/teleop-session.js';
import type { Env, EnvPhysics } from '../tasks/env.js';

/** Where the teleop page listens. */
export interface TeleopServerOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The episode's time limit as the page shows it (default the env's spec; makeEnv's maxEpisodeSteps does not change the spec). */
  maxSteps?: number;
  /** The URL's secret; a fresh random one by default. */
  token?: string;
  /** After each control tick: the inputs it applied, when it was due, began and had run. */
  onTick?: (tick: TeleopTick) => void;
}

/** One control tick as the server ran it; times in ms since the epoch (performance.timeOrigin + now). */
export interface TeleopTick {
  /** The page inputs the tick's step applied (none while no episode runs). */
  applied: readonly AppliedInput[];
  /** When the schedule wanted it. */
  due: number;
  /** When it began (after the timer fired). */
  began: number;
  /** When the session's tick (the step, when one ran) was done. */
  done: number;
}

/** What the page gets once on connecting: the scene description (render/scene-shapes.ts) and the rates. */
export interface TeleopSceneMessage extends SceneShapes {
  type: 'scene';
  task: string;
  controlHz: number;
  maxSteps: number;
  help: string;
}

/** What the page gets after every control tick: poses and status. */
export interface TeleopFrameMessage {
  type: 'frame';
  phase: TeleopPhase;
  episode: number;
  step: number;
  success: boolean;
  saved: number;
  /** Every body's world pose, 7 numbers each (x, y, z, qw, qx, qy, qz), in the scene message's order. */
  poses: number[];
  /** The TCP's world pose, 7 numbers. */
  tcp: number[];
  goal: [number, number, number];
  /** The oldest and the newest page input this step applied, or -1 and -1 (inputs before an episode's start are dropped unapplied). */
  appliedFrom: number;
  applied: number;
}

// The page's own files, by the path after the token; nothing else on disk is reachable.
const FILES: Readonly<Record<string, { path: string; type: string }>> = {
  '/': { path: 'viewer/page/teleop.html', type: 'text/html; charset=utf-8' },
  '/teleop.js': { path: 'viewer/page/teleop.js', type: 'text/javascript' },
  '/three/build/three.module.js': { path: 'node_modules/three/build/three.module.js', type: 'text/javascript' },
  '/three/build/three.core.js': { path: 'node_modules/three/build/three.core.js', type: 'text/javascript' },
  '/three/examples/jsm/controls/OrbitControls.js': { path: 'node_modules/three/examples/jsm/controls/OrbitControls.js', type: 'text/javascript' },
};

// The token travels in the page's own URL and must not leave it; the page is not to be framed.
const HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' };

// Page messages are a few hundred bytes; anything near this is not a teleop page.
const MAX_MESSAGE = 16 * 1024;

/**
 * The browser teleop page's server, and the clock of the session: it binds 127.0.0.1 only and
 * serves every file under /TOKEN/ (a random token unless given), so a request or WebSocket
 * without the token gets 403 and the page's subresources carry the token as the page does.
 * A Host header other than the loopback names with the bound port is refused too (a page from
 * elsewhere rebinding its name to this address), and so is a WebSocket whose Origin is not the
 * page's. It ticks the session at the env's control rate, sends the poses after every tick, and
 * feeds the page's messages (checked) to the device. The newest page connected drives; when it
 * goes away, its held keys and sticks are released.
 */
export class TeleopServer implements AsyncDisposable {
  /** The page's address, token included. */
  readonly url: string;
  /** Resolves when the session has quit (rejects with its error); the server keeps serving until close(). */
  readonly done: Promise<void>;
  private readonly sockets = new Set<WebSocket>();
  private driver: WebSocket | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly poses: Float32Array;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly physics: EnvPhysics,
    private readonly shapes: SceneShapes,
    private readonly scene: TeleopSceneMessage,
    private readonly session: TeleopSession,
    private readonly device: BrowserTeleop,
    private readonly onTick: TeleopServerOptions['onTick'],
    port: number,
    token: string,
  ) {
    this.url = `http://127.0.0.1:${port}/${token}/`;
    this.poses = new Float32Array(7 * shapes.handles.length);
    this.done = this.run(1000 / scene.controlHz);
    this.done.catch(() => {});
  }

  /**
   * Listen and start ticking the session.
   * @throws InvalidArgumentError for an env without physics (a real arm) or an empty token;
   * ResourceError when the port is taken.
   */
  static async start(env: Env, session: TeleopSession, device: BrowserTeleop, options: TeleopServerOptions = {}): Promise<TeleopServer> {
    const physics = env.physics;
    if (!physics) throw new InvalidArgumentError(`browser teleop: expected a simulated env, got ${env.spec.id} without physics (a real arm)`);
    const token = options.token ?? randomBytes(18).toString('base64url');
    if (!/^[A-Za-z0-9_-]{8,}$/.test(token)) throw new InvalidArgumentError(`browser teleop: expected a token of at least 8 URL-safe characters (A-Z a-z 0-9 _ -), got ${JSON.stringify(token)}`);
    const shapes = sceneShapes(physics.scene);
    const scene: TeleopSceneMessage = { type: 'scene', task: env.spec.id, controlHz: env.spec.controlHz, maxSteps: options.maxSteps ?? env.spec.maxEpisodeSteps, help: device.help, ...shapes };
    const hosts = new Set<string>();
    const server = createServer((req, res) => {
      const status = refusal(req, token, hosts);
      if (status) {
        res.writeHead(status, { 'content-type': 'text/plain', ...HEADERS }).end(status === 403 ? 'forbidden: open the URL armkit teleop printed, with its token\n' : 'method not allowed\n');
        return;
      }
      const at = pagePath(req);
      if (at === '') {
        // The token without its slash: the page's relative URLs need it.
        res.writeHead(308, { location: `/${token}/`, ...HEADERS }).end();
        return;
      }
      const file = FILES[at];
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain', ...HEADERS }).end('not found\n');
        return;
      }
      readFile(assetPath(file.path)).then(
        (body) => res.writeHead(200, { 'content-type': file.type, ...HEADERS }).end(req.method === 'HEAD' ? undefined : body),
        (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain', ...HEADERS }).end(`cannot read ${file.path}: ${String(e)}\n`),
      );
    });
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(resourceError(`browser teleop: cannot listen on 127.0.0.1:${options.port ?? 0}`, e)));
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    for (const h of ['localhost', '127.0.0.1']) hosts.add(`${h}:${port}`);
    const self = new TeleopServer(server, wss, physics, shapes, scene, session, device, options.onTick, port, token);
    server.on('upgrade', (req, socket, head) => self.upgrade(req, socket, head, token, hosts));
    return self;
  }

  /** Stop ticking, drop every page, stop listening. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, token: string, hosts: Set<string>): void {
    const origin = req.headers.origin;
    // Browsers always send Origin with a WebSocket; only the page's own may connect.
    const foreign = origin !== undefined && ![...hosts].some((h) => origin.toLowerCase() === `http://${h}`);
    if (refusal(req, token, hosts) || foreign || pagePath(req) !== '/ws') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws));
  }

  private connect(ws: WebSocket): void {
    if (this.closed) {
      ws.terminate();
      return;
    }
    this.sockets.add(ws);
    if (this.driver) this.driver.send(JSON.stringify({ type: 'note', text: 'another page took control; this one only watches' }));
    this.driver = ws;
    this.device.release();
    ws.on('message', (data, binary) => {
      if (ws !== this.driver) return;
      try {
        this.device.handle(parseBrowserInput(binary ? '(binary)' : String(data)));
      } catch (e) {
        // A page that sends nonsense is dropped, its input released; the session goes on.
        ws.send(JSON.stringify({ type: 'note', text: (e as Error).message }));
        ws.close(1008, 'bad message');
        this.drop(ws);
      }
    });
    ws.on('close', () => this.drop(ws));
    ws.on('error', () => this.drop(ws));
    ws.send(JSON.stringify(this.scene));
    ws.send(JSON.stringify(this.frame([])));
  }

  private drop(ws: WebSocket): void {
    this.sockets.delete(ws);
    if (this.driver === ws) {
      this.driver = null;
      this.device.release();
    }
  }

  // One tick per control period on a fixed schedule; a late tick runs at once and the schedule
  // restarts from it rather than bunching steps to catch up.
  private async run(period: number): Promise<void> {
    let next = performance.now();
    while (!this.closed && this.session.phase !== 'quit') {
      next += period;
      const wait = next - performance.now();
      if (wait > 0) await new Promise<void>((resolve) => (this.timer = setTimeout(resolve, wait)));
      else next = performance.now();
      if (this.closed) return;
      const began = performance.now();
      await this.session.tick();
      const done = performance.now();
      const applied = this.device.takeApplied();
      const epoch = performance.timeOrigin;
      this.onTick?.({ applied, due: epoch + next, began: epoch + began, done: epoch + done });
      this.broadcast(JSON.stringify(this.frame(applied)));
    }
  }

  private broadcast(text: string): void {
    for (const ws of this.sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  private frame(applied: readonly AppliedInput[]): TeleopFrameMessage {
    const { scene, goal } = this.physics;
    writeBodyPoses(scene, this.shapes, this.poses, 0);
    const t = scene.arm.tcpWorld();
    const s = this.session;
    return {
      type: 'frame',
      phase: s.phase,
      episode: s.episode,
      step: s.step,
      success: s.success,
      saved: s.saved,
      poses: Array.from(this.poses),
      tcp: [t.p.x, t.p.y, t.p.z, t.q.w, t.q.x, t.q.y, t.q.z],
      goal: [goal.x, goal.y, goal.z],
      appliedFrom: applied[0]?.seq ?? -1,
      applied: applied.at(-1)?.seq ?? -1,
    };
  }
}

// The path after /TOKEN, from the URL as parsed (dot segments, encoded ones too, already resolved).
function pagePath(req: IncomingMessage): string {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const at = path.indexOf('/', 1);
  return at < 0 ? '' : path.slice(at);
}

// 403 for a foreign Host or a missing or wrong token, 405 for a method other than GET/HEAD, else null.
function refusal(req: IncomingMessage, token: string, hosts: Set<string>): number | null {
  if (!hosts.has((req.headers.host ?? '').toLowerCase())) return 403;
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const at = path.indexOf('/', 1);
  if (!tokenMatches(path.slice(1, at < 0 ? undefined : at), token)) return 403;
  return req.method === 'GET' || req.method === 'HEAD' ? null : 405;
}
