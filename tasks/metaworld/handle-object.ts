import type { Quat } from '../../math/quat.js';
import type { Vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';

/**
 * Meta-World's handle press (handle_press.xml in sawyer_handle_press.xml and
 * sawyer_handle_press_sideways.xml), added as the jointed object "handle" (its housing
 * "handle-base"). The housing's frame is the XML's "box" body, on the table; the handle
 * (handle_link: a lever out of the housing's front, -y, and a grip across its end) sits at (0,
 * -0.05, 0.15) in it and slides along z over the XML's [-0.1, 0] m, damping 30 N s/m, 0.002 kg
 * (its two collision geoms' 0.001 kg each; the compiler's inertiagrouprange 4-5 leaves the visual
 * meshes out; here the handle is heavier: see addHandlePress). The housing's three collision
 * meshes are stacks of boxes, the grip's cylinder (radius 0.022, along x) a box.
 * The sideways XML turns the box 1.57 rad about z: the lever then points along +x.
 */
export const HANDLE_AT: Readonly<Vec3> = { x: 0, y: -0.05, z: 0.15 };
/** The handle's travel, m (the XML's range [-0.1, 0]). */
export const HANDLE_TRAVEL = 0.1;

/** The XML's sites on the handle, in its frame. */
export const HANDLE_SITES = {
  /** On top of the grip's middle. */
  start: { x: 0, y: -0.166, z: 0.022 },
  /** Near the grip's +x end, 8 mm below its top. */
  right: { x: 0.05, y: -0.166, z: 0.014 },
  /** The lever's middle. */
  center: { x: 0, y: -0.12, z: 0 },
} as const satisfies Record<string, Vec3>;

/** The XML's goal sites, in the box's frame. */
export const HANDLE_GOALS = {
  press: { x: 0, y: -0.216, z: 0.075 },
  pull: { x: 0, y: -0.216, z: 0.172 },
} as const satisfies Record<string, Vec3>;

/** The sideways XML's turn of the box (euler 0 0 1.57). */
export const HANDLE_SIDEWAYS: Readonly<Quat> = { w: Math.cos(0.785), x: 0, y: 0, z: Math.sin(0.785) };
const UPRIGHT: Quat = { w: 1, x: 0, y: 0, z: 0 };

const box = (hx: number, hy: number, hz: number, x: number, y: number, z: number): BoxPart => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y, z }, q: UPRIGHT } });
// The housing's side blocks (x 0.034 to 0.086 either side) and centre block (x within 0.035,
// from y -0.055 back) run to y 0.11 and z 0.22, their front top edge rounded: each is a stack of
// boxes stepping back with height along that curve (the meshes' vertices: 0.1 m high at the
// front, y -0.11; 0.14 at -0.1; 0.18 at -0.08; 0.2 at -0.06), and the bottom box under the lever.
const FRONT_STEPS: readonly (readonly [front: number, bottom: number, top: number])[] = [
  [-0.11, 0, 0.12],
  [-0.095, 0.12, 0.165],
  [-0.08, 0.165, 0.2],
  [-0.05, 0.2, 0.2197],
];
const BACK = 0.11;
const blocks = (x0: number, x1: number, front: number): BoxPart[] =>
  FRONT_STEPS.map(([f, z0, z1]) => {
    const y0 = Math.max(f, front);
    return box((x1 - x0) / 2, (BACK - y0) / 2, (z1 - z0) / 2, (x0 + x1) / 2, (BACK + y0) / 2, (z0 + z1) / 2);
  });
const HOUSING: BoxPart[] = [...blocks(0.0343, 0.0863, -0.11), ...blocks(-0.0867, -0.0347, -0.11), ...blocks(-0.0352, 0.0347, -0.0546), box(0.035, 0.028, 0.014, 0, -0.082, 0.014)];
const HANDLE: BoxPart[] = [box(0.032, 0.075, 0.011, 0, -0.081, 0), box(0.07, 0.022, 0.022, 0, -0.166, 0)];

const MASS = 0.25;
const DAMPING = 30;

/**
 * Add the handle press at the XML's default position (0, 0.88, 0), turned by `q`, the handle up.
 * The handle is 0.25 kg, not the XML's 2 g, and weightless, with the XML's damping (30 N s/m) on
 * its joint. Rapier's joint motor, solved on the handle alone, damps at most its mass / dt: 0.8
 * N s/m at 2 g (the handle sank 24 mm/s under its own weight, where MuJoCo's sinks 0.65), while
 * at 0.25 kg it gives the XML's 30 (measured 30.0 under a steady 5 N); and the Panda's 0.5 kg
 * fingers shutting on a 2 g or 0.1 kg lever knocked it about on its joint, so grasps chattered
 * and slipped. Its weight is left out (0.02 N in MuJoCo, 4 mm of sinking an episode): at 0.25 kg
 * it would sink the handle 8 cm/s against the damping. What remains different is its inertia: a
 * handle set moving at the hand's full 0.8 m/s in one control step takes 16 N beyond the 24 N
 * of damping.
 */
export function addHandlePress(scene: Scene, q: Quat = UPRIGHT): void {
  const handle = scene.addJointed('handle', {
    pose: { p: { x: 0, y: 0.88, z: 0 }, q },
    base: HOUSING,
    movingAt: HANDLE_AT,
    moving: HANDLE,
    // MuJoCo's compiled inertia (its principal axes are the handle's to within the lever's tilt).
    mass: { mass: MASS, centre: { x: 0, y: -0.1235, z: 0 }, inertia: { x: 7.583e-6 * (MASS / 0.002), y: 5.77e-6 * (MASS / 0.002), z: 2.136e-6 * (MASS / 0.002) } },
    joint: { type: 'prismatic', axis: { x: 0, y: 0, z: 1 }, range: [-HANDLE_TRAVEL, 0], damping: DAMPING },
    friction: 1,
  });
  handle.setGravityScale(0, true);
}

/** Put the box at `at` (Meta-World's rand_vec), turned by `q`, with the handle at `q0` m. */
export function placeHandlePress(scene: Scene, at: Vec3, q: Quat, q0: number): void {
  scene.placeJointed('handle', { p: { x: at.x, y: at.y, z: at.z }, q });
  scene.setJointPosition('handle', q0);
}

/** A point given in the box's frame, in the world for the box at `at` turned by `q` (about z), into `target`. */
export function boxPoint(at: Vec3, q: Quat, local: Vec3, target: Vec3): Vec3 {
  // A turn about z: c = cos, s = sin of the angle.
  const c = q.w * q.w - q.z * q.z;
  const s = 2 * q.w * q.z;
  target.x = at.x + c * local.x - s * local.y;
  target.y = at.y + s * local.x + c * local.y;
  target.z = at.z + local.z;
  return target;
}
