import type { Vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';

/**
 * Meta-World's faucet (faucet.xml in sawyer_faucet.xml), added as the jointed object "faucet"
 * (its base "faucet-base"). The base's origin is the drawn position, on the table; its two
 * collision cylinders (a foot and a post) are boxes of the same extent. The handle (faucet_link2)
 * turns about z at (0, 0, 0.124) over [-1.57, 1.57] rad, damping 2 N m s; at 0 its lever points
 * at the robot (-y), and a positive turn swings the lever's end toward +x. Its collision geoms
 * (a hub, a stem and the lever's capsule, along y) are boxes of the same extent. Mass and centre
 * from those geoms as MuJoCo 3.3.8 compiles them: 0.268 kg at (0, -0.0574, 0.001); inertia their
 * principal moments, with the joint's armature (0.001, about as much again as the handle's own
 * turn inertia) added about the hinge.
 */
export const FAUCET_RANGE = 1.57;
/** The hinge's height above the base's origin, m. */
export const FAUCET_HINGE_HEIGHT = 0.124;
/** The sites at the lever's end in the handle's frame: handleStartOpen and handleStartClose. */
export const HANDLE_START_OPEN: Readonly<Vec3> = { x: -0.015, y: -0.175, z: 0 };
export const HANDLE_START_CLOSE: Readonly<Vec3> = { x: 0.015, y: -0.175, z: 0 };

const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };
const box = (hx: number, hy: number, hz: number, x: number, y: number, z: number): BoxPart => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y, z }, q: UPRIGHT } });
const BASE: BoxPart[] = [box(0.046, 0.046, 0.009, 0, 0, 0.009), box(0.017, 0.017, 0.044, 0, 0, 0.061)];
const HANDLE: BoxPart[] = [box(0.012, 0.021, 0.012, 0, -0.05, 0.001), box(0.017, 0.072, 0.017, 0, -0.12, 0.001), box(0.032, 0.032, 0.02, 0, 0, 0.001)];
const ARMATURE = 0.001;

/** Add the faucet, its handle at 0, at the XML's default position (0, 0.8, 0). */
export function addFaucet(scene: Scene): void {
  scene.addJointed('faucet', {
    pose: { p: { x: 0, y: 0.8, z: 0 }, q: UPRIGHT },
    base: BASE,
    movingAt: { x: 0, y: 0, z: FAUCET_HINGE_HEIGHT },
    moving: HANDLE,
    mass: { mass: 0.26813, centre: { x: 0, y: -0.05745, z: 0.001 }, inertia: { x: 1.1376e-3, y: 6.828e-5, z: 1.1534e-3 + ARMATURE } },
    joint: { type: 'revolute', axis: { x: 0, y: 0, z: 1 }, range: [-FAUCET_RANGE, FAUCET_RANGE], damping: 2 },
    friction: 1,
  });
}

/** Put the faucet's base at `at` (Meta-World's drawn position) with the handle turned `angle` rad. */
export function placeFaucet(scene: Scene, at: Vec3, angle: number): void {
  scene.placeJointed('faucet', { p: { x: at.x, y: at.y, z: at.z }, q: UPRIGHT });
  scene.setJointPosition('faucet', angle);
}
