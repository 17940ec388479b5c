import type { Vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';

/**
 * Meta-World's door on its safe (doorlockB.xml in sawyer_door_pull.xml), added as the jointed
 * object "door" (the safe "door-base"). The safe's origin is the drawn position; the door
 * (door_link) hinges at (-0.185, -0.1, 0) in it about +z over [-2, 0] rad (negative swings its
 * free edge toward the robot, -y), damping 2 N m s (the class default). Its lever handle stands
 * out from the door's front at x = 0.325 and runs along x at y = -0.12. Collision boxes are the
 * XML's; its cylinders are boxes of the same extent. Mass and centre: the XML's collision geoms
 * (inertiagrouprange 4-5 leaves the meshes out), 2.23 kg at (0.2237, -0.0204, 0) in the door's
 * frame, as MuJoCo 3.3.8 compiles them; inertia the diagonal of that tensor in the door's axes
 * (the hinge's zz exact; the small xy product is dropped). The armature (0.001) is left out.
 */
export const DOOR_HINGE: Readonly<Vec3> = { x: -0.185, y: -0.1, z: 0 };
/** How far the door swings open, rad (the XML's range). */
export const DOOR_RANGE = 2;
/**
 * Meta-World's observed point, the "handle" mesh geom's frame in the door's frame: MuJoCo moves
 * a mesh geom's frame to the mesh's centre and principal axes, so the XML's pos (0.325, -0.062,
 * 0) and euler (1.57, 0, 0) compile to this position and rotation (MuJoCo 3.3.8, legacy inertia).
 */
export const DOOR_HANDLE_SITE: Readonly<Vec3> = { x: 0.3757216291725263, y: -0.10713989591550226, z: 0.00003594871036353343 };
/** That geom's rotation in the door's frame; obs[7:11] is the door's rotation times it, x, y, z, w (scipy's from_matrix). */
export const DOOR_HANDLE_TURN = { w: 0.15117107020574555, x: 0.6907585016001258, y: -0.15062095282872134, z: 0.6908786641436899 };

const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };
const box = (hx: number, hy: number, hz: number, x: number, y: number, z: number): BoxPart => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y, z }, q: UPRIGHT } });
const SAFE: BoxPart[] = [
  box(0.016, 0.106, 0.15, -0.204, 0, 0),
  box(0.016, 0.106, 0.15, 0.204, 0, 0),
  box(0.188, 0.106, 0.012, 0, 0, 0.138),
  box(0.189, 0.106, 0.012, 0, 0, -0.138),
  box(0.188, 0.012, 0.126, 0, 0.094, 0),
];
const DOOR: BoxPart[] = [
  // The handle: its round base and stem (cylinders along y), the lever's two cylinders along x.
  box(0.028, 0.012, 0.028, 0.325, -0.006, 0),
  box(0.013, 0.047, 0.013, 0.325, -0.065, 0),
  box(0.075, 0.019, 0.019, 0.381, -0.12, 0),
  box(0.054, 0.023, 0.023, 0.395, -0.12, 0),
  box(0.18, 0.01, 0.123, 0.185, 0, 0),
];

/** Add the safe with its door shut at the XML's default position (0, 0.9, 0.15). */
export function addDoor(scene: Scene): void {
  scene.addJointed('door', {
    pose: { p: { x: 0, y: 0.9, z: 0.15 }, q: UPRIGHT },
    base: SAFE,
    movingAt: DOOR_HINGE,
    moving: DOOR,
    mass: { mass: 2.2298, centre: { x: 0.2237, y: -0.0204, z: 0 }, inertia: { x: 0.013439, y: 0.041868, z: 0.037338 } },
    joint: { type: 'revolute', axis: { x: 0, y: 0, z: 1 }, range: [-DOOR_RANGE, 0], damping: 2 },
    friction: 1,
  });
}

/**
 * What door-open-v3 and door-close-v3 observe and draw: the door, the safe's position uniform in
 * [0, 0.1] x [0.85, 0.95] x {0.15}, the handle geom's frame as the observed point and its
 * rotation as obs[7:11] (x, y, z, w).
 */
export const DOOR_OBSERVED = {
  object: 'door',
  objLow: { x: 0, y: 0.85, z: 0.15 },
  objHigh: { x: 0.1, y: 0.95, z: 0.15 },
  site: DOOR_HANDLE_SITE,
  quat: { order: 'xyzw', offset: DOOR_HANDLE_TURN },
} as const;

/** How far the door is open, rad (positive, 0 shut), from its rotation: the safe stands upright, so the door's turn about z is its hinge angle. */
export function doorOpening(q: { w: number; z: number }): number {
  return -2 * Math.atan2(q.z, q.w);
}

