/**
 * door-open-v3 (Meta-World): swing a safe's door open toward the robot.
 *
 * Scene: Meta-World's safe and door (door-object.ts), the door on a hinge about z. Reset: the
 * hand at (0, 0.6, 0.2), open; the safe's position uniform in [0, 0.1] x [0.85, 0.95] x {0.15},
 * the door shut; the goal is that position + (-0.3, -0.45, 0), observed clipped to Meta-World's
 * goal_space [-0.3, -0.2] x [0.4, 0.5] x [0.1499, 0.1501]. The observed point is the handle
 * geom's frame (DOOR_HANDLE_SITE), obs[7:11] that geom's rotation x, y, z, w. Success: the
 * point's x within 0.08 m of the goal's (the door open between about 1.38 and 1.81 rad), at any
 * step of the 500. Reward (Meta-World's v2, max 10; 10 on success): 2 x the soft AND of ready
 * and the gripper effort ((a[3] + 1) / 2), plus 8 x opened. ready = the soft AND of above_floor
 * (the hand above a log funnel round the handle less 0.05 m in x: 0 within 0.12 m of it in xy,
 * else 0.04 ln(r - 0.12) + 0.4; below, tolerance(depth, inside 0.01, margin floor / 2)) and
 * in_place (tolerance(|hand - (handle - (0.05, 0, 0)) - (0.05, 0.03, -0.01)|, inside 0.06,
 * margin 0.5)); opened = 0.2 once past 2 degrees + 0.8 tolerance(2.094 - angle, inside 0.5,
 * margin pi / 3). As in Meta-World the hand terms read obs[0:3], the hand, not the TCP.
 *
 * Differs from Meta-World: the door's inertia drops the tensor's small xy product and the
 * joint's armature; the handle's cylinders are boxes; the Rapier hinge's damping, measured on a
 * free swing, acts at about a fifth of the XML's 2 N m s (decay time 0.35 s where 0.075 s is
 * due; the prismatic joints' damping measures right), so a pushed door coasts further; and the
 * kinematic hand, driven into the shut door, forces its stop (0.30 rad in the ram test).
 */
import { pose } from '../../math/pose.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import { DOOR_OBSERVED, addDoor, doorOpening, placeDoor } from './door-object.js';
import { hamacherProduct } from './gripper-caging.js';
import { handPosition } from './metaworld-hand.js';
import { tolerance } from './tolerance.js';

const SUCCESS_DISTANCE = 0.08;
const GOAL_OFFSET: Readonly<Vec3> = { x: -0.3, y: -0.45, z: 0 };
const FUNNEL = 0.12;

/** door-open-v3's info: success, the door's opening angle (rad, positive open), and the reward's ready term. */
export interface DoorOpenInfo extends StepInfo {
  door_angle: number;
  /** Meta-World's reward_ready: the hand above the funnel and in place by the handle. */
  ready_to_open: number;
}

/** Meta-World's door-open-v3 on the Panda placed for Meta-World. */
export class DoorOpenV3 extends ArticulatedTask<DoorOpenInfo> {
  readonly id = 'door-open-v3';
  private readonly point = vec3();
  private readonly hand = vec3();
  private readonly pose = pose();

  constructor() {
    super({
      ...DOOR_OBSERVED,
      handInit: { x: 0, y: 0.6, z: 0.2 },
      goalBox: { low: { x: -0.3, y: 0.4, z: 0.1499 }, high: { x: -0.2, y: 0.5, z: 0.1501 } },
    });
  }

  loadScene(scene: Scene): void {
    addDoor(scene);
  }

  evaluate(world: TaskWorld): DoorOpenInfo {
    const p = this.observed(world, this.point);
    const angle = doorOpening(world.objectPose('door', this.pose).q);
    return { success: Math.abs(p.x - this.goal.x) <= SUCCESS_DISTANCE, door_angle: angle, ready_to_open: this.ready(world, p) };
  }

  denseReward(_world: TaskWorld, info: DoorOpenInfo, action: ArrayLike<number>): number {
    if (info.success) return 10;
    const grab = (Math.min(1, Math.max(-1, action[action.length - 1] ?? 0)) + 1) / 2;
    const a = info.door_angle;
    const opened = 0.2 * (a > Math.PI / 90 ? 1 : 0) + 0.8 * tolerance(Math.PI / 2 + Math.PI / 6 - a, 0, 0.5, Math.PI / 3);
    return 2 * hamacherProduct(info.ready_to_open, grab) + 8 * opened;
  }

  protected arrange(scene: Scene): void {
    placeDoor(scene, this.baseAt, 0);
    this.goal.x = this.baseAt.x + GOAL_OFFSET.x;
    this.goal.y = this.baseAt.y + GOAL_OFFSET.y;
    this.goal.z = this.baseAt.z + GOAL_OFFSET.z;
  }

  // Meta-World's _reward_pos first half, on the hand (obs[0:3]; the hand box it is clamped to
  // lies inside the observation space, so the observation's clip leaves it be) and the handle.
  private ready(world: TaskWorld, p: Vec3): number {
    const { x: hx, y: hy, z: hz } = handPosition(world.tcp, this.hand);
    const dx = p.x - 0.05;
    const radius = Math.hypot(hx - dx, hy - p.y);
    const floor = radius <= FUNNEL ? 0 : 0.04 * Math.log(radius - FUNNEL) + 0.4;
    const aboveFloor = hz >= floor ? 1 : tolerance(floor - hz, 0, 0.01, floor / 2);
    const inPlace = tolerance(Math.hypot(hx - dx - 0.05, hy - p.y - 0.03, hz - p.z + 0.01), 0, FUNNEL / 2, 0.5);
    return hamacherProduct(aboveFloor, inPlace);
  }
}
