import type { WebSocket } from 'ws';
import { InvalidArgumentError } from '../errors.js';
import { createObservation, type DriverObservation, type RobotDriver, type SendResult } from '../hardware/robot-driver.js';
import { sceneShapes, writeBodyPoses, type SceneShapes } from '../render/scene-shapes.js';
import type { StepEvent } from '../rollout/rollout.js';
import type { EnvPhysics } from '../tasks/env.js';
import type { VectorEnv } from '../tasks/vector-env.js';
import { cameraViews, type CameraView } from './camera-views.js';
import { RobotStatePoser } from './robot-state-poser.js';
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
  /** The command the page names (its title line and the server's errors). */
  name?: string;
}

/** What a page gets once on connecting: the scene description (every env's is the same) and the run's shape. */
export interface LiveSceneMessage extends SceneShapes {
  type: 'scene';
  /** 'sim': frames are `frame` messages of the sim's bodies; 'robot': `robot` messages of a real arm's measured state. */
  source: 'sim' | 'robot';
  /** The robot's name (the driver's, e.g. ros:ws://robot:9090) on a real arm. */
  robot?: string;
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

/**
 * One control step on a real arm: the measured joints (the driver's newest joint state after the
 * step) posed as the robot's shapes, the commanded target as a second pose set, and what the
 * safety layer did with the command.
 */
export interface LiveRobotFrameMessage {
  type: 'robot';
  env: number;
  episode: number;
  t: number;
  reward: number;
  success: boolean;
  /** Measured arm joint positions, rad, and finger positions, m (the joint state message's values). */
  q: number[];
  gripper: number[];
  /** The joint state's robot stamp (epoch ms) and its sequence number at the driver. */
  stamp: number;
  seq: number;
  /** The commanded arm joint target and finger target (after the safety layer; the last sent one when held). */
  target: number[];
  gripperTarget: number;
  /** sent, clipped (the safety layer moved it) or held (nothing sent; `reason` says why). */
  status: SendResult['status'];
  reason: SendResult['reason'];
  /** A human drove this step (deploy's override). */
  intervention: boolean;
  /** Every body's pose at the measured joints, and at the commanded target (7 numbers each). */
  poses: number[];
  targetPoses: number[];
  /** The commanded TCP position (drawn where the goal marker is in a sim view). */
  goal: [number, number, number];
}

/** An episode attempt given up (an e-stop, a lost stream): marked on the page's timeline. */
export interface LiveInterruptMessage {
  type: 'interrupt';
  episode: number;
  /** Steps the attempt had run. */
  t: number;
  reason: string;
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
 * is told how many at the end, so a slow browser never holds the run's memory. On a real arm
 * (startRobot) the frames are `robot` messages: the measured joint state drawn as the robot, the
 * commanded target, and the safety layer's verdict, which the page marks on a timeline.
 */
export class LiveViewServer implements AsyncDisposable {
  private pages: TokenPageServer | null = null;
  private readonly poses: Float32Array;
  private readonly targetPoses: Float32Array;
  private readonly missed = new Map<WebSocket, number>();
  private connected: () => void = () => {};
  private readonly firstPage: Promise<void>;
  private readonly state: DriverObservation | null;
  // Steps each episode has run, for the interrupt marks.
  private readonly lastT = new Map<number, number>();
  private closed = false;

  private constructor(
    private readonly physics: EnvPhysics[],
    private readonly shapes: SceneShapes,
    private readonly scene: LiveSceneMessage,
    private readonly maxBacklog: number,
    private readonly episodes: number,
    private readonly robot: { driver: RobotDriver; lastSend: () => SendResult | null; poser: RobotStatePoser } | null = null,
  ) {
    this.poses = new Float32Array(7 * shapes.handles.length);
    this.targetPoses = new Float32Array(robot ? 7 * shapes.handles.length : 0);
    this.state = robot ? createObservation(robot.driver.robot) : null;
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
    const scene: LiveSceneMessage = { type: 'scene', source: 'sim', task: vec.spec.id, controlHz: vec.spec.controlHz, maxSteps, envs: vec.numEnvs, cameras: cameraViews(vec.spec.id), ...shapes };
    const self = new LiveViewServer(physics as EnvPhysics[], shapes, scene, options.maxBacklog ?? 32 * 1024 * 1024, options.episodes ?? Number.POSITIVE_INFINITY);
    await self.listen(options);
    return self;
  }