/** Put the safe at `at` (Meta-World's drawn position) with the door at `angle` rad. */
export function placeDoor(scene: Scene, at: Vec3, angle: number): void {
  scene.placeJointed('door', { p: { x: at.x, y: at.y, z: at.z }, q: UPRIGHT });
  scene.setJointPosition('door', angle);
}

/**
 * Meta-World's safe with its door shut for good and a lock on it (doorlockA.xml in
 * sawyer_door_lock.xml), added as the jointed object "lock" (the safe and door "lock-base"). The
 * safe's origin is the drawn position. The door (door_link, no joint here) is part of the base:
 * its panel, its lever handle 0.05 m lower than door-open's, and the lock's mount, all collision
 * boxes of the XML in the safe's frame. The lock (lock_link) hinges at (0, -0.118, 0.061) about +y
 * over [0, 1.57] rad (0: its bar points along +x; positive swings the bar's end down), damping 2;
 * its one collision box is 0.1 m long; its mass is LOCK_MASS, and its inertia about the hinge the
 * joint's armature (0.001 kg m^2, which is what turns against the hand in MuJoCo; the XML's 1 g
 * box adds 3e-6).
 */
export const LOCK_HINGE: Readonly<Vec3> = { x: 0, y: -0.118, z: 0.061 };
/** The lock's hinge damping, N m s (the XML's). */
export const LOCK_DAMPING = 2;
/**
 * The lock's mass here, kg: 10 times the XML's 0.001, with its centre on the hinge. Rapier's
 * solver did not hold a 1 g body between the 0.1 kg fingers and its joint: pressed, the lock
 * turned 0.03 rad in 0.6 s against its damping (and, with a tenth of it, was flung past its stop);
 * 10 g holds. On the hinge the mass turns nothing under gravity, as the XML's 1 g (4e-4 N m
 * against damping 2) turns nothing in an episode; what turns against the hand is the armature.
 */
export const LOCK_MASS = 0.01;
/** How far the lock turns down, rad (the XML's range). */
export const LOCK_RANGE = 1.57;
/** The sites at the lock's end in its frame: lockStartLock (door-lock's observed point) and lockStartUnlock. */
export const LOCK_START_LOCK: Readonly<Vec3> = { x: 0.09, y: -0.04, z: 0.01 };
export const LOCK_START_UNLOCK: Readonly<Vec3> = { x: 0.09, y: -0.04, z: -0.01 };

/** What door-lock-v3 and door-unlock-v3 observe and draw: the lock, the safe's position uniform in [-0.1, 0.1] x [0.8, 0.85] x {0.15}, obs[7:11] the door's raw xquat (1, 0, 0, 0). */
export const LOCK_OBSERVED = {
  object: 'lock',
  objLow: { x: -0.1, y: 0.8, z: 0.15 },
  objHigh: { x: 0.1, y: 0.85, z: 0.15 },
  quat: { order: 'upright' },
} as const;

const LOCKED_DOOR: BoxPart[] = [
  // The lock's mount, the handle's base and stem, the lever's two boxes, the panel.
  box(0.047, 0.013, 0.047, 0, -0.109, 0.061),
  box(0.028, 0.012, 0.028, 0.14, -0.106, -0.05),
  box(0.013, 0.047, 0.013, 0.14, -0.165, -0.05),
  box(0.075, 0.019, 0.019, 0.196, -0.22, -0.05),
  box(0.054, 0.023, 0.023, 0.21, -0.22, -0.05),
  box(0.184, 0.01, 0.124, 0, -0.1, 0),
];
const LOCK: BoxPart[] = [box(0.05, 0.019, 0.01, 0.042, -0.024, 0)];

/** Add the locked safe, its lock at 0 (along +x), at the XML's default position (0, 0.9, 0.15). */
export function addLockedSafe(scene: Scene): void {
  scene.addJointed('lock', {
    pose: { p: { x: 0, y: 0.9, z: 0.15 }, q: UPRIGHT },
    base: [...SAFE, ...LOCKED_DOOR],
    movingAt: LOCK_HINGE,
    moving: LOCK,
    mass: { mass: LOCK_MASS, centre: { x: 0, y: -0.024, z: 0 }, inertia: { x: 1e-5, y: 0.001, z: 1e-5 } },
    joint: { type: 'revolute', axis: { x: 0, y: 1, z: 0 }, range: [0, LOCK_RANGE], damping: LOCK_DAMPING },
    friction: 1,
  });
}

/** Put the locked safe at `at` (Meta-World's drawn position) with the lock at `angle` rad. */
export function placeLockedSafe(scene: Scene, at: Vec3, angle: number): void {
  scene.placeJointed('lock', { p: { x: at.x, y: at.y, z: at.z }, q: UPRIGHT });
  scene.setJointPosition('lock', angle);
}
