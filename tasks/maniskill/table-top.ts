import type { Rng } from '../../math/rng.js';
import type { Scene } from '../../sim/scene.js';

/**
 * ManiSkill's table-top robot initialization: the rest keyframe (or a task's own, as PushT-v1
 * sets for panda_stick) with Gaussian noise of `noise` rad on each arm joint (fingers untouched),
 * clamped into the joint limits.
 */
export function initializeTableTopRobot(scene: Scene, rng: Rng, noise = 0.02, rest: readonly number[] = scene.robot.description.rest.qpos): void {
  const chain = scene.robot.chain;
  const q = new Float64Array(chain.dof);
  for (let i = 0; i < chain.dof; i++) q[i] = rest[i]! + rng.normal(0, noise);
  chain.clamp(q);
  scene.arm.teleport(q, rest[chain.dof] ?? 0);
}

/** Yaw (rad) of a wxyz quaternion about world z. */
export function yawOf(w: number, x: number, y: number, z: number): number {
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}
