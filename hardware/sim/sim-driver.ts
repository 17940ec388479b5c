import { copyPose } from '../../math/pose.js';
import type { ControlMode } from '../../robot/controllers/controller-config.js';
import type { Robot } from '../../robot/robot.js';
import type { SimEnv } from '../../tasks/sim-env.js';
import type { ObservationDict, StepInfo } from '../../tasks/env.js';
import { makeEnv } from '../../tasks/make-env.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import type { Wrapper } from '../../tasks/wrappers/wrapper.js';
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
} from '../robot-driver.js';
import type { EStopLatch } from '../safety/estop-latch.js';
import { SAFETY_DEFAULTS, type SafetyConfig } from '../safety/safety-config.js';

/** How a SimDriver is made. */
export interface SimDriverOptions {
  /** Registered task id, e.g. "PickCube-v1". */
  task: string;
  /** Control mode of sendAction (default: the task's). */
  controlMode?: ControlMode;
  /** Safety limits (default SAFETY_DEFAULTS). */
  safety?: SafetyConfig;
  /** Control rate, Hz (default 20; the sim runs 100 Hz physics). */
  controlHz?: number;
}

/**
 * The simulated arm as a RobotDriver: a task's Rapier scene stepped one control period per
 * command, behind the same command gate (watchdog, safety layer) as a real arm. Commands are
 * tracked by the scene directly, so what the safety layer passed is exactly what moves the arm.
 */
export class SimDriver implements RobotDriver {
  readonly name: string;
  readonly robot: Robot;
  readonly controlHz: number;
  readonly observationFeatures: readonly FeatureSpec[];
  readonly actionFeatures: ActionFeatures;
  private readonly env: SimEnv;
  private readonly gate: CommandGate;
  private readonly latest: DriverObservation;
  private readonly dict: ObservationDict = {};
  private readonly extraKeys: string[];
  private state: DriverStatus = 'disconnected';
  private seq = 0;
  private closed = false;

  constructor(options: SimDriverOptions) {
    const entry = TASKS.get(options.task);
    const controlMode = options.controlMode ?? entry.defaultControlMode;
    this.controlHz = options.controlHz ?? 20;
    const wrapped = makeEnv(options.task, { controlMode, obsMode: 'state_dict', sim: { simHz: 100 % this.controlHz === 0 ? 100 : this.controlHz * 5, controlHz: this.controlHz } });
    this.env = (wrapped as Wrapper).unwrapped as unknown as SimEnv;
    this.robot = this.env.robot;
    this.name = `sim:${options.task}`;
    this.gate = new CommandGate(this.robot, options.safety ?? SAFETY_DEFAULTS, controlMode, this.controlHz);
    const nq = this.robot.chain.dof + this.robot.description.gripperJoints.length;
    this.extraKeys = this.env.task.extraFields.map((f) => f.key).filter((k) => k !== 'tcp_pose');
    this.observationFeatures = [
      { key: 'qpos', size: nq },
      { key: 'qvel', size: nq },
      { key: 'tcp_pose', size: 7 },
      ...this.env.task.extraFields.filter((f) => f.key !== 'tcp_pose').map((f) => ({ key: f.key, size: f.size })),
    ];
    const c = this.gate.codec;
    this.actionFeatures = { controlMode, size: c.size, low: c.low, high: c.high };
    this.latest = createObservation(this.robot);
  }

  get status(): DriverStatus {
    return this.gate.estop.latched && this.state === 'armed' ? 'estopped' : this.state;
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
    this.gate.reset(this.latest);
    this.state = 'armed';
  }

  async resetScene(seed: number): Promise<void> {
    this.env.reset({ seed });
    this.refresh();
    this.gate.reset(this.latest);
  }

  evaluate(): StepInfo {
    return this.env.task.evaluate(this.env.scene);
  }

  private apply(): SendResult {
    const r = this.gate.result;
    this.env.scene.stepControl(r.armTarget, r.gripperTarget);
    this.gate.sent();
    this.refresh();
    return r;
  }

  private refresh(): void {
    const scene = this.env.scene;
    const o = this.latest;
    o.armQ.set(scene.arm.q);
    o.armQd.set(scene.arm.qvel);
    scene.arm.fingerState(o.gripperQ, o.gripperQd);
    copyPose(scene.arm.tcpWorld(), o.tcp);
    const info = this.env.task.evaluate(scene);
    this.env.task.observeExtra(scene, info, this.dict);
    for (const k of this.extraKeys) o.extras.set(k, this.dict[k]!);
    o.stamp = o.receivedAt = nowMs();
    o.seq = ++this.seq;
  }
}
