import type { Vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';

/**
 * Meta-World's drawer (drawer.xml), added as the jointed object "drawer" (its case
 * "drawer-base"). The case's origin (drawercase_link) is 0.084 m above the drawn position; the
 * drawer (drawer_link) sits at (0, -0.01, 0.006) in it and slides along y over [-0.16, 0] (out
 * is -y), damping 2 N s/m. Its collision boxes are the XML's; the handle's three capsules
 * (radius 9 mm) are boxes of the same extent. Mass and centre: the XML's collision geoms (its
 * compiler's inertiagrouprange 4-5 leaves the visual meshes out), 0.38 kg centred at (0,
 * -0.0616, -0.002). Meta-World's observed point is the drawer's body origin (gymnasium's
 * get_body_com reads xpos, the frame, not the centre of mass) + (0, -0.16, 0).
 */
export const DRAWER_CASE_HEIGHT = 0.084;
/** The drawer's origin in the case frame at joint position 0 (shut). */
export const DRAWER_AT: Readonly<Vec3> = { x: 0, y: -0.01, z: 0.006 };
/** The drawer's centre of mass in its frame. */
export const DRAWER_CENTRE: Readonly<Vec3> = { x: 0, y: -0.0616, z: -0.002 };
/** The handle bar's centre in the drawer's frame. */
export const DRAWER_HANDLE: Readonly<Vec3> = { x: 0, y: -0.15, z: 0 };
/** How far the drawer slides out, m (drawer.xml's range). */
export const DRAWER_TRAVEL = 0.16;
/**
 * How far past that the Rapier stop sits. MuJoCo's joint limits are soft (solref 0.02 s): a
 * drawer pulled against its stop overshoots it by millimetres, and drawer-open's success rule
 * (0.03 m) is met exactly at 0.16 m out, so Meta-World's drawer only counts as open through that
 * overshoot. Rapier's stop is stiffer; 2 mm more travel stands in for it.
 */
export const DRAWER_STOP_SOFTNESS = 0.002;

const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };
const box = (hx: number, hy: number, hz: number, x: number, y: number, z: number): BoxPart => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y, z }, q: UPRIGHT } });
const CASE: BoxPart[] = [
  box(0.008, 0.1, 0.084, -0.11, 0, 0),
  box(0.008, 0.1, 0.084, 0.11, 0, 0),
  box(0.102, 0.008, 0.076, 0, 0.092, -0.008),
  box(0.102, 0.092, 0.014, 0, -0.008, -0.07),
  box(0.102, 0.1, 0.008, 0, 0, 0.076),
];
const R = 0.009;
const DRAWER: BoxPart[] = [
  box(0.1, 0.008, 0.052, 0, -0.082, 0.008),
  box(0.1, 0.008, 0.052, 0, 0.082, 0.008),
  box(0.008, 0.074, 0.052, -0.092, 0, 0.008),
  box(0.008, 0.074, 0.052, 0.092, 0, 0.008),
  box(0.1, 0.09, 0.008, 0, 0, -0.052),
  box(R, 0.03 + R, R, -0.05, -0.12, 0),
  box(0.05 + R, R, R, 0, -0.15, 0),
  box(R, 0.03 + R, R, 0.05, -0.12, 0),
];

/** Add the drawer in its case, shut, at the default position (0, 0.9, 0). */
export function addDrawer(scene: Scene): void {
  scene.addJointed('drawer', {
    pose: { p: { x: 0, y: 0.9, z: DRAWER_CASE_HEIGHT }, q: UPRIGHT },
    base: CASE,
    movingAt: DRAWER_AT,
    moving: DRAWER,
    mass: { mass: 0.38, centre: DRAWER_CENTRE, inertia: { x: 0.0015, y: 0.0013, z: 0.0025 } },
    joint: { type: 'prismatic', axis: { x: 0, y: 1, z: 0 }, range: [-DRAWER_TRAVEL - DRAWER_STOP_SOFTNESS, 0], damping: 2 },
    friction: 1,
  });
}

/** Put the drawer's case at `at` (Meta-World's drawn position; the case origin 0.084 m higher) with the drawer out by `open` m. */
export function placeDrawer(scene: Scene, at: Vec3, open: number): void {
  scene.placeJointed('drawer', { p: { x: at.x, y: at.y, z: at.z + DRAWER_CASE_HEIGHT }, q: UPRIGHT });
  scene.setJointPosition('drawer', -open);
}
