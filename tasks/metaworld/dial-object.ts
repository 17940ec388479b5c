import type { Vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';

/**
 * Meta-World's dial (dial.xml in sawyer_dial.xml), added as the jointed object "dial" (its base
 * "dial-base"). The base's origin is the drawn position, on the table; the XML's base body has no
 * geoms, so a 1 mm box inside the table stands in for it (a jointed object's base needs one). The
 * knob turns about z at the base's origin over [-3.14, 3.14] rad, damping 1 N m s; its collision
 * geoms, a disc of radius 0.05 m up to 0.036 m and a bar along y (0.092 m long, 0.03 m wide) up
 * to 0.066 m, are boxes of the same extent. Mass and centre from those geoms at MuJoCo's default
 * density: 0.366 kg at (0, 0, 0.0255), inertia their moments about it (as MuJoCo 3.3.8 compiles them), with the joint's armature
 * (0.001) added about the hinge. As in MuJoCo, the disc rests on the table, which it touches.
 */
export const DIAL_RANGE = 3.14;
/** Meta-World's observed point in the knob's frame: 0.05 m out along -y at the base's height (its _get_pos_objects). */
export const DIAL_POINT: Readonly<Vec3> = { x: 0, y: -0.05, z: 0 };

const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };
const box = (hx: number, hy: number, hz: number, x: number, y: number, z: number): BoxPart => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y, z }, q: UPRIGHT } });
const BASE: BoxPart[] = [box(0.0005, 0.0005, 0.0005, 0, 0, -0.005)];
const KNOB: BoxPart[] = [box(0.05, 0.05, 0.018, 0, 0, 0.018), box(0.015, 0.046, 0.015, 0, 0, 0.051)];
const ARMATURE = 0.001;

/** Add the dial, turned 0, at the XML's default position (0, 0.7, 0). */
export function addDial(scene: Scene): void {
  scene.addJointed('dial', {
    pose: { p: { x: 0, y: 0.7, z: 0 }, q: UPRIGHT },
    base: BASE,
    movingAt: { x: 0, y: 0, z: 0 },
    moving: KNOB,
    mass: { mass: 0.3655, centre: { x: 0, y: 0, z: 0.0255 }, inertia: { x: 3.42e-4, y: 2.89e-4, z: 4.18e-4 + ARMATURE } },
    joint: { type: 'revolute', axis: { x: 0, y: 0, z: 1 }, range: [-DIAL_RANGE, DIAL_RANGE], damping: 1 },
    friction: 1,
  });
}

/** Put the dial's base at `at` (Meta-World's drawn position) with the knob turned `angle` rad. */
export function placeDial(scene: Scene, at: Vec3, angle: number): void {
  scene.placeJointed('dial', { p: { x: at.x, y: at.y, z: at.z }, q: UPRIGHT });
  scene.setJointPosition('dial', angle);
}
