import type { ControlMode } from '../robot/controllers/controller-config.js';
import { baseFrameBox } from '../robot/controllers/ee-delta-controller.js';
import type { Robot } from '../robot/robot.js';
import { ActionCodec } from './action-codec.js';
import { nowMs } from './clock.js';
import type { DriverObservation, DriverStatus, HoldReason, JointMoveOptions, SendResult } from './robot-driver.js';
import { EStopLatch } from './safety/estop-latch.js';
import type { SafetyConfig } from './safety/safety-config.js';
import { SafetyLayer } from './safety/safety-layer.js';

/**
 * What every driver runs between an action and the wire: driver state and state-age checks
 * (the watchdog), action decoding through the robot's controller, the safety layer, and the
 * bookkeeping of the action actually sent. Drivers only add transport.
 */
export class CommandGate {
  /** The decoder of the driver's control mode. */
  readonly codec: ActionCodec;
  /** The safety layer. */
  readonly safety: SafetyLayer;
  /** The e-stop latch. */
  readonly estop = new EStopLatch();
  /** Result object, reused by every call. */
  readonly result: SendResult;
  private readonly dt: number;
  private readonly lateMs: number;
  private readonly lastArm: Float64Array;
  private lastGripper = 0;
  private hasLast = false;
  private pendingJoint = false;
  private trip: 'estop' | 'stale-state' | null = null;

  /**
   * @param controllerBox world box the end-effector modes clamp their goals into (default: the
   * safety box; a simulated arm passes its task's workspace, as its plain env's controller has).
   */
  constructor(readonly robot: Robot, readonly config: SafetyConfig, mode: ControlMode, readonly controlHz: number, controllerBox: SafetyConfig['workspace'] = config.workspace) {
    this.codec = new ActionCodec(robot, mode, baseFrameBox(controllerBox, robot.description.rest.basePose.p));
    this.safety = new SafetyLayer(robot, config, this.codec.gripperRange);
    this.dt = 1 / controlHz;
    this.lateMs = 1000 / controlHz;
    // An e-stop disarms: after it is cleared the arm stays still until it is re-armed.
    this.estop.onTrigger(() => (this.trip = 'estop'));
    this.lastArm = new Float64Array(robot.chain.dof);
    this.result = {
      status: 'held',
      reason: 'no-state',
      action: new Float32Array(this.codec.size),
      armTarget: new Float64Array(robot.chain.dof),
      gripperTarget: 0,
      obsStamp: 0,
      obsReceivedAt: 0,
      sentAt: 0,
    };
  }

  /** New episode (or reconnect): forget the last command and restart the controller at the measured state. */
  reset(obs: DriverObservation): void {
    this.hasLast = false;
    this.codec.reset(obs.armQ, obs.gripperQ[0] ?? 0);
  }

  /**
   * Why the arm was disarmed since the last re-arm (an e-stop, a stale state stream), or null.
   * A tripped gate holds every command as not-armed; only the driver's rearm() clears it.
   */
  get tripped(): 'estop' | 'stale-state' | null {
    return this.trip;
  }

  /** The explicit re-arm: forget the trip and restart the controller at the measured state. */
  rearm(obs: DriverObservation): void {
    this.trip = null;
    this.reset(obs);
  }

  /**
   * Decode and check an action. Returns true when result.armTarget / gripperTarget must be sent
   * now (then onTime() just before the wire and sent() after); false when the command is held
   * (result says why).
   */
  prepareAction(action: ArrayLike<number>, obs: DriverObservation, status: DriverStatus): boolean {
    const r = this.result;
    if (!this.ready(obs, status)) return false;
    const check = this.codec.check(action);
    if (check !== 'ok') return this.hold(check, obs);
    r.gripperTarget = this.codec.decode(action, obs.armQ, r.armTarget);
    if (!this.pass(obs, this.config.velocityScale, action)) {
      this.codec.rollback();
      return false;
    }
    this.pendingJoint = false;
    return true;
  }

  /** Same as prepareAction for an absolute joint target (resets). */
  prepareJoint(armTarget: ArrayLike<number>, gripperTarget: number, obs: DriverObservation, status: DriverStatus, options: JointMoveOptions = {}): boolean {
    const r = this.result;
    if (!this.ready(obs, status)) return false;
    const n = this.robot.chain.dof;
    if (!armTarget || armTarget.length !== n) return this.hold('wrong-length', obs);
    for (let i = 0; i < n; i++) r.armTarget[i] = armTarget[i]!;
    r.gripperTarget = gripperTarget;
    // Joint targets are resets: they move at resetVelocityScale, or slower when asked.
    const scale = Math.min(options.velocityScale ?? this.config.resetVelocityScale, this.config.resetVelocityScale);
    if (!this.pass(obs, scale)) return false;
    this.pendingJoint = true;
    return true;
  }

