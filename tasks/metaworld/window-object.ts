import type { Vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';

/**
 * Meta-World's sliding window (window_horiz.xml in sawyer_window_horizontal.xml), added as the
 * jointed object "window" (its frame "window-base"). The frame's origin is the drawn position;
 * the fixed pane (windowb_b, no joint) sits at (0.1, 0.013, 0) in it and is part of the base. The
 * sash (windowb_a) has its origin at the frame's and slides along +x over [0, 0.2] m, damping 2
 * N s/m (the class default); its handle, a bar with two arms, stands 0.095 m out toward -y.
 * Collision boxes are the XML's; its cylinders and capsules are boxes of the same extent. Mass
 * and centre: the XML's collision geoms (inertiagrouprange 4-5 leaves the meshes out), 0.638 kg
 * at (-0.0868, -0.0189, 0), as MuJoCo 3.3.8 compiles them; inertia the diagonal of that
 * tensor in the sash's axes. The armature (0.001) is left out.
 */
export const WINDOW_TRAVEL = 0.2;
/** The handle sites in the sash frame: handleOpenStart (window-open's observed point) and handleCloseStart (window-close's). */
export const HANDLE_OPEN_START: Readonly<Vec3> = { x: -0.04, y: -0.095, z: 0 };
export const HANDLE_CLOSE_START: Readonly<Vec3> = { x: 0.01, y: -0.095, z: 0 };

const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };
const box = (hx: number, hy: number, hz: number, x: number, y: number, z: number): BoxPart => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y, z }, q: UPRIGHT } });
// The fixed pane's origin in the frame.
const PANE = { x: 0.1, y: 0.013 };
const FRAME: BoxPart[] = [
  box(0.015, 0.03, 0.181, -0.216, 0, 0),
  box(0.25, 0.06, 0.01, 0, 0, -0.192),
  box(0.015, 0.03, 0.181, 0.216, 0, 0),
  box(0.201, 0.03, 0.015, 0, 0, -0.166),
  box(0.201, 0.03, 0.015, 0, 0, 0.166),
  box(0.08, 0.012, 0.01, PANE.x, PANE.y, -0.14),
  box(0.08, 0.012, 0.01, PANE.x, PANE.y, 0.14),
  box(0.08, 0.001, 0.13, PANE.x, PANE.y - 0.005, 0),
  box(0.08, 0.003, 0.005, PANE.x, PANE.y - 0.009, 0),
  box(0.01, 0.012, 0.15, PANE.x - 0.09, PANE.y, 0),
  box(0.01, 0.012, 0.15, PANE.x + 0.09, PANE.y, 0),
];
const SASH: BoxPart[] = [
  // The handle: its two round feet (cylinders along y), two arms (capsules along y), the bar.
  box(0.012, 0.003, 0.012, -0.014, -0.028, 0.045),
  box(0.012, 0.003, 0.012, -0.014, -0.028, -0.045),
  box(0.008, 0.043, 0.008, -0.014, -0.06, 0.045),
  box(0.008, 0.043, 0.008, -0.014, -0.06, -0.045),
  box(0.008, 0.008, 0.053, -0.014, -0.095, 0),
  // The sash's frame, glass and glazing bar.
  box(0.014, 0.012, 0.15, -0.014, -0.013, 0),
  box(0.01, 0.012, 0.15, -0.19, -0.013, 0),
  box(0.076, 0.012, 0.01, -0.104, -0.013, 0.14),
  box(0.076, 0.012, 0.01, -0.104, -0.013, -0.14),
  box(0.076, 0.001, 0.13, -0.104, -0.018, 0),
  box(0.076, 0.003, 0.005, -0.104, -0.022, 0),
];

/** Add the window, shut, at the XML's default position (-0.1, 0.785, 0.202). */
export function addWindow(scene: Scene): void {
  scene.addJointed('window', {
    pose: { p: { x: -0.1, y: 0.785, z: 0.202 }, q: UPRIGHT },
    base: FRAME,
    movingAt: { x: 0, y: 0, z: 0 },
    moving: SASH,
    mass: { mass: 0.6378, centre: { x: -0.0868, y: -0.0189, z: 0 }, inertia: { x: 0.006228, y: 0.009446, z: 0.00368 } },
    joint: { type: 'prismatic', axis: { x: 1, y: 0, z: 0 }, range: [0, WINDOW_TRAVEL], damping: 2 },
    friction: 1,
  });
}

/** Put the window's frame at `at` (Meta-World's drawn position) with the sash `open` m along +x. */
export function placeWindow(scene: Scene, at: Vec3, open: number): void {
  scene.placeJointed('window', { p: { x: at.x, y: at.y, z: at.z }, q: UPRIGHT });
  scene.setJointPosition('window', open);
}
