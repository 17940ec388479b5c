import { type Pose, copyPose, pose } from '../math/pose.js';
import { copyQuat, rotate } from '../math/quat.js';
import { type Vec3, copy } from '../math/vec3.js';
import type { Robot } from '../robot/robot.js';
import type { Scene } from '../sim/scene.js';
import type { TaskWorld } from './task-world.js';

// ManiSkill's is_grasping: each finger pushes with at least 0.5 N along its closing axis (the
// TCP's y axis) to within 85 degrees.
const GRASP_MIN_FORCE = 0.5;
const GRASP_MIN_COS = Math.cos((85 * Math.PI) / 180);
const CLOSING_AXIS = { x: 0, y: 1, z: 0 };

/** The TaskWorld of a Rapier scene: exact state, contact-based grasping. Call refresh() after each reset or step. */
export class SceneWorld implements TaskWorld {
  readonly robot: Robot;
  readonly armQ: Float64Array;
  readonly armQd: Float64Array;
  readonly fingerQ: Float64Array;
  readonly fingerQd: Float64Array;
  readonly tcp: Pose = pose();
  private readonly fingerColliders: number[][];
  private readonly grasp = new Map<string, { at: number; value: boolean }>();
  private readonly axis = { x: 0, y: 0, z: 0 };
  private version = 0;

  /** @param goal when set, the goal this world reports as perceived (a simulated robot's own task). */
  constructor(readonly scene: Scene, private readonly goal: Readonly<Vec3> | null = null) {
    this.robot = scene.robot;
    const n = scene.robot.chain.dof;
    const f = scene.robot.description.gripperJoints.length;
    this.armQ = new Float64Array(n);
    this.armQd = new Float64Array(n);
    this.fingerQ = new Float64Array(f);
    this.fingerQd = new Float64Array(f);
    this.fingerColliders = scene.arm.fingerColliders();
  }

  /** Read the scene's state again. */
  refresh(): void {
    const arm = this.scene.arm;
    this.armQ.set(arm.q);
    this.armQd.set(arm.qvel);
    arm.fingerState(this.fingerQ, this.fingerQd);
    copyPose(arm.tcpWorld(), this.tcp);
    this.version++;
  }

  objectPose(name: string, target: Pose): Pose {
    const body = this.scene.body(name);
    copy(body.translation(), target.p);
    copyQuat(body.rotation(), target.q);
    return target;
  }

  objectVelocity(name: string, linear: Vec3, angular: Vec3): void {
    const body = this.scene.body(name);
    copy(body.linvel(), linear);
    copy(body.angvel(), angular);
  }

  isGrasping(name: string): boolean {
    let cached = this.grasp.get(name);
    if (!cached) this.grasp.set(name, (cached = { at: -1, value: false }));
    if (cached.at !== this.version) {
      cached.at = this.version;
      cached.value = this.graspedNow(this.scene.colliders(name));
    }
    return cached.value;
  }

  fingerPads(left: Vec3, right: Vec3): void {
    const [l, r] = this.scene.arm.fingerCentres();
    copy(l!, left);
    copy(r!, right);
  }

  perceivedGoal(target: Vec3): Vec3 | null {
    return this.goal ? copy(this.goal, target) : null;
  }

  private graspedNow(objectColliders: readonly number[]): boolean {
    // A robot without fingers grasps nothing (every() over no fingers would say it does).
    if (this.fingerColliders.length === 0) return false;
    const axis = rotate(this.tcp.q, CLOSING_AXIS, this.axis);
    return this.fingerColliders.every((colliders) => {
      let force = 0;
      for (const c of colliders) for (const o of objectColliders) force += this.scene.contactForce(c, o, axis, GRASP_MIN_COS);
      return force >= GRASP_MIN_FORCE;
    });
  }
}
