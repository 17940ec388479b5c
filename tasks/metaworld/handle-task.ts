import type { Quat } from '../../math/quat.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import { HANDLE_GOALS, HANDLE_SIDEWAYS, HANDLE_SITES, addHandlePress, boxPoint, placeHandlePress } from './handle-object.js';
import { HAND_BOX } from './metaworld-hand.js';
import { HAND_INIT } from './metaworld-object.js';

/** A handle task's info: success, the observed site's gap to the goal, the TCP's distance to the site. */
export interface HandleInfo extends StepInfo {
  obj_to_target: number;
  tcp_to_obj: number;
  /** The TCP within 0.05 m of the site. */
  near_object: boolean;
}

/** What one handle task sets. */
export interface HandleSetup {
  /** The box's reset box (Meta-World's obj_low / obj_high: the rand_vec is the box's position). */
  objLow: Vec3;
  objHigh: Vec3;
  /** The goal_space the observed goal is clipped to (the hand box by default). */
  goalBox?: { low: Vec3; high: Vec3 };
  /** The sideways XML (the box turned 1.57 rad about z). */
  sideways: boolean;
  /** Which site is observed (obs[4:7]) and which goal site is the goal. */
  site: keyof typeof HANDLE_SITES;
  goal: keyof typeof HANDLE_GOALS;
  /** The handle's position at reset, m (the task's _set_obj_xyz). */
  start: number;
  /** The success rule's bound on obj_to_target, m. */
  successDistance: number;
  /** Where the hand starts (Meta-World's (0, 0.6, 0.2) by default). */
  handInit?: Vec3;
}

/**
 * What Meta-World's four handle tasks share: the handle press (handle-object.ts), the hand at (0,
 * 0.6, 0.2), open, the box's position drawn from the task's box, the handle set to its start,
 * the goal the XML's goalPress or goalPull site; the 39-d observation of the task's site with
 * zeros for obs[7:11] (their _get_quat_objects); success as obj_to_target (the task's gap) within
 * the task's bound, at any step of the 500. A task adds the gap and its reward.
 */
export abstract class HandleTask extends ArticulatedTask<HandleInfo> {
  /** The observed site (obs[4:7]), world frame, written by evaluate(). */
  protected readonly point = vec3();
  private readonly turn: Quat;

  constructor(protected readonly handle: HandleSetup) {
    super({ object: 'handle', handInit: handle.handInit ?? HAND_INIT, objLow: handle.objLow, objHigh: handle.objHigh, site: HANDLE_SITES[handle.site], goalBox: handle.goalBox ?? HAND_BOX, quat: { order: 'zeros' } });
    this.turn = handle.sideways ? HANDLE_SIDEWAYS : { w: 1, x: 0, y: 0, z: 0 };
  }

  loadScene(scene: Scene): void {
    addHandlePress(scene, this.turn);
  }

  evaluate(world: TaskWorld): HandleInfo {
    const p = this.observed(world, this.point);
    const t = world.tcp.p;
    const gap = this.gap(p);
    const tcpToObj = Math.hypot(p.x - t.x, p.y - t.y, p.z - t.z);
    return { success: gap <= this.handle.successDistance, obj_to_target: gap, tcp_to_obj: tcpToObj, near_object: tcpToObj <= 0.05 };
  }

  /** The task's gap between the observed site and the goal. */
  protected abstract gap(site: Vec3): number;

  protected arrange(scene: Scene): void {
    placeHandlePress(scene, this.baseAt, this.turn, this.handle.start);
    boxPoint(this.baseAt, this.turn, HANDLE_GOALS[this.handle.goal], this.goal);
  }
}
