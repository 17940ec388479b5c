import { type Pose, pose, composePose } from '../math/pose.js';
import { conjugate, rotate, quat } from '../math/quat.js';
import { type Vec3, vec3, cross, sub, dot } from '../math/vec3.js';
import type { Workspace } from '../robot/controllers/ee-delta-controller.js';
import type { Robot } from '../robot/robot.js';
import type { FingerDrive } from '../robot/robot-description.js';
import type { UrdfJoint } from '../robot/urdf/urdf-model.js';
import { colliderFromUrdf } from './collider-from-urdf.js';
import { ARM_LINK_GROUPS, FINGER_GROUPS } from './collision-groups.js';
import { RAPIER } from './rapier.js';
import { SimError } from './sim-errors.js';

/** Saved joint state of a SimArm (the physics bodies live in the world snapshot). */
export interface SimArmState {
  q: number[];
  qvel: number[];
}

/**
 * A robot arm in a Rapier world, driven kinematically: its links are kinematic position-based
 * bodies placed every physics step by forward kinematics of joint positions that move toward
 * their targets at the joints' velocity limits (Meta-World drives its hand by mocap the same
 * way). The fingers are dynamic bodies on prismatic motor joints, so grasps come from contact.
 * Measured against motorized impulse joints: see sim/DESIGN-ARM.md.
 */
export class SimArm {
  /** Arm joint positions, rad. */
  readonly q: Float64Array;
  /** Arm joint velocities over the last physics step, rad/s. */
  readonly qvel: Float64Array;
  /** Number of arm joints. */
  readonly dof: number;

  private readonly base: Pose;
  // Rapier handles pack index and generation into a float64: never store them in integer arrays.
  private readonly linkHandles: number[];
  private readonly poses: Pose[];
  private readonly candidate: Float64Array;
  private readonly fingerJoints: UrdfJoint[];
  private readonly fingerHandles: number[] = [];
  private readonly fingerJointHandles: number[] = [];
  private readonly handIndex: number;
  private readonly drive: FingerDrive;
  private readonly tcpIndex: number;
  private world: RAPIER.World;

  /**
   * @param q0 arm joint positions, then the finger opening (m).
   */
  constructor(world: RAPIER.World, readonly robot: Robot, q0: ArrayLike<number>) {
    const d = robot.description;
    const chain = robot.chain;
    this.world = world;
    this.dof = chain.dof;
    this.base = d.rest.basePose;
    this.drive = { ...d.fingerDrive };
    this.q = Float64Array.from({ length: chain.dof }, (_, i) => q0[i]!);
    this.qvel = new Float64Array(chain.dof);
    this.candidate = new Float64Array(chain.dof);
    this.poses = chain.linkNames.map(() => pose());
    this.handIndex = chain.linkNames.indexOf(d.handLink);
    this.tcpIndex = chain.linkNames.length - 1;
    if (this.handIndex < 0) throw new SimError(`robot "${d.uid}": hand link "${d.handLink}" is not on the arm chain`);

    const baseBody = world.createRigidBody(RAPIER.RigidBodyDesc.fixed().setTranslation(this.base.p.x, this.base.p.y, this.base.p.z).setRotation(this.base.q));
    this.addColliders(d.baseLink, baseBody);
    const world0 = this.worldPoses(this.q);
    this.linkHandles = chain.linkNames.map((name, i) => {
      const link = robot.urdf.links.get(name)!;
      if (link.collisions.length === 0 && i !== this.handIndex) return -1;
      const p = world0[i]!;
      const body = world.createRigidBody(RAPIER.RigidBodyDesc.kinematicPositionBased().setTranslation(p.p.x, p.p.y, p.p.z).setRotation(p.q));
      this.addColliders(name, body);
      return body.handle;
    });

    this.fingerJoints = d.gripperJoints.map((name) => {
      const j = robot.urdf.joints.find((x) => x.name === name);
      if (!j || j.type !== 'prismatic' || j.parent !== d.handLink) {
        throw new SimError(`robot "${d.uid}": gripper joint "${name}" must be a prismatic joint under "${d.handLink}"`);
      }
      return j;
    });
    const hand = world.getRigidBody(this.linkHandles[this.handIndex]!);
    const q0f = q0[this.dof] ?? 0;
    this.fingerJoints.forEach((j) => {
      const fp = this.fingerWorldPose(world0[this.handIndex]!, j, q0f);
      const body = world.createRigidBody(
        RAPIER.RigidBodyDesc.dynamic()
          .setTranslation(fp.p.x, fp.p.y, fp.p.z)
          .setRotation(fp.q)
          .setCanSleep(false),
      );
      const link = robot.urdf.links.get(j.child)!;
      for (const c of link.collisions) {
        const desc = colliderFromUrdf(c).setCollisionGroups(FINGER_GROUPS).setFriction(d.fingerDrive.friction);
        desc.setMass(d.fingerDrive.mass / link.collisions.length);
        world.createCollider(desc, body);
      }
      const data = RAPIER.JointData.prismatic(j.origin.p, { x: 0, y: 0, z: 0 }, j.axis);
      data.limitsEnabled = true;
      data.limits = [j.limit!.lower, j.limit!.upper];
      const joint = world.createImpulseJoint(data, hand, body, true) as RAPIER.PrismaticImpulseJoint;
      joint.configureMotorModel(RAPIER.MotorModel.ForceBased);
      joint.setMotorMaxForce(d.fingerDrive.forceLimit);
      joint.configureMotorPosition(q0f, d.fingerDrive.stiffness, d.fingerDrive.damping);
      this.fingerHandles.push(body.handle);
      this.fingerJointHandles.push(joint.handle);
    });
  }

