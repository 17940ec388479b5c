import { vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { type ArticulatedSetup, ArticulatedTask } from './articulated-task.js';
import { hamacherProduct } from './gripper-caging.js';
import { gaussianTolerance, tolerance } from './tolerance.js';
import { addWindow } from './window-object.js';

const TARGET_RADIUS = 0.05;
const HANDLE_RADIUS = 0.02;

/** window-open-v3's and window-close-v3's info: success, the handle's x gap to the goal, the TCP's distance to it. */
export interface WindowInfo extends StepInfo {
  obj_to_target: number;
  tcp_to_obj: number;
  /** The TCP within 0.05 m of the handle point. */
  near_object: boolean;
}

/** How a window task's reward differs: the in-place margin's start gap, and reach's sigmoid. */
export interface WindowReward {
  /** Meta-World's target_to_obj_init, m (the in-place margin is it less TARGET_RADIUS). */
  startGap: number;
  /** Reach's sigmoid: window-open's long tail or window-close's gaussian. */
  reachSigmoid: 'long_tail' | 'gaussian';
}

/**
 * What window-open-v3 and window-close-v3 share: Meta-World's window (window-object.ts), the
 * handle site as the observed point with obs[7:11] zeros (their _get_quat_objects), success when
 * the handle's x is within 0.05 m of the goal's, and the v2 reward, 10 x the soft AND of reach
 * (TCP-handle distance, inside 0.02, margin its start less 0.02) and in place (x gap, inside 0.05,
 * margin the start gap less 0.05).
 *
 * Differs from Meta-World: the hand starts at (0, 0.5, 0.2) (PANDA_HAND_INIT_NEAR); reach's
 * margin reads this episode's handle start, where Meta-World's reads the site before the reset
 * has moved the window (the last episode's); the handle's capsules and cylinders are boxes; the
 * joint's armature is left out.
 */
export abstract class WindowTask extends ArticulatedTask<WindowInfo> {
  private readonly point = vec3();

  constructor(setup: Omit<ArticulatedSetup, 'object' | 'quat'>, private readonly reward: WindowReward) {
    super({ ...setup, object: 'window', quat: { order: 'zeros' } });
  }

  loadScene(scene: Scene): void {
    addWindow(scene);
  }

  evaluate(world: TaskWorld): WindowInfo {
    const p = this.observed(world, this.point);
    const t = world.tcp.p;
    const gap = Math.abs(p.x - this.goal.x);
    const tcpToObj = Math.hypot(p.x - t.x, p.y - t.y, p.z - t.z);
    return { success: gap <= TARGET_RADIUS, obj_to_target: gap, tcp_to_obj: tcpToObj, near_object: tcpToObj <= 0.05 };
  }

  denseReward(_world: TaskWorld, info: WindowInfo): number {
    const inPlace = tolerance(info.obj_to_target, 0, TARGET_RADIUS, Math.abs(this.reward.startGap - TARGET_RADIUS));
    // Meta-World's handle start is read before the reset moves the window (so from the last
    // episode's window); here it is this episode's (objInit, the handle point at reset).
    const o = this.objInit;
    const ti = this.tcpInit;
    const margin = Math.abs(Math.hypot(o.x - ti.x, o.y - ti.y, o.z - ti.z) - HANDLE_RADIUS);
    const sigmoid = this.reward.reachSigmoid === 'gaussian' ? gaussianTolerance : tolerance;
    const reach = sigmoid(info.tcp_to_obj, 0, HANDLE_RADIUS, margin);
    return 10 * hamacherProduct(reach, inPlace);
  }
}
