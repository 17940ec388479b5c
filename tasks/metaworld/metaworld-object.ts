import type { Rng } from '../../math/rng.js';
import type { Vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';

/** Where Meta-World's reach, push and pick-place put the hand at reset. */
export const HAND_INIT: Readonly<Vec3> = { x: 0, y: 0.6, z: 0.2 };

/** The object's bounding-box bounds of the object and goal draws of one task. */
export interface ResetBounds {
  objLow: Vec3;
  objHigh: Vec3;
  goalLow: Vec3;
  goalHigh: Vec3;
}

// Meta-World's "obj" of reach, push and pick-place: a cylinder of radius and half-height 0.02 m,
// 0.75 kg with its XML's diagonal inertia (about 5x a solid cylinder's, which keeps it upright
// when pushed), friction 1.
const RADIUS = 0.02;
const HALF_HEIGHT = 0.02;
const MASS = 0.75;
const INERTIA = 8.80012e-4;
const MIN_XY_SEPARATION = 0.15;

/** Add the task object, named "obj". */
export function addMetaWorldObject(scene: Scene): void {
  const inertia = { x: INERTIA, y: INERTIA, z: INERTIA };
  scene.addCylinder('obj', { radius: RADIUS, halfHeight: HALF_HEIGHT, mass: { mass: MASS, inertia }, friction: 1, pose: { p: { x: 0, y: 0.6, z: HALF_HEIGHT }, q: { w: 1, x: 0, y: 0, z: 0 } } });
}

/**
 * Meta-World's reset draw: object and goal coordinates uniform in their boxes, drawn again
 * together until their xy are at least `minSeparation` apart (0.15 m; peg-insert-side's 0.1).
 */
export function drawObjectAndGoal(rng: Rng, b: ResetBounds, obj: Vec3, goal: Vec3, minSeparation = MIN_XY_SEPARATION): void {
  do {
    drawUniform(rng, b.objLow, b.objHigh, obj);
    drawUniform(rng, b.goalLow, b.goalHigh, goal);
  } while (Math.hypot(obj.x - goal.x, obj.y - goal.y) < minSeparation);
}

function drawUniform(rng: Rng, low: Vec3, high: Vec3, target: Vec3): void {
  target.x = rng.uniform(low.x, high.x);
  target.y = rng.uniform(low.y, high.y);
  target.z = rng.uniform(low.z, high.z);
}