  /** Point at the same bodies in a world restored from a snapshot (handles survive snapshots). */
  bind(world: RAPIER.World): void {
    this.world = world;
  }

  /** Collider handles of each finger, in gripperJoints order. */
  fingerColliders(): number[][] {
    return this.fingerHandles.map((h) => {
      const body = this.world.getRigidBody(h);
      return Array.from({ length: body.numColliders() }, (_, i) => body.collider(i).handle);
    });
  }

  /** Teleport the arm to q and the fingers to `finger` m, at rest. */
  teleport(q: ArrayLike<number>, finger: number): void {
    for (let i = 0; i < this.dof; i++) this.q[i] = q[i]!;
    this.qvel.fill(0);
    const poses = this.worldPoses(this.q);
    for (let i = 0; i < poses.length; i++) {
      const h = this.linkHandles[i]!;
      if (h < 0) continue;
      const body = this.world.getRigidBody(h);
      body.setTranslation(poses[i]!.p, true);
      body.setRotation(poses[i]!.q, true);
      body.setNextKinematicTranslation(poses[i]!.p);
      body.setNextKinematicRotation(poses[i]!.q);
    }
    this.fingerJoints.forEach((j, k) => {
      const fp = this.fingerWorldPose(poses[this.handIndex]!, j, finger);
      const body = this.world.getRigidBody(this.fingerHandles[k]!);
      body.setTranslation(fp.p, true);
      body.setRotation(fp.q, true);
      body.setLinvel(ZERO, true);
      body.setAngvel(ZERO, true);
    });
    this.setFingerTarget(finger);
  }

  /** Aim both finger motors at `target` m. */
  setFingerTarget(target: number): void {
    const drive = this.drive;
    for (const h of this.fingerJointHandles) {
      (this.world.getImpulseJoint(h) as RAPIER.PrismaticImpulseJoint).configureMotorPosition(target, drive.stiffness, drive.damping);
    }
  }

  /**
   * Move the joints one physics step of `dt` s toward `target`, all joints slowed by the same
   * factor so the one nearest its velocity limit just reaches it (the arm keeps the direction the
   * controller asked for), and schedule the kinematic bodies there. A step that would take the
   * TCP further outside `workspace` is shortened (halved up to three times) or dropped.
   * `stepsLeft` spreads the move: at most 1 / stepsLeft of the way this step (1: as fast as
   * the limits allow).
   */
  track(target: ArrayLike<number>, dt: number, workspace: Workspace | null, stepsLeft = 1): void {
    const chain = this.robot.chain;
    const next = this.candidate;
    let scale = stepsLeft;
    for (let i = 0; i < this.dof; i++) {
      const need = Math.abs(target[i]! - this.q[i]!) / (chain.velocity[i]! * dt);
      if (need > scale) scale = need;
    }
    let fraction = 1 / scale;
    let before = -1;
    for (let attempt = 0; attempt < 4; attempt++, fraction /= 2) {
      for (let i = 0; i < this.dof; i++) next[i] = this.q[i]! + (target[i]! - this.q[i]!) * fraction;
      if (!workspace) break;
      const after = violation(this.tcpWorld(next), workspace);
      if (after === 0) break;
      if (before < 0) before = violation(this.tcpWorld(this.q), workspace);
      if (after <= before + 1e-12) break;
      if (attempt === 3) next.set(this.q);
    }
    for (let i = 0; i < this.dof; i++) {
      this.qvel[i] = (next[i]! - this.q[i]!) / dt;
      this.q[i] = next[i]!;
    }
    const poses = this.worldPoses(this.q);
    for (let i = 0; i < poses.length; i++) {
      const h = this.linkHandles[i]!;
      if (h < 0) continue;
      const body = this.world.getRigidBody(h);
      body.setNextKinematicTranslation(poses[i]!.p);
      body.setNextKinematicRotation(poses[i]!.q);
    }
  }

