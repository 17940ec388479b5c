import type { Vec3 } from '../../math/vec3.js';
import type { TaskWorld } from '../task-world.js';

// ManiSkill's Actor.is_static defaults: at most 1 cm/s and 0.5 rad/s.
const STATIC_LINEAR = 1e-2;
const STATIC_ANGULAR = 0.5;

/**
 * Whether object `name` is at rest, as ManiSkill's `is_static(1e-2, 0.5)` asks. `linear` and
 * `angular` are scratch the object's velocity is written into (so nothing is allocated).
 */
export function isObjectStatic(world: TaskWorld, name: string, linear: Vec3, angular: Vec3): boolean {
  world.objectVelocity(name, linear, angular);
  return Math.hypot(linear.x, linear.y, linear.z) <= STATIC_LINEAR && Math.hypot(angular.x, angular.y, angular.z) <= STATIC_ANGULAR;
}

/** Whether every arm joint turns no faster than the robot's static threshold (rad/s). */
export function isRobotStatic(world: TaskWorld): boolean {
  let maxQvel = 0;
  for (const v of world.armQd) maxQvel = Math.max(maxQvel, Math.abs(v));
  return maxQvel <= world.robot.description.staticThreshold;
}

/**
 * ManiSkill's reward for an object coming to rest, in [0, 1]: 1 - tanh(10 |v| + |w|). `linear`
 * and `angular` are scratch, as in isObjectStatic.
 */
export function stillnessReward(world: TaskWorld, name: string, linear: Vec3, angular: Vec3): number {
  world.objectVelocity(name, linear, angular);
  return 1 - Math.tanh(10 * Math.hypot(linear.x, linear.y, linear.z) + Math.hypot(angular.x, angular.y, angular.z));
}
