import type { Vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';

/**
 * Meta-World's top-down button box (buttonbox.xml in sawyer_button_press_topdown.xml), added as
 * the jointed object "button" (its box "button-base"). The XML's box body is turned -1.57 rad
 * about x so that its -y points up; here the base is upright and every part is written in the
 * world axes (the 0.8 mrad the XML's 1.57 leaves off a right angle is dropped). The button's
 * origin is the box's; it slides along +z over [-0.06, 0] m, damping 1 N s/m, with a spring of
 * 0.5 N/m toward +0.5 m (springref), which holds it up against its top stop; 0.01 kg, centre
 * 0.1935 m above its origin, inertia 0.001. The box's collision boxes are the XML's; the
 * button's three collision cylinders (rod, disc, cap) are boxes of the same extent. As in MuJoCo
 * (a body's contacts with its parent are excluded) the button does not touch the box.
 */
export const BUTTON_TRAVEL = 0.06;
/**
 * How far the Rapier stop lets the button go, m. MuJoCo's joint limit is soft (solref 0.02 s),
 * and Meta-World's hand, driven down by its mocap weld, pushes the button far past the XML's
 * 0.06 m: measured in MuJoCo 3.3.8 on Meta-World's own XML and policy, 0.0937 m, where it rests
 * while the hand presses on. The success rule (the observed point within 0.024 m of the hole
 * site) needs 0.069 m, so it is only met through that overshoot. Rapier's stop is stiff and the
 * armkit hand kinematic; the stop sits at the measured depth instead.
 */
export const BUTTON_STOP = 0.094;

const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };
const box = (hx: number, hy: number, hz: number, x: number, y: number, z: number): BoxPart => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y, z }, q: UPRIGHT } });
// The XML's box-frame (x, y, z) is world (x, z, -y) here.
const BOX: BoxPart[] = [
  box(0.12, 0.048, 0.102, 0, 0.072, -0.012),
  box(0.12, 0.048, 0.102, 0, -0.072, -0.012),
  box(0.047, 0.024, 0.102, -0.073, 0, -0.012),
  box(0.047, 0.024, 0.102, 0.073, 0, -0.012),
];
const BUTTON: BoxPart[] = [box(0.021, 0.021, 0.039, 0, 0, 0.128), box(0.026, 0.026, 0.008, 0, 0, 0.166), box(0.043, 0.043, 0.011, 0, 0, 0.183)];

/** The button's quaternion in Meta-World's observation: the XML box's turn of -1.57 rad about x (MuJoCo's xquat). */
export const BUTTON_BOX_TURN = { w: Math.cos(-1.57 / 2), x: Math.sin(-1.57 / 2), y: 0, z: 0 };

/** Add the button box, the button up, at the XML's default position (0, 0.85, 0.12). */
export function addButtonBox(scene: Scene): void {
  scene.addJointed('button', {
    pose: { p: { x: 0, y: 0.85, z: 0.12 }, q: UPRIGHT },
    base: BOX,
    movingAt: { x: 0, y: 0, z: 0 },
    moving: BUTTON,
    mass: { mass: 0.01, centre: { x: 0, y: 0, z: 0.1935 }, inertia: { x: 0.001, y: 0.001, z: 0.001 } },
    joint: { type: 'prismatic', axis: { x: 0, y: 0, z: 1 }, range: [-BUTTON_STOP, 0], damping: 1, stiffness: 0.5, springRef: 0.5 },
    friction: 1,
  });
}

// button-press-v3's box is not turned: the XML's parts as written, the button facing -y.
const BOX_FACING_ROBOT: BoxPart[] = [
  box(0.12, 0.102, 0.048, 0, 0.012, 0.072),
  box(0.12, 0.102, 0.048, 0, 0.012, -0.072),
  box(0.047, 0.102, 0.024, -0.073, 0.012, 0),
  box(0.047, 0.102, 0.024, 0.073, 0.012, 0),
];
const BUTTON_FACING_ROBOT: BoxPart[] = [box(0.021, 0.039, 0.021, 0, -0.128, 0), box(0.026, 0.008, 0.026, 0, -0.166, 0), box(0.043, 0.011, 0.043, 0, -0.183, 0)];

/**
 * Add button-press-v3's box (sawyer_button_press.xml: the box body not turned), the button up,
 * at the XML's default position (0, 0.9, 0.12): the button faces the robot (-y) and is pressed
 * along +y, its joint the XML's axis (0, -1, 0) over [-BUTTON_STOP, 0].
 */
export function addButtonBoxFacingRobot(scene: Scene): void {
  scene.addJointed('button', {
    pose: { p: { x: 0, y: 0.9, z: 0.12 }, q: UPRIGHT },
    base: BOX_FACING_ROBOT,
    movingAt: { x: 0, y: 0, z: 0 },
    moving: BUTTON_FACING_ROBOT,
    mass: { mass: 0.01, centre: { x: 0, y: -0.1935, z: 0 }, inertia: { x: 0.001, y: 0.001, z: 0.001 } },
    joint: { type: 'prismatic', axis: { x: 0, y: -1, z: 0 }, range: [-BUTTON_STOP, 0], damping: 1, stiffness: 0.5, springRef: 0.5 },
    friction: 1,
  });
}

/** Put the box at `at` (Meta-World's drawn position, the box body's origin) with the button up. */
export function placeButtonBox(scene: Scene, at: Vec3): void {
  scene.placeJointed('button', { p: { x: at.x, y: at.y, z: at.z }, q: UPRIGHT });
  scene.setJointPosition('button', 0);
}