  /**
   * Listen for a run on a real arm (`armkit deploy --view` on a ROS robot): each onStep sends the
   * driver's newest joint state, posed by forward kinematics on the robot's shapes, with the last
   * command (`lastSend`, RobotEnv's) and its safety verdict.
   * @param taskId the task the robot runs (the page's title).
   * @throws ResourceError when the port is taken.
   */
  static async startRobot(driver: RobotDriver, lastSend: () => SendResult | null, taskId: string, maxSteps: number, options: LiveViewOptions = {}): Promise<LiveViewServer> {
    const poser = new RobotStatePoser(driver.robot);
    const shapes = poser.shapes;
    const scene: LiveSceneMessage = { type: 'scene', source: 'robot', robot: driver.name, task: taskId, controlHz: driver.controlHz, maxSteps, envs: 1, cameras: [], ...shapes };
    const self = new LiveViewServer([], shapes, scene, options.maxBacklog ?? 32 * 1024 * 1024, options.episodes ?? Number.POSITIVE_INFINITY, { driver, lastSend, poser });
    try {
      await self.listen(options);
    } catch (e) {
      poser[Symbol.dispose]();
      throw e;
    }
    return self;
  }

  private async listen(options: LiveViewOptions): Promise<void> {
    this.pages = await TokenPageServer.start({
      port: options.port,
      token: options.token,
      name: options.name ?? 'armkit eval --view',
      files: FILES,
      // The page sends nothing.
      maxMessage: 1024,
      onSocket: (ws) => {
        this.missed.set(ws, 0);
        ws.on('close', () => this.missed.delete(ws));
        ws.send(JSON.stringify(this.scene));
        this.connected();
      },
    });
  }

  /** The page's address, token included. */
  get url(): string {
    return this.pages!.url;
  }

  /** Resolves once a page has connected (the run waits for it, so the page sees every step). */
  waitForPage(): Promise<void> {
    return this.firstPage;
  }

  /** The rollout's onStep: send env `e.env`'s poses after this step (a real arm's measured state and command). */
  onStep(e: StepEvent): void {
    if (e.episode >= this.episodes) return;
    this.lastT.set(e.episode, e.t);
    if (this.robot) return this.broadcast(JSON.stringify(this.robotFrame(e)));
    const physics = this.physics[e.env]!;
    writeBodyPoses(physics.scene, this.shapes, this.poses, 0);
    const g = physics.goal;
    const frame: LiveFrameMessage = { type: 'frame', env: e.env, episode: e.episode, t: e.t, reward: e.reward, success: e.success, poses: Array.from(this.poses), goal: [g.x, g.y, g.z] };
    this.broadcast(JSON.stringify(frame));
  }

  /** The rollout's onInterrupt: mark the attempt of `episode` given up, and why, on the pages' timelines. */
  onInterrupt(episode: number, reason: string): void {
    const msg: LiveInterruptMessage = { type: 'interrupt', episode, t: this.lastT.get(episode) ?? -1, reason };
    // The retry starts its steps again.
    this.lastT.delete(episode);
    this.broadcast(JSON.stringify(msg));
  }

  private robotFrame(e: StepEvent): LiveRobotFrameMessage {
    const { driver, lastSend, poser } = this.robot!;
    const s = driver.getObservation(this.state!);
    const sent = lastSend();
    const target = sent ? sent.armTarget : s.armQ;
    const gripperTarget = sent ? sent.gripperTarget : s.gripperQ[0] ?? 0;
    poser.pose(target, gripperTarget, this.targetPoses);
    const goal = poser.tcp(target);
    // Last, so that the poser's arm is left at the measured joints.
    poser.pose(s.armQ, s.gripperQ[0] ?? 0, this.poses);
    return {
      type: 'robot', env: e.env, episode: e.episode, t: e.t, reward: e.reward, success: e.success,
      q: Array.from(s.armQ), gripper: Array.from(s.gripperQ), stamp: s.stamp, seq: s.seq,
      target: Array.from(target), gripperTarget,
      status: sent?.status ?? 'held', reason: sent ? sent.reason : 'no-state',
      intervention: e.intervention,
      poses: Array.from(this.poses), targetPoses: Array.from(this.targetPoses), goal,
    };
  }

  private broadcast(text: string): void {
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
    if (this.closed) return;
    this.closed = true;
    await this.pages?.close();
    this.robot?.poser[Symbol.dispose]();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
