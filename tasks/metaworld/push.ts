/**
 * push-v3 (Meta-World): move the cylinder (radius and half-height 0.02 m) to a goal on the table.
 *
 * Reset: the hand at (0, 0.6, 0.2), open; object xy uniform in [-0.1, 0.1] x [0.6, 0.7]; goal xy
 * uniform in [-0.1, 0.1] x [0.8, 0.9] at the object's height; redrawn together until their xy
 * are 0.15 m or more apart. Success: the object's centre within 0.05 m of the goal, at any step
 * of the 500. Reward (Meta-World's v2 shaping, max 10): twice the high-density caging reward;
 * once the TCP is within 0.02 m of the object with the gripper not shut, 1 + that again + 5 x
 * tolerance(object-goal distance); 10 on success. The pads are the fingers' centres of mass.
 */
import { pose } from '../../math/pose.js';
import { vec3 } from '../../math/vec3.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { gripperCagingReward } from './gripper-caging.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { MetaWorldTask } from './metaworld-task.js';
import { tolerance } from './tolerance.js';

const TARGET_RADIUS = 0.05;
const CAGING = { objRadius: 0.015, padSuccessThreshold: 0.05, xzThreshold: 0.005, highDensity: true };

/** push-v3's info: success and the object's distance to the goal. */
export interface PushInfo extends StepInfo {
  obj_to_target: number;
}

/** Meta-World's push-v3 on the Panda placed for Meta-World. */
export class PushV3 extends MetaWorldTask<PushInfo> {
  readonly id = 'push-v3';
  private readonly obj = pose();
  private readonly left = vec3();
  private readonly right = vec3();

  constructor() {
    super({
      objLow: { x: -0.1, y: 0.6, z: 0.02 },
      objHigh: { x: 0.1, y: 0.7, z: 0.02 },
      goalLow: { x: -0.1, y: 0.8, z: 0.01 },
      goalHigh: { x: 0.1, y: 0.9, z: 0.02 },
    });
  }

  evaluate(world: TaskWorld): PushInfo {
    const o = world.objectPose('obj', this.obj).p;
    const objToTarget = Math.hypot(o.x - this.goal.x, o.y - this.goal.y, o.z - this.goal.z);
    return { success: objToTarget <= TARGET_RADIUS, obj_to_target: objToTarget };
  }

  denseReward(world: TaskWorld, info: PushInfo, action: ArrayLike<number>): number {
    const objToTarget = info.obj_to_target;
    if (objToTarget < TARGET_RADIUS) return 10;
    const obj = world.objectPose('obj', this.obj).p;
    const tcp = world.tcp.p;
    const inPlace = tolerance(objToTarget, 0, TARGET_RADIUS, Math.hypot(this.objInit.x - this.goal.x, this.objInit.y - this.goal.y, this.objInit.z - this.goal.z));
    world.fingerPads(this.left, this.right);
    const grasped = gripperCagingReward({ pads: [this.left, this.right], tcp, obj, objInit: this.objInit, tcpInit: this.tcpInit, gripperEffort: action[action.length - 1] ?? 0 }, CAGING);
    let reward = 2 * grasped;
    const tcpToObj = Math.hypot(obj.x - tcp.x, obj.y - tcp.y, obj.z - tcp.z);
    if (tcpToObj < 0.02 && gripperDistanceApart(world) > 0) reward += 1 + reward + 5 * inPlace;
    return reward;
  }

  // Meta-World keeps the object's height for the goal: it sits at the object's centre height.
  protected override adjustGoal(): void {
    this.goal.z = this.objInit.z;
  }
}
