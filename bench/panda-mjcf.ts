import type { Pose } from '../math/pose.js';
import type { Quat } from '../math/quat.js';
import type { Vec3 } from '../math/vec3.js';
import { PANDA, Robot, type RobotDescription, type UrdfCollision, type UrdfJoint, type UrdfModel } from '../robot/index.js';

/** Physical settings of the MuJoCo Panda scene; see PANDA_SCENE_DEFAULTS. */
export interface PandaSceneOptions {
  /** Physics timestep, s. */
  timestep: number;
  /** Arm position-actuator stiffness, N m/rad. */
  armKp: number;
  /** Arm position-actuator damping, N m s/rad. */
  armKv: number;
  /** Largest arm actuator torque, N m. */
  armForceLimit: number;
  /** Finger position-actuator stiffness, N/m. */
  fingerKp: number;
  /** Finger position-actuator damping, N s/m. */
  fingerKv: number;
  /** Largest finger actuator force, N. */
  fingerForceLimit: number;
  /** Half edge of the cube, m. */
  cubeHalfSize: number;
  /** Cube density, kg/m^3 (1000 gives 0.064 kg for a 4 cm cube). */
  cubeDensity: number;
  /** Friction coefficient of the cube (MuJoCo takes the larger of a pair's coefficients). */
  cubeFriction: number;
  /**
   * Cancel gravity on the robot links (MuJoCo's body gravcomp), as ManiSkill disables gravity on
   * robot links and armkit moves its arm kinematically. Without it, kp = 1000 lets joint 2 sag
   * about 0.04 rad at rest.
   */
  robotGravityCompensation: boolean;
}

/**
 * ManiSkill's Panda drive gains (arm: stiffness 1e3, damping 1e2, force limit 100; gripper the
 * same) on a 500 Hz step, robot links free of gravity as in ManiSkill, and PickCube's 4 cm,
 * 1000 kg/m^3 cube with friction 1.
 */
export const PANDA_SCENE_DEFAULTS: PandaSceneOptions = {
  timestep: 0.002,
  armKp: 1000,
  armKv: 100,
  armForceLimit: 100,
  fingerKp: 1000,
  fingerKv: 100,
  fingerForceLimit: 100,
  cubeHalfSize: 0.02,
  cubeDensity: 1000,
  cubeFriction: 1,
  robotGravityCompensation: true,
};

/** Names of the scene elements the peer reads and drives. */
export const PANDA_SCENE_NAMES = {
  /** Site at the Panda TCP frame. */
  tcpSite: PANDA.tcpLink,
  /** Box geom of the cube. */
  cubeGeom: 'cube',
  /** Free joint of the cube; its qpos is x y z then the quaternion w x y z. */
  cubeJoint: 'cube_free',
  /** Joints driven by the actuators, in actuator (and ctrl) order: 7 arm joints then 2 fingers. */
  actuatedJoints: [...PANDA.armJoints, ...PANDA.gripperJoints] as readonly string[],
} as const;

// Only pairs whose contype/conaffinity masks cross collide: robot and cube, cube and table. Robot
// links ignore each other (as armkit's Rapier robot, whose links are all in one group) and the
// table (armkit's arm is kinematic there, so the table never pushes it).
const ROBOT_CONTACT = 'contype="1" conaffinity="0"';
const CUBE_CONTACT = 'contype="2" conaffinity="1"';
const TABLE_CONTACT = 'contype="0" conaffinity="2"';

/**
 * The MJCF of armkit's Panda (read from its URDF, so both simulators share one geometry) on
 * PickCube's table with a free 4 cm cube: base at (-0.615, 0, 0), table top at z = 0, cube at
 * the origin resting on the table, a position actuator per arm and finger joint, and a site
 * named PANDA_SCENE_NAMES.tcpSite at the TCP frame.
 */
export function pandaSceneMjcf(options: Partial<PandaSceneOptions> = {}): string {
  const o = { ...PANDA_SCENE_DEFAULTS, ...options };
  const robot = new Robot(PANDA);
  const h = o.cubeHalfSize;
  const base = PANDA.rest.basePose;
  return [
    `<mujoco model="armkit-panda-pick-cube">`,
    // URDF limits are radians; MJCF's default unit is degrees.
    `  <compiler angle="radian" autolimits="true"/>`,
    // implicitfast integrates the actuators' kv damping implicitly. Under Euler, kv = 100 on
    // wrist inertias near 2e-3 kg m^2 overshoots every 2 ms step: the drives chatter at their
    // force limit and never settle.
    `  <option timestep="${num(o.timestep)}" gravity="0 0 -9.81" integrator="implicitfast"/>`,
    `  <worldbody>`,
    `    <geom name="table" type="box" size="0.9 0.6 0.05" pos="-0.12 0 -0.05" ${TABLE_CONTACT}/>`,
    `    <body name="cube" pos="0 0 ${num(h)}">`,
    `      <freejoint name="${PANDA_SCENE_NAMES.cubeJoint}"/>`,
    `      <geom name="${PANDA_SCENE_NAMES.cubeGeom}" type="box" size="${num(h)} ${num(h)} ${num(h)}" density="${num(o.cubeDensity)}" friction="${num(o.cubeFriction)} 0.005 0.0001" ${CUBE_CONTACT}/>`,
    `    </body>`,
    ...bodyXml(robot.urdf, robot.urdf.root, base, null, { robot: PANDA, gravcomp: o.robotGravityCompensation }, '    '),
    `  </worldbody>`,
    `  <actuator>`,
    ...actuatorXml(robot.urdf, PANDA, o),
    `  </actuator>`,
    `</mujoco>`,
    '',
  ].join('\n');
}

