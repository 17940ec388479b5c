import type { Quat } from '../../math/quat.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import { HAND_INIT } from './metaworld-object.js';
import { addPuck, addPuckGoal, placePuckGoal } from './puck-object.js';
import { tolerance } from './tolerance.js';

const SUCCESS_DISTANCE = 0.07;
/** Meta-World's _TARGET_RADIUS of the plate rewards: 10 within it. */
export const PLATE_TARGET_RADIUS = 0.05;

/** A plate-slide task's info: success, the puck's distance to the goal, the TCP's to the puck. */
export interface PlateSlideInfo extends StepInfo {
  obj_to_target: number;
  tcp_to_obj: number;
  /** The TCP within 0.03 m of the puck. */
  near_object: boolean;
}

/** What one plate-slide task sets: its goal box, the puck's start, the net, its rand_vec's object part. */
export interface PlateSetup {
  /** The goal's box (Meta-World's goal_low / goal_high, also its goal_space). */
  goalLow: Vec3;
  goalHigh: Vec3;
  /** The puck's slide positions at reset (the task's _set_obj_xyz). */
  puckStart: { x: number; y: number };
  /** Where the net stands and its turn; `followsGoal`: moved to each episode's goal (plate-slide). */
  net: { at: Vec3; q?: Quat; followsGoal?: boolean };
  /**
   * The rand_vec's first three numbers, Meta-World's obj_init_pos, which its rewards read (fixed:
   * obj_low = obj_high). It is not where the puck starts: the puck is put by its slides.
   */
  objInit: Vec3;
}

/**
 * What Meta-World's four plate-slide tasks share: the puck on its slides and the goal net
 * (puck-object.ts), the hand at (0, 0.6, 0.2), open, the goal uniform in the task's box (the
 * rand_vec's object part is fixed), the 39-d observation of the puck's centre with obs[7:11] its
 * (never turning) quaternion, x, y, z, w, and the goal clipped to its box; success with the
 * puck's centre within 0.07 m of the goal (3-d), at any step of the 500. The reward here is
 * Meta-World's v2 of plate-slide-side, -back and -back-side (max 10): 1.5 x reach, where reach =
 * tolerance(TCP-puck distance, inside 0.05, margin |TCP start - obj_init| - 0.05); with the TCP
 * at most 0.03 m high and within 0.07 m of the puck, 2 + 7 x in place, where in place =
 * tolerance(puck-goal distance, inside 0.05, margin |obj_init - goal| - 0.05); 10 within 0.05.
 */
export abstract class PlateSlideTask extends ArticulatedTask<PlateSlideInfo> {
  /** The puck's centre (obs[4:7]), world frame, written by evaluate(). */
  protected readonly puck = vec3();

  constructor(protected readonly plate: PlateSetup) {
    super({ object: 'puck', handInit: HAND_INIT, objLow: plate.goalLow, objHigh: plate.goalHigh, site: { x: 0, y: 0, z: 0 }, goalBox: { low: plate.goalLow, high: plate.goalHigh } });
  }

  loadScene(scene: Scene): void {
    addPuck(scene);
    addPuckGoal(scene, this.plate.net.at, this.plate.net.q);
  }

  evaluate(world: TaskWorld): PlateSlideInfo {
    const p = this.observed(world, this.puck);
    const t = world.tcp.p;
    const g = this.goal;
    const toGoal = Math.hypot(p.x - g.x, p.y - g.y, p.z - g.z);
    const tcpToObj = Math.hypot(p.x - t.x, p.y - t.y, p.z - t.z);
    return { success: toGoal <= SUCCESS_DISTANCE, obj_to_target: toGoal, tcp_to_obj: tcpToObj, near_object: tcpToObj <= 0.03 };
  }

  denseReward(world: TaskWorld, info: PlateSlideInfo): number {
    if (info.obj_to_target < PLATE_TARGET_RADIUS) return 10;
    const { inPlaceMargin, reachMargin } = this.margins();
    const reach = tolerance(info.tcp_to_obj, 0, PLATE_TARGET_RADIUS, reachMargin - PLATE_TARGET_RADIUS);
    if (world.tcp.p.z <= 0.03 && info.tcp_to_obj < 0.07) return 2 + 7 * tolerance(info.obj_to_target, 0, PLATE_TARGET_RADIUS, inPlaceMargin - PLATE_TARGET_RADIUS);
    return 1.5 * reach;
  }

  /** |obj_init - goal| and |TCP start - obj_init|, the distances Meta-World's margins start from. */
  protected margins(): { inPlaceMargin: number; reachMargin: number } {
    const o = this.plate.objInit;
    const g = this.goal;
    const t = this.tcpInit;
    return { inPlaceMargin: Math.hypot(o.x - g.x, o.y - g.y, o.z - g.z), reachMargin: Math.hypot(t.x - o.x, t.y - o.y, t.z - o.z) };
  }

  // The drawn vector (the rand_vec's random part) is the goal.
  protected arrange(scene: Scene): void {
    this.goal.x = this.baseAt.x;
    this.goal.y = this.baseAt.y;
    this.goal.z = this.baseAt.z;
    scene.setPlanarPosition('puck', this.plate.puckStart.x, this.plate.puckStart.y);
    if (this.plate.net.followsGoal) placePuckGoal(scene, this.goal);
  }
}
