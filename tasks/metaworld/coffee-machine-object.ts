import type { Vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';

/**
 * Meta-World's coffee machine (coffeemachine.xml in sawyer_coffee.xml), added as the jointed
 * object "coffee-button" (the machine "coffee-button-base"), and its mug ("obj", as in the XML). The machine's
 * origin is the drawn position, on the table; its collision boxes are the XML's (cm_link), its
 * cylinders boxes of the same extent. The button (cmbutton) faces the robot (-y) at (0, -0.19,
 * 0.3) and slides along +y over [0, 0.03] m, damping 1 N s/m; 0.1 kg (its collision cylinder's
 * mass), a cylinder of radius 0.032 and half-length 0.03 along y, here a box. Its face, the
 * buttonStart site, is at (0, -0.22, 0.3). The button sits in the frame's pocket without touching
 * it, as in the XML. The armature (0.001) is left out.
 */
export const COFFEE_BUTTON_TRAVEL = 0.03;
/** The buttonStart site (the button's face) in the machine's frame, button out. */
export const COFFEE_BUTTON_FACE: Readonly<Vec3> = { x: 0, y: -0.22, z: 0.3 };
/** Where the mug stands under the spout, from the machine's origin (Meta-World's pos_mug). */
export const MUG_UNDER_SPOUT: Readonly<Vec3> = { x: 0, y: -0.22, z: 0 };

const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };
const box = (hx: number, hy: number, hz: number, x: number, y: number, z: number): BoxPart => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y, z }, q: UPRIGHT } });
const MACHINE: BoxPart[] = [
  // The button's frame: sides, top and bottom.
  box(0.031, 0.05, 0.035, 0.069, -0.133, 0.3),
  box(0.031, 0.05, 0.035, -0.069, -0.133, 0.3),
  box(0.1, 0.05, 0.018, 0, -0.133, 0.352),
  box(0.1, 0.05, 0.018, 0, -0.133, 0.248),
  // The body, lower and upper.
  box(0.1, 0.098, 0.115, 0, 0, 0.115),
  box(0.1, 0.098, 0.07, 0, 0, 0.3),
  // The spout's stem (a cylinder along y) and the spout (along z).
  box(0.009, 0.018, 0.009, 0, -0.109, 0.135),
  box(0.016, 0.016, 0.041, 0, -0.141, 0.152),
];
const BUTTON: BoxPart[] = [box(0.032, 0.03, 0.032, 0, -0.19, 0.3)];

/**
 * The mug (mug.xml): its collision cylinder, radius 0.028 and half-height 0.033, whose centre is
 * the body origin here (0.035 m above the XML body's origin, its foot); 0.11 kg with the handle
 * disc's 0.01 kg (the disc, 0.02 m in radius, reaching 0.026 m out of the cylinder in +x, is
 * left out), principal inertia as MuJoCo 3.3.8 compiles the two.
 */
export const MUG_RADIUS = 0.028;
export const MUG_HALF_HEIGHT = 0.033;
/** The mug cylinder's centre above the mug body's origin (its foot) in the XML. */
export const MUG_CENTRE_HEIGHT = 0.035;
/** The mug's foot in its frame here (Meta-World's obs[4:7] for the coffee tasks). */
export const MUG_FOOT: Readonly<Vec3> = { x: 0, y: 0, z: -MUG_CENTRE_HEIGHT };

/** Add the machine, button out, at the XML's default position (0, 0.9, 0), and the mug under its spout. */
export function addCoffeeMachine(scene: Scene): void {
  scene.addJointed('coffee-button', {
    pose: { p: { x: 0, y: 0.9, z: 0 }, q: UPRIGHT },
    base: MACHINE,
    movingAt: { x: 0, y: 0, z: 0 },
    moving: BUTTON,
    mass: { mass: 0.1, centre: { x: 0, y: -0.19, z: 0.3 }, inertia: { x: 5.56e-5, y: 5.12e-5, z: 5.56e-5 } },
    joint: { type: 'prismatic', axis: { x: 0, y: 1, z: 0 }, range: [0, COFFEE_BUTTON_TRAVEL], damping: 1 },
    friction: 1,
  });
  const inertia = { x: 6.885e-5, y: 5.807e-5, z: 5.015e-5 };
  scene.addCylinder('obj', { radius: MUG_RADIUS, halfHeight: MUG_HALF_HEIGHT, mass: { mass: 0.11, inertia }, friction: 1, pose: { p: { x: 0, y: 0.68, z: MUG_CENTRE_HEIGHT }, q: UPRIGHT } });
}

/** Put the machine at `at` (its origin) with the button out. */
export function placeCoffeeMachine(scene: Scene, at: Vec3): void {
  scene.placeJointed('coffee-button', { p: { x: at.x, y: at.y, z: at.z }, q: UPRIGHT });
  scene.setJointPosition('coffee-button', 0);
}

/** Stand the mug with its foot (the XML body's origin) at `foot`, upright, at rest. */
export function placeMug(scene: Scene, foot: Vec3): void {
  scene.placeObject('obj', { p: { x: foot.x, y: foot.y, z: foot.z + MUG_CENTRE_HEIGHT }, q: UPRIGHT });
}