interface BodyContext {
  robot: RobotDescription;
  gravcomp: boolean;
}

/** A link as a body placed at `pose` in its parent; `joint` (null for fixed or root) moves it. */
function bodyXml(urdf: UrdfModel, linkName: string, pose: Pose, joint: UrdfJoint | null, ctx: BodyContext, indent: string): string[] {
  const link = urdf.links.get(linkName);
  const inner = indent + '  ';
  const gravcomp = ctx.gravcomp ? ' gravcomp="1"' : '';
  const lines = [`${indent}<body name="${linkName}" ${poseAttrs(pose)}${gravcomp}>`];
  if (joint) lines.push(`${inner}${jointXml(joint)}`);
  const inertial = link?.inertial;
  if (inertial) {
    const inertia = inertiaInBody(inertial.inertia, inertial.origin.q).map(num).join(' ');
    lines.push(`${inner}<inertial pos="${vec(inertial.origin.p)}" mass="${num(inertial.mass)}" fullinertia="${inertia}"/>`);
  }
  link?.collisions.forEach((c, i) => lines.push(`${inner}${geomXml(c, `${linkName}_collision_${i}`)}`));
  if (linkName === ctx.robot.tcpLink) lines.push(`${inner}<site name="${PANDA_SCENE_NAMES.tcpSite}"/>`);
  // A fixed joint becomes a nested body without joints, which MuJoCo welds to its parent.
  for (const child of urdf.joints.filter((j) => j.parent === linkName)) {
    lines.push(...bodyXml(urdf, child.child, child.origin, child.type === 'fixed' ? null : child, ctx, inner));
  }
  lines.push(`${indent}</body>`);
  return lines;
}

/**
 * URDF inertia (ixx iyy izz ixy ixz iyz, the order MJCF's fullinertia takes) about axes turned
 * by `q`, re-expressed along the body axes as R I R^T: MJCF refuses fullinertia together with
 * an inertial orientation.
 */
function inertiaInBody(inertia: readonly number[], q: Quat): number[] {
  const [ixx, iyy, izz, ixy, ixz, iyz] = inertia as [number, number, number, number, number, number];
  const I = [[ixx, ixy, ixz], [ixy, iyy, iyz], [ixz, iyz, izz]];
  const { w, x, y, z } = q;
  const R = [
    [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
    [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
    [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
  ];
  const out = (i: number, j: number): number => {
    let s = 0;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s += R[i]![a]! * I[a]![b]! * R[j]![b]!;
    return s;
  };
  return [out(0, 0), out(1, 1), out(2, 2), out(0, 1), out(0, 2), out(1, 2)];
}

function jointXml(j: UrdfJoint): string {
  const type = j.type === 'prismatic' ? 'slide' : 'hinge';
  const range = j.limit && j.type !== 'continuous' ? ` range="${num(j.limit.lower)} ${num(j.limit.upper)}"` : '';
  return `<joint name="${j.name}" type="${type}" axis="${vec(j.axis)}"${range}/>`;
}

function geomXml(c: UrdfCollision, name: string): string {
  const g = c.geometry;
  // URDF boxes give full edges, cylinders and capsules the cylinder length; MJCF wants halves.
  // Both put the cylinder and capsule axis along the element's local z.
  const shape =
    g.kind === 'box' ? `type="box" size="${num(g.size.x / 2)} ${num(g.size.y / 2)} ${num(g.size.z / 2)}"`
    : g.kind === 'sphere' ? `type="sphere" size="${num(g.radius)}"`
    : `type="${g.kind}" size="${num(g.radius)} ${num(g.length / 2)}"`;
  // Mass comes from the URDF inertial; a geom must not add its own.
  return `<geom name="${name}" ${shape} ${poseAttrs(c.origin)} mass="0" ${ROBOT_CONTACT}/>`;
}

function actuatorXml(urdf: UrdfModel, robot: RobotDescription, o: PandaSceneOptions): string[] {
  const arm = new Set(robot.armJoints);
  return PANDA_SCENE_NAMES.actuatedJoints.map((name) => {
    if (!urdf.joints.some((j) => j.name === name)) throw new RangeError(`pandaSceneMjcf: joint "${name}" is not in the URDF`);
    const [kp, kv, f] = arm.has(name) ? [o.armKp, o.armKv, o.armForceLimit] : [o.fingerKp, o.fingerKv, o.fingerForceLimit];
    // ctrl is left unlimited: the gripper target -0.01 m lies below the finger range on purpose,
    // so a closed gripper keeps squeezing (ManiSkill's gripper limits are [-0.01, 0.04]).
    return `    <position name="${name}" joint="${name}" kp="${num(kp)}" kv="${num(kv)}" forcerange="${num(-f)} ${num(f)}" ctrllimited="false"/>`;
  });
}

function poseAttrs(p: Pose): string {
  return `pos="${vec(p.p)}" quat="${num(p.q.w)} ${num(p.q.x)} ${num(p.q.y)} ${num(p.q.z)}"`;
}

function vec(v: Vec3): string {
  return `${num(v.x)} ${num(v.y)} ${num(v.z)}`;
}

// Shortest round-trip decimal, so MuJoCo reads back the exact doubles armkit's FK uses.
function num(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`pandaSceneMjcf: non-finite number ${x}`);
  return Object.is(x, -0) ? '0' : String(x);
}
