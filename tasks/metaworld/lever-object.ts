import type { Vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';

/**
 * Meta-World's lever (lever.xml in sawyer_lever_pull.xml), added as the jointed object "lever"
 * (its stand "lever-base"). The stand's origin is the drawn position, on the table; its collision
 * geoms (a post, a drum along x at the top, a foot) are boxes of the same extent. The lever
 * (lever_link1) turns about +x at (0.12, 0, 0.25): at 0 its rod points at the robot (-y) with the
 * handle, a ball of radius 0.03, at its end 0.2 m out; a negative turn swings the handle up. Its
 * collision geoms (hub, rod, ball, axle) are boxes of the same extent. Damping 2 N m s.
 *
 * The XML limits the turn to [0, 1.57] (downward only), and Meta-World's success is the lever
 * turned up to -1.57 (±pi/24): measured in MuJoCo 3.3.8 on Meta-World's own XML and policy
 * (mujoco-js, 5 lever positions), the hand drives the light lever through its soft stop on every
 * run, through the success window, to between -1.96 and -5.2 rad. Rapier's stop is hard and the
 * hand kinematic, so the stop here is at -pi (LEVER_UP_STOP), past the window.
 *
 * Mass: 10 g with its centre on the axis, not the XML's 4 g spread along the rod: Rapier's solver
 * does not hold a few grams between the fingers and a joint (door-lock-v3's lock); on the axis
 * the mass makes no gravity torque, as the XML's 4 g makes none to speak of against damping 2.
 * Inertia about the axis: the joint's armature (0.001), which is what turns against the hand in
 * MuJoCo, and the rod's own 5e-5.
 */
export const LEVER_AXIS: Readonly<Vec3> = { x: 0.12, y: 0, z: 0.25 };
/** How far the lever turns down (the XML's stop) and up (see above), rad. */
export const LEVER_DOWN_STOP = 1.57;
export const LEVER_UP_STOP = -Math.PI;
/** The leverStart site (the ball's centre) in the lever's frame. */
export const LEVER_START: Readonly<Vec3> = { x: 0, y: -0.2, z: 0 };
/** The handle geom's frame in the lever's frame (a quarter turn about x); obs[7:11] is the lever's rotation times it. */
export const LEVER_HANDLE_TURN = { w: Math.SQRT1_2, x: Math.SQRT1_2, y: 0, z: 0 };

const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };
const box = (hx: number, hy: number, hz: number, x: number, y: number, z: number): BoxPart => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y, z }, q: UPRIGHT } });
const STAND: BoxPart[] = [box(0.041, 0.083, 0.125, 0, 0, 0.125), box(0.041, 0.083, 0.083, 0, 0, 0.25), box(0.05, 0.092, 0.013, 0, 0, 0.013)];
const LEVER: BoxPart[] = [box(0.016, 0.038, 0.038, 0, 0, 0), box(0.012, 0.1, 0.012, 0, -0.091, 0), box(0.03, 0.03, 0.03, 0, -0.2, 0), box(0.046, 0.016, 0.016, -0.025, 0, 0)];

/** Add the lever at 0 (pointing at the robot) on its stand at the XML's default position (0, 0.88, 0). */
export function addLever(scene: Scene): void {
  scene.addJointed('lever', {
    pose: { p: { x: 0, y: 0.88, z: 0 }, q: UPRIGHT },
    base: STAND,
    movingAt: LEVER_AXIS,
    moving: LEVER,
    mass: { mass: 0.01, centre: { x: 0, y: 0, z: 0 }, inertia: { x: 1.054e-3, y: 1e-4, z: 1e-4 } },
    joint: { type: 'revolute', axis: { x: 1, y: 0, z: 0 }, range: [LEVER_UP_STOP, LEVER_DOWN_STOP], damping: 2 },
    friction: 1,
  });
}

/** Put the stand at `at` (Meta-World's drawn position) with the lever at `angle` rad. */
export function placeLever(scene: Scene, at: Vec3, angle: number): void {
  scene.placeJointed('lever', { p: { x: at.x, y: at.y, z: at.z }, q: UPRIGHT });
  scene.setJointPosition('lever', angle);
}
