import type { WebSocket } from 'ws';
import { InvalidArgumentError } from '../errors.js';
import { sceneShapes, writeBodyPoses, type SceneShapes } from '../render/scene-shapes.js';
import type { StepEvent } from '../rollout/rollout.js';
import type { EnvPhysics } from '../tasks/env.js';
import type { VectorEnv } from '../tasks/vector-env.js';
import { cameraViews, type CameraView } from './camera-views.js';
import { THREE_FILES, TokenPageServer, type PageFile } from './token-page-server.js';

/** Where the live view listens. */
export interface LiveViewOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The URL's secret; a fresh random one by default. */
  token?: string;
  /** Episodes in the run: steps of a batch's padding envs past them are not sent. */
  episodes?: number;
  /** A page whose unsent frames pass this many bytes misses frames (counted) rather than holding them all. */
  maxBacklog?: number;
}

/** What a page gets once on connecting: the scene description (every env's is the same) and the run's shape. */
export interface LiveSceneMessage extends SceneShapes {
  type: 'scene';
  task: string;
  controlHz: number;
  maxSteps: number;
  envs: number;
  /** The task's fixed cameras, drawn as insets (none for a task without cameras). */
  cameras: CameraView[];
}

/** One control step of one env's episode. */
export interface LiveFrameMessage {
  type: 'frame';
  env: number;
  episode: number;
  /** The step's index in its episode, from 0. */
  t: number;
  reward: number;
  success: boolean;
  /** Every body's world pose after the step, 7 numbers each (x, y, z, qw, qx, qy, qz). */
  poses: number[];
  goal: [number, number, number];
}

/** The end of the run, with what the pages missed. */
export interface LiveDoneMessage {
  type: 'done';
  summary: string;
  /** Frames not sent to this page because it fell behind. */
  missed: number;
}

const FILES: Readonly<Record<string, PageFile>> = {
  '/': { path: 'viewer/page/live.html', type: 'text/html; charset=utf-8' },
  '/live.js': { path: 'viewer/page/live.js', type: 'text/javascript' },
  '/scene-view.js': { path: 'viewer/page/scene-view.js', type: 'text/javascript' },
  ...THREE_FILES,
};

/**
 * A live view of a rollout over simulated envs on this thread (`armkit eval --view`): the page
 * (TokenPageServer: 127.0.0.1, everything under /TOKEN/) gets the scene once and then, from the
 * rollout's onStep, one frame per control step of every episode of every env, with the bodies'
 * poses after that step. A page that falls more than maxBacklog bytes behind misses frames, and
 * is told how many at the end, so a slow browser never holds the run's memory.
 */
export class LiveViewServer implements AsyncDisposable {
  private pages: TokenPageServer | null = null;
  private readonly poses: Float32Array;
  private readonly missed = new Map<WebSocket, number>();
  private connected: () => void = () => {};
  private readonly firstPage: Promise<void>;

  private constructor(
    private readonly physics: EnvPhysics[],
    private readonly shapes: SceneShapes,
    private readonly scene: LiveSceneMessage,
    private readonly maxBacklog: number,
    private readonly episodes: number,
  ) {
    this.poses = new Float32Array(7 * shapes.handles.length);
    this.firstPage = new Promise((resolve) => (this.connected = resolve));
  }

  /**
   * Listen.
   * @param maxSteps the episodes' length as the page shows it.
   * @throws InvalidArgumentError when the envs are not simulated ones on this thread; ResourceError when the port is taken.
   */
  static async start(vec: VectorEnv, maxSteps: number, options: LiveViewOptions = {}): Promise<LiveViewServer> {
    const physics = (vec.envs ?? []).map((e) => e.physics);
    if (!vec.envs || physics.some((p) => p === null)) {
      throw new InvalidArgumentError(`live view: expected simulated envs on this thread, got ${vec.envs ? 'an env without physics (a real arm)' : 'envs on worker threads'}`);
    }
    const shapes = sceneShapes(physics[0]!.scene);
    const scene: LiveSceneMessage = { type: 'scene', task: vec.spec.id, controlHz: vec.spec.controlHz, maxSteps, envs: vec.numEnvs, cameras: cameraViews(vec.spec.id), ...shapes };
    const self = new LiveViewServer(physics as EnvPhysics[], shapes, scene, options.maxBacklog ?? 32 * 1024 * 1024, options.episodes ?? Number.POSITIVE_INFINITY);
    self.pages = await TokenPageServer.start({
      port: options.port,
      token: options.token,
      name: 'armkit eval --view',
      files: FILES,
      // The page sends nothing.
      maxMessage: 1024,
      onSocket: (ws) => {
        self.missed.set(ws, 0);
        ws.on('close', () => self.missed.delete(ws));
        ws.send(JSON.stringify(self.scene));
        self.connected();
      },
    });
    return self;
  }

  /** The page's address, token included. */
  get url(): string {
    return this.pages!.url;
  }

  /** Resolves once a page has connected (the run waits for it, so the page sees every step). */
  waitForPage(): Promise<void> {
    return this.firstPage;
  }

  /** The rollout's onStep: send env `e.env`'s poses after this step. */
  onStep(e: StepEvent): void {
    if (e.episode >= this.episodes) return;
    const physics = this.physics[e.env]!;
    writeBodyPoses(physics.scene, this.shapes, this.poses, 0);
    const g = physics.goal;
    const frame: LiveFrameMessage = { type: 'frame', env: e.env, episode: e.episode, t: e.t, reward: e.reward, success: e.success, poses: Array.from(this.poses), goal: [g.x, g.y, g.z] };
    const text = JSON.stringify(frame);
    for (const [ws, missed] of this.missed) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > this.maxBacklog) this.missed.set(ws, missed + 1);
      else ws.send(text);
    }
  }

  /** The run is over: tell the pages, and wait until what was queued for them has gone out. */
  async finish(summary: string): Promise<void> {
    const sent = [...this.missed].map(
      ([ws, missed]) => new Promise<void>((resolve) => (ws.readyState === ws.OPEN ? ws.send(JSON.stringify({ type: 'done', summary, missed } satisfies LiveDoneMessage), () => resolve()) : resolve())),
    );
    await Promise.all(sent);
  }

  /** Drop every page, stop listening. */
  async close(): Promise<void> {
    await this.pages?.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
