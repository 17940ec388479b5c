import { copyPose } from '../../math/pose.js';
import type { Robot } from '../../robot/robot.js';
import { makeSimEnv } from '../../tasks/make-env.js';
import type { SimEnv } from '../../tasks/sim-env.js';
import { nowMs } from '../clock.js';
import { CommandGate } from '../command-gate.js';
import { DriverStateError } from '../hardware-errors.js';
import {
  createObservation,
  copyObservation,
  type ActionFeatures,
  type DriverObservation,
  type DriverStatus,
  type FeatureSpec,
  type JointMoveOptions,
  type RobotDriver,
  type SendResult,
  type SimulatedRobot,
} from '../robot-driver.js';
import type { EStopLatch } from '../safety/estop-latch.js';
import { SAFETY_DEFAULTS, type SafetyConfig } from '../safety/safety-config.js';
import type { SimDriverConfig } from './sim-driver-config.js';

/** How a SimDriver is made: a sim driver config's fields (the task; its control mode and simSafety() box by default). */
export type SimDriverOptions = Omit<SimDriverConfig, 'driver'>;

// The end-effector controllers clamp their goal into the task's box and solve IK for it to
// within a few millimetres; the simulated arm itself keeps the TCP in the box while it tracks.
// The safety box is the task's, grown by this much so that IK's error on a goal already on the
// box's face is not taken for a breach.
const BOX_SLACK = 0.005;

/**
 * The safety limits of a simulated arm: the task's own workspace as the box and the URDF joint
 * limits themselves. The per-command step limits (joint and TCP) are those of the control mode: the simulated
 * arm enforces the URDF velocity limits as it tracks a target over the physics substeps, as the
 * plain env's arm does, so a target may be further than one period's travel (an IK jump) and
 * is reached over the next steps instead of being cut to one period.
 */
export function simSafety(workspace: SafetyConfig['workspace']): SafetyConfig {
  const m = BOX_SLACK;
  const box = { low: { x: workspace.low.x - m, y: workspace.low.y - m, z: workspace.low.z - m }, high: { x: workspace.high.x + m, y: workspace.high.y + m, z: workspace.high.z + m } };
  // The sim's state is the world itself, never stale: an OS pause between reading and sending
  // it (a loaded machine) must not void the episode.
  return { ...SAFETY_DEFAULTS, workspace: box, jointLimitMargin: 0, velocityScale: Infinity, maxRelativeTarget: Math.PI, maxTcpStep: Infinity, resetVelocityScale: Infinity, maxStateAgeMs: Infinity };
}

/**
 * The simulated arm as a RobotDriver: a task's Rapier scene at the task's own rates and
 * workspace, stepped one control period per command, behind the same command gate (watchdog,
 * safety layer) as a real arm. What the safety layer passed is exactly what moves the arm.
 */
export class SimDriver implements RobotDriver {
  readonly name: string;
  readonly robot: Robot;
  readonly controlHz: number;
  readonly observationFeatures: readonly FeatureSpec[];
  readonly actionFeatures: ActionFeatures;
  readonly sim: SimulatedRobot;
  private readonly env: SimEnv;
  private readonly gate: CommandGate;
  private readonly latest: DriverObservation;
  private state: DriverStatus = 'disconnected';
  private seq = 0;
  private closed = false;

  constructor(options: SimDriverOptions) {
    this.env = makeSimEnv(options.task, options.controlMode ? { controlMode: options.controlMode } : {});
    const controlMode = this.env.spec.controlMode;
    this.controlHz = this.env.spec.controlHz;
    this.robot = this.env.robot;
    this.name = `sim:${options.task}`;
    this.gate = new CommandGate(this.robot, options.safety ?? simSafety(this.env.scene.config.workspace), controlMode, this.controlHz, this.env.scene.config.workspace);
    const nq = this.robot.chain.dof + this.robot.description.gripperJoints.length;
    this.observationFeatures = [{ key: 'qpos', size: nq }, { key: 'qvel', size: nq }, { key: 'tcp_pose', size: 7 }];
    const c = this.gate.codec;
    this.actionFeatures = { controlMode, size: c.size, low: c.low, high: c.high };
    this.latest = createObservation(this.robot);
    this.sim = { task: this.env.task, world: this.env.world, physics: this.env, simHz: this.env.spec.simHz };
  }

  get status(): DriverStatus {
    if (this.state !== 'armed') return this.state;
    return this.gate.estop.latched ? 'estopped' : this.gate.tripped ? 'unarmed' : 'armed';
  }

  get estop(): EStopLatch {
    return this.gate.estop;
  }

  async connect(): Promise<void> {
    if (this.closed) throw new DriverStateError(`${this.name}: connect() after disconnect()`);
    if (this.state === 'armed') return;
    this.env.reset({ seed: 0 });
    this.refresh();
    this.gate.reset(this.latest);
    this.state = 'armed';
  }

  async disconnect(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.state = 'disconnected';
    this.env.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.disconnect();
  }

  getObservation(target: DriverObservation = createObservation(this.robot)): DriverObservation {
    this.latest.receivedAt = nowMs();
    return copyObservation(this.latest, target);
  }

  async waitForState(afterSeq: number): Promise<boolean> {
    return this.seq > afterSeq;
  }

  sendAction(action: ArrayLike<number>): SendResult {
    this.latest.receivedAt = nowMs();
    if (!this.gate.prepareAction(action, this.latest, this.status)) return this.gate.result;
    return this.apply();
  }

  sendJointTarget(armTarget: ArrayLike<number>, gripperTarget: number, options?: JointMoveOptions): SendResult {
    this.latest.receivedAt = nowMs();
    if (!this.gate.prepareJoint(armTarget, gripperTarget, this.latest, this.status, options)) return this.gate.result;
    return this.apply();
  }

  rearm(): void {
    if (this.closed || this.state === 'disconnected') throw new DriverStateError(`${this.name}: cannot re-arm, not connected`);
    if (this.gate.estop.latched) throw new DriverStateError(`${this.name}: cannot re-arm, e-stop latched (${this.gate.estop.reason}); clear it first`);
    this.gate.rearm(this.latest);
    this.state = 'armed';
  }

  async resetScene(seed: number): Promise<void> {
    this.env.reset({ seed });
    this.refresh();
    this.gate.reset(this.latest);
  }

  private apply(): SendResult {
    const r = this.gate.result;
    this.env.scene.stepControl(r.armTarget, r.gripperTarget);
    this.gate.sent();
    this.refresh();
    return r;
  }

  private refresh(): void {
    const w = this.env.world;
    w.refresh();
    const o = this.latest;
    o.armQ.set(w.armQ);
    o.armQd.set(w.armQd);
    o.gripperQ.set(w.fingerQ);
    o.gripperQd.set(w.fingerQd);
    copyPose(w.tcp, o.tcp);
    o.stamp = o.receivedAt = nowMs();
    o.seq = ++this.seq;
  }
}
