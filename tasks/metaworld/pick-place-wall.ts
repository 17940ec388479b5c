/**
 * pick-place-wall-v3 (Meta-World): pick up the cylinder and bring it to a goal in the air behind
 * a low wall.
 *
 * Scene: pick-place-v3's cylinder and the object tasks' wall (wall-object.ts OBJECT_WALL: x -0.02
 * to 0.22, y 0.74 to 0.76, up to 0.12 m). Reset: the hand at (0, 0.6, 0.2), open; object xy
 * uniform in [-0.05, 0.05] x [0.6, 0.65]; goal uniform in [-0.05, 0.05] x [0.85, 0.9] x
 * [0.05, 0.3]; redrawn together until their xy are 0.15 m or more apart. Success: the object's
 * centre within 0.07 m of the goal, at any step of the 500. Reward (Meta-World's v2, max 10):
 * g = the soft AND of the caging-and-gripping reward (the base one, not high-density) and
 * in_place1 = tolerance(object's distance to the midpoint (goal x, 0.77, 0.25) with z counted 3
 * times, inside 0.05); once the TCP is within 0.02 m of the object with the gripper not shut and
 * the object lifted 0.015 m, g + 1 + 4 x in_place1, and past y = 0.75, g + 5 + 3 x
 * tolerance(object-goal distance, inside 0.05); 10 within 0.05 m of the goal.
 *
 * Differs from Meta-World: as push-wall-v3 (object at z 0.02, the wall stops the object but not
 * the kinematic arm; pads are the Panda fingers' centres of mass).
 */
import type { TaskWorld } from '../task-world.js';
import { gripperCagingReward, hamacherProduct } from './gripper-caging.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { ObjectWallTask } from './object-wall-task.js';
import type { PushInfo } from './push.js';
import { tolerance } from './tolerance.js';

const TARGET_RADIUS = 0.05;
const CAGING = { objRadius: 0.015, padSuccessThreshold: 0.05, xzThreshold: 0.005, highDensity: false };
const MIDPOINT_Y = 0.77;
const MIDPOINT_Z = 0.25;

/** Meta-World's pick-place-wall-v3 on the Panda placed for Meta-World. */
export class PickPlaceWallV3 extends ObjectWallTask {
  readonly id = 'pick-place-wall-v3';

  constructor() {
    super({
      objLow: { x: -0.05, y: 0.6, z: 0.02 },
      objHigh: { x: 0.05, y: 0.65, z: 0.02 },
      goalLow: { x: -0.05, y: 0.85, z: 0.05 },
      goalHigh: { x: 0.05, y: 0.9, z: 0.3 },
    });
  }

  denseReward(world: TaskWorld, info: PushInfo, action: ArrayLike<number>): number {
    if (info.obj_to_target < TARGET_RADIUS) return 10;
    const obj = world.objectPose('obj', this.obj).p;
    const tcp = world.tcp.p;
    const oi = this.objInit;
    const g = this.goal;
    const toMid = Math.hypot(obj.x - g.x, obj.y - MIDPOINT_Y, 3 * (obj.z - MIDPOINT_Z));
    const toMidInit = Math.hypot(oi.x - g.x, oi.y - MIDPOINT_Y, 3 * (oi.z - MIDPOINT_Z));
    const inPlace1 = tolerance(toMid, 0, TARGET_RADIUS, toMidInit);
    const inPlace2 = tolerance(info.obj_to_target, 0, TARGET_RADIUS, Math.hypot(oi.x - g.x, oi.y - g.y, oi.z - g.z));
    world.fingerPads(this.left, this.right);
    const grasped = gripperCagingReward({ pads: [this.left, this.right], tcp, obj, objInit: oi, tcpInit: this.tcpInit, gripperEffort: action[action.length - 1] ?? 0 }, CAGING);
    const held = hamacherProduct(grasped, inPlace1);
    const tcpToObj = Math.hypot(obj.x - tcp.x, obj.y - tcp.y, obj.z - tcp.z);
    if (!(tcpToObj < 0.02 && gripperDistanceApart(world) > 0 && obj.z - 0.015 > oi.z)) return held;
    return obj.y > 0.75 ? held + 5 + 3 * inPlace2 : held + 1 + 4 * inPlace1;
  }
}
