import type { WebSocket } from 'ws';
import { InvalidArgumentError } from '../errors.js';
import { parseBrowserInput } from '../hardware/input/browser-input.js';
import type { AppliedInput, BrowserTeleop } from '../hardware/input/browser-teleop.js';
import { sceneShapes, writeBodyPoses, type SceneShapes } from '../render/scene-shapes.js';
import type { TeleopPhase, TeleopSession } from '../rollout/teleop-session.js';
import type { Env, EnvPhysics } from '../tasks/env.js';
import { cameraViews, type CameraView } from './camera-views.js';
import { THREE_FILES, TokenPageServer, type PageFile } from './token-page-server.js';

/** Where the teleop page listens. */
export interface TeleopServerOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The episode's time limit as the page shows it (default the env's spec; makeEnv's maxEpisodeSteps does not change the spec). */
  maxSteps?: number;
  /** The URL's secret; a fresh random one by default. */
  token?: string;
  /** Ping the pages this often, ms; one silent for four of these is dropped and its input released (default 500). */
  pingMs?: number;
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
  /** The task's fixed cameras, drawn as insets (none for a task without cameras). */
  cameras: CameraView[];
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
const FILES: Readonly<Record<string, PageFile>> = {
  '/': { path: 'viewer/page/teleop.html', type: 'text/html; charset=utf-8' },
  '/teleop.js': { path: 'viewer/page/teleop.js', type: 'text/javascript' },
  '/scene-view.js': { path: 'viewer/page/scene-view.js', type: 'text/javascript' },
  ...THREE_FILES,
};

// Page messages are a few hundred bytes; anything near this is not a teleop page.
const MAX_MESSAGE = 16 * 1024;

/**
 * The browser teleop page's server, and the clock of the session: the page is served by a
 * TokenPageServer (127.0.0.1, everything under /TOKEN/, 403 without it). It ticks the session
 * at the env's control rate, sends the poses after every tick, and feeds the page's messages
 * (checked) to the device. The newest page connected drives; when it goes away (closed, or
 * silent to the server's pings), its held keys and sticks are released.
 */
export class TeleopServer implements AsyncDisposable {
  private running: Promise<void> = Promise.resolve();
  private driver: WebSocket | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly poses: Float32Array;
  private pages: TokenPageServer | null = null;

  private constructor(
    private readonly physics: EnvPhysics,
    private readonly shapes: SceneShapes,
    private readonly scene: TeleopSceneMessage,
    private readonly session: TeleopSession,
    private readonly device: BrowserTeleop,
    private readonly onTick: TeleopServerOptions['onTick'],
  ) {
    this.poses = new Float32Array(7 * shapes.handles.length);
  }

  /** Resolves when the session has quit (rejects with its error); the server keeps serving until close(). */
  get done(): Promise<void> {
    return this.running;
  }

  /** The page's address, token included. */
  get url(): string {
    return this.pages!.url;
  }

  /**
   * Listen and start ticking the session.
   * @throws InvalidArgumentError for an env without physics (a real arm) or a bad token;
   * ResourceError when the port is taken.
   */
  static async start(env: Env, session: TeleopSession, device: BrowserTeleop, options: TeleopServerOptions = {}): Promise<TeleopServer> {
    const physics = env.physics;
    if (!physics) throw new InvalidArgumentError(`browser teleop: expected a simulated env, got ${env.spec.id} without physics (a real arm)`);
    const shapes = sceneShapes(physics.scene);
    const scene: TeleopSceneMessage = { type: 'scene', task: env.spec.id, controlHz: env.spec.controlHz, maxSteps: options.maxSteps ?? env.spec.maxEpisodeSteps, help: device.help, cameras: cameraViews(env.spec.id), ...shapes };
    const self = new TeleopServer(physics, shapes, scene, session, device, options.onTick);
    self.pages = await TokenPageServer.start({ port: options.port, token: options.token, name: 'armkit teleop', files: FILES, maxMessage: MAX_MESSAGE, pingMs: options.pingMs, onSocket: (ws) => self.connect(ws) });
    self.running = self.run(1000 / scene.controlHz);
    self.running.catch(() => {});
    return self;
  }

  /** Stop ticking, drop every page, stop listening. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pages?.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private connect(ws: WebSocket): void {
    if (this.closed) {
      ws.terminate();
      return;
    }
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
    for (const ws of this.pages?.pages ?? []) if (ws.readyState === ws.OPEN) ws.send(text);
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