  /** World centre of mass of each finger, in gripperJoints order (Meta-World's pad positions). */
  fingerCentres(): Vec3[] {
    return this.fingerHandles.map((h) => {
      const c = this.world.getRigidBody(h).worldCom();
      return { x: c.x, y: c.y, z: c.z };
    });
  }

  /** Finger joint positions (m) and velocities (m/s) measured from the bodies. */
  fingerState(positions: Float64Array, velocities: Float64Array): void {
    const hand = this.world.getRigidBody(this.linkHandles[this.handIndex]!);
    const hp = hand.translation();
    const hq = hand.rotation();
    const hv = hand.linvel();
    const hw = hand.angvel();
    const inv = conjugate(hq as { w: number; x: number; y: number; z: number }, scratchQ);
    this.fingerJoints.forEach((j, k) => {
      const body = this.world.getRigidBody(this.fingerHandles[k]!);
      const rel = sub(body.translation(), hp, scratchA);
      const local = rotate(inv, rel, scratchB);
      positions[k] = dot(sub(local, j.origin.p, local), j.axis);
      // Velocity of the finger relative to the hand point it sits on, in the hand frame.
      const carried = cross(hw, rel, scratchC);
      const v = body.linvel();
      scratchA.x = v.x - hv.x - carried.x;
      scratchA.y = v.y - hv.y - carried.y;
      scratchA.z = v.z - hv.z - carried.z;
      velocities[k] = dot(rotate(inv, scratchA, scratchB), j.axis);
    });
  }

  /** TCP pose in the world for joint positions q (default: the current ones). */
  tcpWorld(q: ArrayLike<number> = this.q, target: Pose = tcpScratch): Pose {
    const poses = this.robot.chain.linkPoses(q, this.poses);
    return composePose(this.base, poses[this.tcpIndex]!, target);
  }

  /**
   * World pose of one of the chain's links at the current joints (what carries a mounted camera).
   * @throws SimError naming the links when `name` is not one of them.
   */
  linkPose(name: string, target: Pose = pose()): Pose {
    const i = this.robot.chain.linkNames.indexOf(name);
    if (i < 0) throw new SimError(`robot "${this.robot.description.uid}": no link "${name}"; its chain has ${this.robot.chain.linkNames.join(', ')}`);
    return composePose(this.base, this.robot.chain.linkPoses(this.q, this.poses)[i]!, target);
  }

  /** Arm base pose in the world. */
  get basePose(): Pose {
    return this.base;
  }

  /** Save joint state. */
  getState(): SimArmState {
    return { q: Array.from(this.q), qvel: Array.from(this.qvel) };
  }

  /** Restore joint state saved by getState (the bodies come back with the world snapshot). */
  setState(state: SimArmState): void {
    this.q.set(state.q);
    this.qvel.set(state.qvel);
  }

  private worldPoses(q: ArrayLike<number>): Pose[] {
    const poses = this.robot.chain.linkPoses(q, this.poses);
    for (const p of poses) composePose(this.base, p, p);
    return poses;
  }

  private fingerWorldPose(hand: Pose, j: UrdfJoint, value: number): Pose {
    const local = pose(vec3(j.origin.p.x + j.axis.x * value, j.origin.p.y + j.axis.y * value, j.origin.p.z + j.axis.z * value), j.origin.q);
    return composePose(hand, local, pose());
  }

  private addColliders(linkName: string, body: RAPIER.RigidBody): void {
    for (const c of this.robot.urdf.links.get(linkName)!.collisions) {
      this.world.createCollider(colliderFromUrdf(c).setCollisionGroups(ARM_LINK_GROUPS), body);
    }
  }
}

function violation(p: Pose, w: Workspace): number {
  const { low, high } = w;
  return (
    Math.max(0, low.x - p.p.x, p.p.x - high.x) +
    Math.max(0, low.y - p.p.y, p.p.y - high.y) +
    Math.max(0, low.z - p.p.z, p.p.z - high.z)
  );
}

const ZERO = { x: 0, y: 0, z: 0 };
const scratchQ = quat();
const scratchA = vec3();
const scratchB = vec3();
const scratchC = vec3();
const tcpScratch = pose();
