import { type Pose, copyPose, pose } from '../math/pose.js';
import type { ControlMode } from '../robot/controllers/controller-config.js';
import type { Robot } from '../robot/robot.js';
import type { EnvPhysics } from '../tasks/env.js';
import type { Task } from '../tasks/task.js';
import type { TaskWorld } from '../tasks/task-world.js';
import type { EStopLatch } from './safety/estop-latch.js';

/**
 * One measured state of the arm. Drivers write into a caller-owned object so the control loop
 * allocates nothing per step; copy what must outlive the next call.
 */
export interface DriverObservation {
  /** Arm joint positions, rad, in the robot description's armJoints order. */
  armQ: Float64Array;
  /** Arm joint velocities, rad/s. */
  armQd: Float64Array;
  /** Finger joint positions, m, in gripperJoints order. */
  gripperQ: Float64Array;
  /** Finger joint velocities, m/s. */
  gripperQd: Float64Array;
  /** TCP pose in the world frame (forward kinematics of armQ). */
  tcp: Pose;
  /** Named task observations beyond the joints (object pose, goal), by observation key. */
  extras: Map<string, Float32Array>;
  /** The robot's stamp of this state, epoch ms. */
  stamp: number;
  /** When this machine received it, epoch ms (hardware/clock.ts). */
  receivedAt: number;
  /** 1 for the first state, +1 for each new one; 0 before any. */
  seq: number;
}

/** A fresh, zeroed observation for a robot. */
export function createObservation(robot: Robot): DriverObservation {
  const n = robot.chain.dof;
  const f = robot.description.gripperJoints.length;
  return {
    armQ: new Float64Array(n),
    armQd: new Float64Array(n),
    gripperQ: new Float64Array(f),
    gripperQd: new Float64Array(f),
    tcp: pose(),
    extras: new Map(),
    stamp: 0,
    receivedAt: 0,
    seq: 0,
  };
}

/** Copy `src` into `dst` (extras arrays are copied into dst's arrays, made on first use). */
export function copyObservation(src: DriverObservation, dst: DriverObservation): DriverObservation {
  dst.armQ.set(src.armQ);
  dst.armQd.set(src.armQd);
  dst.gripperQ.set(src.gripperQ);
  dst.gripperQd.set(src.gripperQd);
  copyPose(src.tcp, dst.tcp);
  for (const [key, value] of src.extras) {
    let d = dst.extras.get(key);
    if (!d || d.length !== value.length) dst.extras.set(key, (d = new Float32Array(value.length)));
    d.set(value);
  }
  dst.stamp = src.stamp;
  dst.receivedAt = src.receivedAt;
  dst.seq = src.seq;
  return dst;
}

/** A named slice of what a driver observes. */
export interface FeatureSpec {
  key: string;
  size: number;
}

/** What sendAction takes: an action of a ManiSkill control mode. */
export interface ActionFeatures {
  controlMode: ControlMode;
  size: number;
  low: Float32Array;
  high: Float32Array;
}

/**
 * Where a driver stands. Commands go out only when `armed`: connected, with fresh state, no
 * latched e-stop, and armed explicitly after connecting or after any connection loss.
 */
export type DriverStatus = 'disconnected' | 'connecting' | 'unarmed' | 'armed' | 'estopped';

/**
 * Why a command was not sent; the robot then keeps tracking its last safe target. `late-state`:
 * the newest joint state is older than one control period (still armed); `stale-state`: older
 * than safety.maxStateAgeMs, the stream counts as lost and the arm is disarmed.
 */
export type HoldReason =
  | 'non-finite'
  | 'wrong-length'
  | 'no-state'
  | 'late-state'
  | 'stale-state'
  | 'disconnected'
  | 'not-armed'
  | 'estop'
  | 'outside-limits'
  | 'outside-box';

/** What sendAction did. The object is reused by the driver's next call. */
export interface SendResult {
  /** sent as asked, sent after clipping, or nothing sent. */
  status: 'sent' | 'clipped' | 'held';
  /** Why nothing was sent (null unless held). */
  reason: HoldReason | null;
  /**
   * The action actually applied, in the action space: the clipped command re-expressed, or,
   * when held, the last command the robot still tracks re-expressed against the current state.
   */
  action: Float32Array;
  /** Arm joint target of the command (the last one sent when held). */
  armTarget: Float64Array;
  /** Finger target of the command, m. */
  gripperTarget: number;
  /** Stamp of the observation the command was computed from, epoch ms. */
  obsStamp: number;
  /** When that observation was received, epoch ms. */
  obsReceivedAt: number;
  /** When the command was handed to the wire, epoch ms (0 when held). */
  sentAt: number;
}

/** Options of a joint-space move (resets). */
export interface JointMoveOptions {
  /** Fraction of the URDF velocity limits, replacing the safety config's resetVelocityScale when smaller. */
  velocityScale?: number;
}

/**
 * A robot arm armkit can command: the simulated arm or a real one. Every command passes the
 * same safety layer last, and sendAction returns the action actually sent (LeRobot's contract).
 * Dispose with `await using` or disconnect().
 */
export interface RobotDriver extends AsyncDisposable {
  /** For messages and recordings, e.g. "sim:PickCube-v1" or "ros:ws://robot:9090". */
  readonly name: string;
  /** The robot description and kinematics. */
  readonly robot: Robot;
  /** Control rate the safety limits are computed for, Hz. */
  readonly controlHz: number;
  /** What getObservation fills: qpos, qvel, tcp_pose, then extras. */
  readonly observationFeatures: readonly FeatureSpec[];
  /** What sendAction takes. */
  readonly actionFeatures: ActionFeatures;
  /** Where the driver stands. */
  readonly status: DriverStatus;
  /** The e-stop latch; triggering it stops commands until cleared and re-armed. */
  readonly estop: EStopLatch;
  /** Connect, wait for the first state and arm. @throws ConnectionError on timeout. */
  connect(): Promise<void>;
  /** Stop commanding and close. Safe to call twice. */
  disconnect(): Promise<void>;
  /** The latest state, written into `target`. */
  getObservation(target?: DriverObservation): DriverObservation;
  /** Resolve true once a state newer than `afterSeq` arrives, false after `timeoutMs`. */
  waitForState(afterSeq: number, timeoutMs: number): Promise<boolean>;
  /** Send one action of actionFeatures' control mode, through the safety layer. Never throws for bad action values: it holds. */
  sendAction(action: ArrayLike<number>): SendResult;
  /** Send an absolute arm joint target and finger target (resets), through the same safety layer. */
  sendJointTarget(armTarget: ArrayLike<number>, gripperTarget: number, options?: JointMoveOptions): SendResult;
  /** Resume commanding after a connection loss or a cleared e-stop. @throws DriverStateError naming what is missing. */
  rearm(): void;
  /** Put the scene back for a new episode when the robot side can (sim, twin). */
  resetScene?(seed: number): Promise<void>;
  /** A simulated arm's task, its exact world, physics and rate: a robot with perfect perception. */
  readonly sim?: SimulatedRobot;
}

/** What a simulated arm exposes beyond a real one. */
export interface SimulatedRobot {
  /** The task the scene was built for; its goal and episode state are the scene's. */
  readonly task: Task;
  /** The task's exact view of the scene. */
  readonly world: TaskWorld;
  readonly physics: EnvPhysics;
  /** Physics rate, Hz. */
  readonly simHz: number;
}
