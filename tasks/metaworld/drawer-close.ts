/**
 * drawer-close-v3 (Meta-World): push an open drawer shut.
 *
 * Scene: Meta-World's drawer (drawer-object.ts). Reset: the hand at (0, 0.6, 0.215) (Meta-World's
 * 0.2 raised: the Panda's finger boxes reach 1 cm below its TCP where the Sawyer's pads end at it,
 * and at 0.2 they would start 5 mm inside the open drawer's front wall, top 0.15 m), open; the
 * case's position uniform in [-0.1, 0.1] x {0.9} x {0}, the drawer out 0.15 m; the goal is that
 * position + (0, -0.16, 0.09). The observed object point is the drawer's origin + (0, -0.16,
 * 0.05). Success: that point within 0.065 m of the goal (TARGET_RADIUS 0.05 + 0.015), at
 * any step of the 500; a shut drawer's point is 0.051 m from it. Reward (Meta-World's v2, max
 * 10): 10 x the soft AND of reach and in_place, or 10 on success; in_place =
 * tolerance(point-goal distance, inside 0.05, margin its start less 0.05), reach = the soft AND
 * of a gaussian tolerance(TCP-point distance, inside 0.005, margin its start less 0.005) and the
 * gripper effort clipped to [0, 1].
 */
import { vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import { addDrawer, placeDrawer } from './drawer-object.js';
import { hamacherProduct } from './gripper-caging.js';
import { gaussianTolerance, tolerance } from './tolerance.js';

const MAX_DIST = 0.15;
const TARGET_RADIUS = 0.05;
const SUCCESS_DISTANCE = TARGET_RADIUS + 0.015;
const HANDLE_REACH_RADIUS = 0.005;

/** drawer-close-v3's info: success and the observed point's distance to the goal. */
export interface DrawerCloseInfo extends StepInfo {
  obj_to_target: number;
  /** The TCP within 0.01 m of the observed point. */
  near_object: boolean;
}

/** Meta-World's drawer-close-v3 on the Panda placed for Meta-World. */
export class DrawerCloseV3 extends ArticulatedTask<DrawerCloseInfo> {
  readonly id = 'drawer-close-v3';
  private readonly point = vec3();

  constructor() {
    super({
      object: 'drawer',
      handInit: { x: 0, y: 0.6, z: 0.215 },
      objLow: { x: -0.1, y: 0.9, z: 0 },
      objHigh: { x: 0.1, y: 0.9, z: 0 },
      site: { x: 0, y: -0.16, z: 0.05 },
    });
  }

  loadScene(scene: Scene): void {
    addDrawer(scene);
  }

  evaluate(world: TaskWorld): DrawerCloseInfo {
    const p = this.observed(world, this.point);
    const t = world.tcp.p;
    const toGoal = Math.hypot(p.x - this.goal.x, p.y - this.goal.y, p.z - this.goal.z);
    return { success: toGoal <= SUCCESS_DISTANCE, obj_to_target: toGoal, near_object: Math.hypot(p.x - t.x, p.y - t.y, p.z - t.z) <= 0.01 };
  }

  denseReward(world: TaskWorld, info: DrawerCloseInfo, action: ArrayLike<number>): number {
    if (info.obj_to_target <= SUCCESS_DISTANCE) return 10;
    const g = this.goal;
    const o = this.objInit;
    const inPlace = tolerance(info.obj_to_target, 0, TARGET_RADIUS, Math.abs(Math.hypot(o.x - g.x, o.y - g.y, o.z - g.z) - TARGET_RADIUS));
    const p = this.observed(world, this.point);
    const t = world.tcp.p;
    const ti = this.tcpInit;
    const margin = Math.abs(Math.hypot(o.x - ti.x, o.y - ti.y, o.z - ti.z) - HANDLE_REACH_RADIUS);
    const near = gaussianTolerance(Math.hypot(p.x - t.x, p.y - t.y, p.z - t.z), 0, HANDLE_REACH_RADIUS, margin);
    const reach = hamacherProduct(near, Math.min(Math.max(0, action[action.length - 1] ?? 0), 1));
    return 10 * hamacherProduct(reach, inPlace);
  }

  protected arrange(scene: Scene): void {
    placeDrawer(scene, this.baseAt, MAX_DIST);
    const b = this.baseAt;
    this.goal.x = b.x;
    this.goal.y = b.y - 0.16;
    this.goal.z = b.z + 0.09;
  }
}
