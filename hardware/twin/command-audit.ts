import { type Pose, pose } from '../../math/pose.js';
import type { Robot } from '../../robot/robot.js';
import type { SafetyConfig } from '../safety/safety-config.js';
import { SafetyLayer } from '../safety/safety-layer.js';

const EPS = 1e-9;
const HISTORY = 256;

/** What the audit checks commands against: the driver's safety limits and control rate. */
export interface AuditLimits {
  safety: SafetyConfig;
  controlHz: number;
  /** Finger target range, m. */
  gripper: { lower: number; upper: number };
}

/**
 * The twin's independent check of every command that reaches it, against the states it really
 * published: joint targets within the URDF limits, within the per-step limits of some recently
 * published state (at resetVelocityScale while a reset runs), TCP inside the box and within
 * maxTcpStep of that state's TCP. Used by tests to prove the driver's safety layer from the other
 * side of the wire.
 */
export class CommandAudit {
  /** Commands checked. */
  checked = 0;
  /** One line per violation (the first 100). */
  readonly violations: string[] = [];
  /** Violations counted. */
  violationCount = 0;
  /**
   * Set while a reset runs (the wire cannot tell a reset's joint targets from a policy's): joint
   * targets are then held to resetVelocityScale.
   */
  resetting = false;
  /** Joint targets checked as reset commands. */
  resetChecked = 0;
  private readonly layer: SafetyLayer;
  private readonly states: Float64Array[] = [];
  private readonly tcps: Pose[] = [];
  private readonly times = new Float64Array(HISTORY);
  private next = 0;
  private count = 0;
  private readonly tcp = pose();

  constructor(readonly robot: Robot, readonly limits: AuditLimits) {
    this.layer = new SafetyLayer(robot, limits.safety, limits.gripper);
    for (let i = 0; i < HISTORY; i++) {
      this.states.push(new Float64Array(robot.chain.dof));
      this.tcps.push(pose());
    }
  }

  /** Remember a published state. */
  published(q: ArrayLike<number>, at: number): void {
    const k = this.next;
    this.states[k]!.set(q);
    this.layer.tcpWorld(q, this.tcps[k]!);
    this.times[k] = at;
    this.next = (k + 1) % HISTORY;
    this.count = Math.min(HISTORY, this.count + 1);
  }

  /** Check an arm joint target that arrived at `at`. */
  jointTarget(target: ArrayLike<number>, at: number, what: string): void {
    this.checked++;
    const chain = this.robot.chain;
    for (let i = 0; i < chain.dof; i++) {
      const t = target[i]!;
      if (!Number.isFinite(t)) return this.flag(`${what}: joint ${i} target ${t} is not finite`);
      if (t < chain.lower[i]! - EPS || t > chain.upper[i]! + EPS) return this.flag(`${what}: joint ${i} target ${t} outside [${chain.lower[i]}, ${chain.upper[i]}]`);
    }
    const tcp = this.layer.tcpWorld(target, this.tcp);
    if (!this.layer.inBox(this.grow(tcp))) return this.flag(`${what}: TCP (${tcp.p.x}, ${tcp.p.y}, ${tcp.p.z}) outside the workspace box`);
    const dt = 1 / this.limits.controlHz;
    const scale = this.resetting ? this.limits.safety.resetVelocityScale : this.limits.safety.velocityScale;
    if (this.resetting) this.resetChecked++;
    const ok = this.someRecent(at, (k) => {
      const s = this.states[k]!;
      for (let i = 0; i < chain.dof; i++) if (Math.abs(target[i]! - s[i]!) > this.layer.maxStep(i, dt, scale) + EPS) return false;
      return this.tcpStepOk(tcp, k);
    });
    if (!ok) this.flag(`${what}: target is beyond the per-step limits${this.resetting ? ' at the reset speed' : ''} of every recently published state`);
  }

  /** Check a TCP pose target (world frame) that arrived at `at`. */
  poseTarget(world: Pose, at: number, what: string): void {
    this.checked++;
    if (![world.p.x, world.p.y, world.p.z].every(Number.isFinite)) return this.flag(`${what}: pose is not finite`);
    if (!this.layer.inBox(this.grow(world))) return this.flag(`${what}: pose (${world.p.x}, ${world.p.y}, ${world.p.z}) outside the workspace box`);
    if (!this.someRecent(at, (k) => this.tcpStepOk(world, k))) this.flag(`${what}: pose is further than maxTcpStep from every recently published TCP`);
  }

  /** Check a finger target. */
  gripperTarget(target: number, what: string): void {
    this.checked++;
    const g = this.limits.gripper;
    if (!(target >= g.lower - EPS && target <= g.upper + EPS)) this.flag(`${what}: finger target ${target} outside [${g.lower}, ${g.upper}]`);
  }

  private tcpStepOk(p: Pose, k: number): boolean {
    const s = this.tcps[k]!.p;
    return Math.hypot(p.p.x - s.x, p.p.y - s.y, p.p.z - s.z) <= this.limits.safety.maxTcpStep + EPS;
  }

  private someRecent(at: number, test: (k: number) => boolean): boolean {
    const window = this.limits.safety.maxStateAgeMs + 100;
    for (let j = 1; j <= this.count; j++) {
      const k = (this.next - j + HISTORY) % HISTORY;
      if (at - this.times[k]! > window) break;
      if (test(k)) return true;
    }
    return false;
  }

  // The box test with EPS of slack, on a copy.
  private grow(p: Pose): Pose {
    const { low, high } = this.limits.safety.workspace;
    const c = p;
    const clamp = (v: number, lo: number, hi: number) => (v < lo && v > lo - EPS ? lo : v > hi && v < hi + EPS ? hi : v);
    return { p: { x: clamp(c.p.x, low.x, high.x), y: clamp(c.p.y, low.y, high.y), z: clamp(c.p.z, low.z, high.z) }, q: c.q };
  }

  private flag(line: string): void {
    this.violationCount++;
    if (this.violations.length < 100) this.violations.push(line);
  }
}
