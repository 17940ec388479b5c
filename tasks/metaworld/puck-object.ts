import type { Quat } from '../../math/quat.js';
import type { Vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';

/**
 * Meta-World's puck (the "plate" of the plate-slide tasks: puck.xml in sawyer_plate_slide.xml
 * and sawyer_plate_slide_sideway.xml), added as the planar object "puck" (Scene.addPlanar): a box
 * of half extents 0.05 x 0.05 x 0.015, 0.05 kg, on the XML's two slides (goal_slidex along x,
 * goal_slidey along y, damping 1 N s/m each, armature 0.001 standing in as the carriage's mass)
 * from its channel at (0, 0.6, 0.015), where it rests on the table. It cannot turn, so obs[7:11]
 * is always (0, 0, 0, 1).
 */
export const PUCK_CHANNEL: Readonly<Vec3> = { x: 0, y: 0.6, z: 0.015 };
/** The puck's half extents, m. */
export const PUCK_HALF: Readonly<Vec3> = { x: 0.05, y: 0.05, z: 0.015 };
/** The y slide's range (the XML's [0, 0.3]). */
export const PUCK_Y_RANGE = [0, 0.3] as const;
/**
 * The x slide's range: the XML's [-0.2, 0.2] widened by PUCK_X_GIVE each way. MuJoCo's joint
 * limits are soft (solref 0.02 s, the same as the mocap weld that drives Meta-World's hand), so a
 * puck pushed against them goes on: measured in MuJoCo 3.3.8 on Meta-World's own XMLs and
 * policies (mujoco-js), plate-slide-side's puck is pushed 0.178 m past -0.2, to where the net's
 * back holds it (-0.378), plate-slide-back-side's to 0.287 and plate-slide-back's to -0.272; and
 * plate-slide-side's goals (x in [-0.3, -0.25]) lie past the XML's stop. Rapier's stops are
 * stiff; they sit at the furthest MuJoCo reached instead, and the net stops the puck first.
 */
export const PUCK_X_GIVE = 0.18;
export const PUCK_X_RANGE = [-0.2 - PUCK_X_GIVE, 0.2 + PUCK_X_GIVE] as const;

const UPRIGHT: Quat = { w: 1, x: 0, y: 0, z: 0 };

/** Add the puck at slide positions (0, 0). */
export function addPuck(scene: Scene): void {
  // MuJoCo's inertia of the box geom at 0.05 kg.
  const inertia = { x: 4.542e-5, y: 4.542e-5, z: 8.333e-5 };
  scene.addPlanar('puck', {
    at: PUCK_CHANNEL,
    parts: [{ halfExtents: PUCK_HALF, at: { p: { x: 0, y: 0, z: 0 }, q: UPRIGHT } }],
    mass: { mass: 0.05, inertia },
    x: PUCK_X_RANGE,
    y: PUCK_Y_RANGE,
    damping: 1,
    carriageMass: 0.001,
    friction: 1,
  });
}

const box = (hx: number, hy: number, hz: number, x: number, y: number, z: number, q: Quat = UPRIGHT): BoxPart => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y, z }, q } });
const R = 0.008;
// puck_goal.xml's collision geoms in its body frame (the goal's mouth faces -y): the back net and
// the roof are MuJoCo's compiled frames of their meshes (flat panels, so their boxes are exact);
// each side net (a panel whose back edge follows the back net's slope) is a full-height box to
// where the slope begins and a low strip behind; the six capsules (radius 8 mm) are boxes.
const NET: BoxPart[] = [
  box(0.0027, 0.0872, 0.1033, 0, 0.0578, 0.093, { w: 0.4337, x: 0.5585, y: 0.4355, z: 0.557 }),
  box(0.0030, 0.0537, 0.1031, 0, -0.0162, 0.1767, { w: 0.0025, x: 0.7071, y: 0.0025, z: 0.7071 }),
  ...[-1, 1].flatMap((s) => [
    box(0.0036, 0.0549, 0.0637, s * 0.1015, -0.0149, 0.1137),
    box(0.0036, 0.0748, 0.0203, s * 0.1015, 0.005, 0.0297),
    // The side rail on the table and the front post.
    box(R, 0.073 + R, R, s * 0.1, 0.004, 0.009),
    box(R, R, 0.082 + R, s * 0.1, -0.0685, 0.091),
  ]),
  // The crossbar and the back bar on the table.
  box(0.1 + R, R, R, 0, -0.0685, 0.174),
  box(0.1 + R, R, R, 0, 0.077, 0.009),
];

/** The turn of sawyer_plate_slide_sideway.xml's goal (euler 0 0 1.57): its mouth faces +x. */
export const NET_SIDEWAYS: Readonly<Quat> = { w: Math.cos(0.785), x: 0, y: 0, z: Math.sin(0.785) };

/**
 * Add the goal net (puck_goal.xml) as the fixed object "net" at `at`, turned by `q` (upright in
 * sawyer_plate_slide.xml; NET_SIDEWAYS in the sideways XML). It stops the puck; like every fixed
 * body it does not stop the kinematic arm, whose experts keep clear of it.
 */
export function addPuckGoal(scene: Scene, at: Vec3, q: Quat = UPRIGHT): void {
  scene.addCompound('net', { type: 'fixed', parts: NET, pose: { p: at, q }, friction: 1 });
}

/** Move the net to `at`, keeping its turn (plate-slide puts it at each episode's goal). */
export function placePuckGoal(scene: Scene, at: Vec3): void {
  const b = scene.body('net');
  b.setTranslation(at, true);
}
