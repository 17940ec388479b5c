import { type Pose, copyPose, pose } from '../math/pose.js';
import { conjugate, multiply, rotate, toRotationVector } from '../math/quat.js';
import { type Vec3, vec3 } from '../math/vec3.js';
import type { Robot } from '../robot/robot.js';
import type { TaskWorld } from '../tasks/task-world.js';
import { DetectorError } from './hardware-errors.js';
import type { DriverObservation } from './robot-driver.js';

/** Which driver observation keys (topics in a ROS config) carry what a task perceives. */
export interface PerceptionConfig {
  /** Task object name -> observation key of its pose (xyz + wxyz); default: every object reads 'obj_pose'. */
  objects?: Record<string, string>;
  /** Observation key of the goal position (default 'goal_pos'; absent: the task's own goal holds). */
  goal?: string;
  /** Observation key of a 0/1 grasp flag; default: judged from the fingers. */
  grasped?: string;
}

// Without a grasp sensor: the fingers are commanded closed but stopped this far apart or more.
const MIN_GRASP_OPENING = 0.004;
const CLOSED_TARGET = 0.002;
const Y_AXIS = { x: 0, y: 1, z: 0 };
// A perceived object whose pose has not changed for this long is at rest.
const STILL_MS = 200;

/**
 * The TaskWorld of a real arm: joint states and TCP from the driver, object and goal poses from
 * its perception inputs. refresh() reads a new DriverObservation.
 */
export class DriverWorld implements TaskWorld {
  readonly armQ: Float64Array;
  readonly armQd: Float64Array;
  readonly fingerQ: Float64Array;
  readonly fingerQd: Float64Array;
  readonly tcp: Pose = pose();
  private obs: DriverObservation | null = null;
  private fingerTarget = 0;
  private readonly axis = { x: 0, y: 0, z: 0 };
  private readonly tracks = new Map<string, { at: number; pose: Pose; linear: Vec3; angular: Vec3 }>();

  constructor(readonly robot: Robot, private readonly perception: PerceptionConfig = {}) {
    this.armQ = new Float64Array(robot.chain.dof);
    this.armQd = new Float64Array(robot.chain.dof);
    this.fingerQ = new Float64Array(robot.description.gripperJoints.length);
    this.fingerQd = new Float64Array(robot.description.gripperJoints.length);
  }

  /** Take a new observation (and the finger target last commanded, for the grasp judgement). */
  refresh(obs: DriverObservation, fingerTarget: number): void {
    this.obs = obs;
    this.fingerTarget = fingerTarget;
    this.armQ.set(obs.armQ);
    this.armQd.set(obs.armQd);
    this.fingerQ.set(obs.gripperQ);
    this.fingerQd.set(obs.gripperQd);
    copyPose(obs.tcp, this.tcp);
  }

  objectPose(name: string, target: Pose): Pose {
    const v = this.input(this.perception.objects?.[name] ?? 'obj_pose', 7, `the pose of '${name}'`)!;
    target.p.x = v[0]!;
    target.p.y = v[1]!;
    target.p.z = v[2]!;
    target.q.w = v[3]!;
    target.q.x = v[4]!;
    target.q.y = v[5]!;
    target.q.z = v[6]!;
    return target;
  }

  /**
   * Finite differences of the perceived pose between the observations that moved it (perception
   * sends poses, not velocities, often slower than joint states); zero until it has moved, and
   * once it has not moved for STILL_MS.
   */
  objectVelocity(name: string, linear: Vec3, angular: Vec3): void {
    const now = this.objectPose(name, pose());
    const stamp = this.obs!.stamp;
    let track = this.tracks.get(name);
    if (!track) this.tracks.set(name, (track = { at: stamp, pose: now, linear: vec3(), angular: vec3() }));
    const dt = (stamp - track.at) / 1000;
    const p = track.pose.p;
    const q = track.pose.q;
    const moved = now.p.x !== p.x || now.p.y !== p.y || now.p.z !== p.z || now.q.w !== q.w || now.q.x !== q.x || now.q.y !== q.y || now.q.z !== q.z;
    if (moved && dt > 0) {
      track.linear.x = (now.p.x - p.x) / dt;
      track.linear.y = (now.p.y - p.y) / dt;
      track.linear.z = (now.p.z - p.z) / dt;
      const turn = toRotationVector(multiply(now.q, conjugate(q)));
      track.angular.x = turn.x / dt;
      track.angular.y = turn.y / dt;
      track.angular.z = turn.z / dt;
      track.at = stamp;
      track.pose = now;
    } else if (!moved && stamp - track.at > STILL_MS) {
      track.linear = vec3();
      track.angular = vec3();
    }
    Object.assign(linear, track.linear);
    Object.assign(angular, track.angular);
  }

  isGrasping(): boolean {
    if (this.perception.grasped) return this.input(this.perception.grasped, 1, 'the grasp flag')![0]! > 0.5;
    let opening = 0;
    for (const q of this.fingerQ) opening += q;
    return this.fingerTarget <= CLOSED_TARGET && opening >= MIN_GRASP_OPENING;
  }

  fingerPads(left: Vec3, right: Vec3): void {
    const axis = rotate(this.tcp.q, Y_AXIS, this.axis);
    const p = this.tcp.p;
    const l = this.fingerQ[0] ?? 0;
    const r = this.fingerQ[1] ?? l;
    left.x = p.x + axis.x * l;
    left.y = p.y + axis.y * l;
    left.z = p.z + axis.z * l;
    right.x = p.x - axis.x * r;
    right.y = p.y - axis.y * r;
    right.z = p.z - axis.z * r;
  }

  perceivedGoal(target: Vec3): Vec3 | null {
    const key = this.perception.goal ?? 'goal_pos';
    const v = this.obs?.extras.get(key);
    if (!v || v.length < 3) return null;
    target.x = v[0]!;
    target.y = v[1]!;
    target.z = v[2]!;
    return target;
  }

  private input(key: string, size: number, what: string): Float32Array | null {
    const v = this.obs?.extras.get(key);
    if (!v || v.length < size) throw new DetectorError(`the task reads ${what} from observation '${key}' (${size} floats), which has ${v ? `${v.length} floats` : 'not arrived from the robot'}`);
    return v;
  }
}
