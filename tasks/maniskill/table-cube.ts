import { fromAxisAngle } from '../../math/quat.js';
import type { Rng } from '../../math/rng.js';
import type { Vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';

/** Half size of the 4 cm cube of PickCube-v1, PushCube-v1 and PullCube-v1, m. */
export const CUBE_HALF_SIZE = 0.02;
/** Those tasks' cube (and goal) xy is drawn uniform in [-0.1, 0.1]^2. */
export const SPAWN_HALF_RANGE = 0.1;
const Z_AXIS: Vec3 = { x: 0, y: 0, z: 1 };

/**
 * Add those tasks' cube to a fresh scene as object 'cube', resting on the table at the origin.
 * Its friction is 1: the scripted experts' contacts were tuned with it (ManiSkill's default is 0.3).
 */
export function addTableCube(scene: Scene): void {
  const h = CUBE_HALF_SIZE;
  scene.addBox('cube', { halfExtents: { x: h, y: h, z: h }, pose: { p: { x: 0, y: 0, z: h }, q: { w: 1, x: 0, y: 0, z: 0 } }, friction: 1 });
}

/**
 * Put the cube flat on the table at an xy drawn from `rng`, turned by a uniform yaw drawn after
 * it when `turned` (PickCube-v1), axis-aligned otherwise; the xy drawn is written to `target`.
 */
export function placeTableCube(scene: Scene, rng: Rng, turned: boolean, target: Vec3): Vec3 {
  const r = SPAWN_HALF_RANGE;
  target.x = rng.uniform(-r, r);
  target.y = rng.uniform(-r, r);
  target.z = CUBE_HALF_SIZE;
  const q = turned ? fromAxisAngle(Z_AXIS, rng.uniform(0, 2 * Math.PI)) : { w: 1, x: 0, y: 0, z: 0 };
  scene.placeObject('cube', { p: { x: target.x, y: target.y, z: CUBE_HALF_SIZE }, q });
  return target;
}
