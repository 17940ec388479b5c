import type { Vec3 } from '../../math/vec3.js';
import { tolerance } from './tolerance.js';

/** Meta-World's soft AND of two rewards in [0, 1]. */
export function hamacherProduct(a: number, b: number): number {
  const denominator = a + b - a * b;
  return denominator > 0 ? (a * b) / denominator : 0;
}

/** What the caging reward reads: pads, TCP, object, where things started, the gripper effort. */
export interface CagingInput {
  /** Left and right pad positions (Meta-World's pad bodies; here the fingers' centres of mass). */
  pads: readonly [Vec3, Vec3];
  tcp: Vec3;
  obj: Vec3;
  objInit: Vec3;
  tcpInit: Vec3;
  /** The action's gripper entry (+1 closes). */
  gripperEffort: number;
}

/** Thresholds of one task's caging reward. */
export interface CagingSettings {
  objRadius: number;
  padSuccessThreshold: number;
  xzThreshold: number;
  /** Meta-World's high-density variant averages caging-and-gripping with caging. */
  highDensity: boolean;
  /** The effort that counts as fully closed (Meta-World's desired_gripper_effort, 1 by default). */
  desiredEffort?: number;
  /**
   * Meta-World's medium-density variant (the coffee tasks) averages caging-and-gripping with a
   * reach term, tolerance(TCP-object distance, inside this radius, margin their start distance
   * less it).
   */
  mediumDensityReach?: number;
}

/**
 * Meta-World's gripper caging reward: pads on both sides of the object along y (their distance
 * to it against the same distance at the object's start), the TCP over it in x-z, and the
 * gripper closing once it is caged; in [0, 1].
 */
export function gripperCagingReward(i: CagingInput, s: CagingSettings): number {
  const cagingLr = i.pads.map((pad) => {
    const toObj = Math.abs(pad.y - i.obj.y);
    const toObjInit = Math.abs(pad.y - i.objInit.y);
    return tolerance(toObj, s.objRadius, s.padSuccessThreshold, Math.abs(toObjInit - s.padSuccessThreshold));
  });
  const cagingY = hamacherProduct(cagingLr[0]!, cagingLr[1]!);
  const xzMargin = Math.hypot(i.objInit.x - i.tcpInit.x, i.objInit.z - i.tcpInit.z) - s.xzThreshold;
  const cagingXz = tolerance(Math.hypot(i.tcp.x - i.obj.x, i.tcp.z - i.obj.z), 0, s.xzThreshold, xzMargin);
  const desired = s.desiredEffort ?? 1;
  const closed = Math.min(Math.max(0, i.gripperEffort), desired) / desired;
  const caging = hamacherProduct(cagingY, cagingXz);
  const gripping = caging > 0.97 ? closed : 0;
  const cagingAndGripping = hamacherProduct(caging, gripping);
  if (s.highDensity) return (cagingAndGripping + caging) / 2;
  const r = s.mediumDensityReach;
  if (r === undefined) return cagingAndGripping;
  const startGap = Math.hypot(i.objInit.x - i.tcpInit.x, i.objInit.y - i.tcpInit.y, i.objInit.z - i.tcpInit.z);
  const reach = tolerance(Math.hypot(i.obj.x - i.tcp.x, i.obj.y - i.tcp.y, i.obj.z - i.tcp.z), 0, r, Math.abs(startGap - r));
  return (cagingAndGripping + reach) / 2;
}