  /**
   * The last check, at the wire (`at`, just before writing): false, and the command held, when the
   * newest state is older than one control period by then. Between two bursts of a real server
   * the arm stays armed; past maxStateAgeMs the stream counts as lost.
   */
  onTime(obs: DriverObservation, at: number): boolean {
    if (at - obs.receivedAt <= this.lateMs) return true;
    if (!this.pendingJoint) this.codec.rollback();
    return this.hold('late-state', obs);
  }

  /** Record that the prepared command went on the wire at `at`. */
  sent(at = nowMs()): SendResult {
    const r = this.result;
    r.sentAt = at;
    this.lastArm.set(r.armTarget);
    this.lastGripper = r.gripperTarget;
    this.hasLast = true;
    // The controller keeps the target really sent (target-delta modes build on it); a reset's starts it anew.
    if (this.pendingJoint) this.codec.reset(r.armTarget, r.gripperTarget);
    else this.codec.commit(r.armTarget, r.gripperTarget);
    return r;
  }

  private ready(obs: DriverObservation, status: DriverStatus): boolean {
    const r = this.result;
    r.obsStamp = obs.stamp;
    r.obsReceivedAt = obs.receivedAt;
    r.sentAt = 0;
    if (status === 'estopped' || this.estop.latched) return this.hold('estop', obs);
    if (status === 'disconnected' || status === 'connecting') return this.hold('disconnected', obs);
    if (status !== 'armed' || this.trip) return this.hold('not-armed', obs);
    if (obs.seq === 0) return this.hold('no-state', obs);
    if (nowMs() - obs.receivedAt > this.config.maxStateAgeMs) {
      // A stream gone stale is handled like a lost connection: the arm needs fresh state and an
      // explicit re-arm before it moves again.
      this.trip = 'stale-state';
      return this.hold('stale-state', obs);
    }
    return true;
  }

  /** Apply the safety layer; `given` is the action the target came from, which is what was applied when nothing clipped. */
  private pass(obs: DriverObservation, velocityScale: number, given?: ArrayLike<number>): boolean {
    const r = this.result;
    const verdict = this.safety.apply(obs.armQ, r.armTarget, this.dt, velocityScale);
    if (verdict === 'non-finite' || verdict === 'outside-limits' || verdict === 'outside-box') return this.hold(verdict, obs);
    const g = this.safety.clampGripper(r.gripperTarget);
    if (!Number.isFinite(g)) return this.hold('non-finite', obs);
    const clipped = verdict === 'clipped' || g !== r.gripperTarget;
    r.gripperTarget = g;
    r.reason = null;
    if (clipped || !given) {
      r.status = clipped ? 'clipped' : 'sent';
      this.codec.encode(r.armTarget, r.gripperTarget, obs.armQ, r.action);
      return true;
    }
    // The safety layer let it through: the robot was asked the given action as the controller
    // reads it, clamped into the action bounds (re-encoding it from the joint target would only
    // add rounding). A clamped entry makes the command clipped too.
    const { low, high } = this.codec;
    let clamped = false;
    for (let i = 0; i < r.action.length; i++) {
      const a = given[i]!;
      const c = a < low[i]! ? low[i]! : a > high[i]! ? high[i]! : a;
      clamped ||= c !== a;
      r.action[i] = c;
    }
    r.status = clamped ? 'clipped' : 'sent';
    return true;
  }

  private hold(reason: HoldReason, obs: DriverObservation): false {
    const r = this.result;
    r.status = 'held';
    r.reason = reason;
    r.sentAt = 0;
    if (this.hasLast) {
      r.armTarget.set(this.lastArm);
      r.gripperTarget = this.lastGripper;
    } else {
      r.armTarget.set(obs.armQ);
      r.gripperTarget = obs.gripperQ[0] ?? 0;
    }
    this.codec.encode(r.armTarget, r.gripperTarget, obs.armQ, r.action);
    for (let i = 0; i < r.action.length; i++) if (!Number.isFinite(r.action[i]!)) r.action[i] = 0;
    return false;
  }
}
