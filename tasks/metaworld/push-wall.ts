/**
 * push-wall-v3 (Meta-World): move the cylinder to a goal on the table behind a low wall.
 *
 * Scene: push-v3's cylinder and the XML's wall (wall-object.ts OBJECT_WALL: x -0.02 to 0.22,
 * y 0.74 to 0.76, up to 0.12 m). Reset: the hand at (0, 0.6, 0.2), open; object xy uniform in
 * [-0.05, 0.05] x [0.6, 0.65]; goal xy uniform in [-0.05, 0.05] x [0.85, 0.9] at the object's
 * height; redrawn together until their xy are 0.15 m or more apart. Success: the object's centre
 * within 0.07 m of the goal, at any step of the 500. Reward (Meta-World's v2, max 10): twice the
 * high-density caging reward; once the TCP is within 0.02 m of the object with the gripper not
 * shut, 2 x caging + 1 + 4 x tolerance(object's distance to the midpoint (-0.05, 0.77) with x
 * counted 3 times, inside 0.05), and past y = 0.75, 2 x caging + 5 + 3 x tolerance(object-goal
 * distance, inside 0.05); 10 within 0.05 m of the goal.
 *
 * Differs from Meta-World: the object stands at z 0.02 (the XML's reset box has 0.015, 5 mm into
 * the table); the wall stops the object but not the kinematic arm (wall-object.ts), so the
 * expert carries the cylinder round the wall's end, as Meta-World's policy does; pads are the
 * Panda fingers' centres of mass.
 */
import type { TaskWorld } from '../task-world.js';
import { gripperCagingReward } from './gripper-caging.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { ObjectWallTask } from './object-wall-task.js';
import type { PushInfo } from './push.js';
import { tolerance } from './tolerance.js';

const TARGET_RADIUS = 0.05;
const CAGING = { objRadius: 0.015, padSuccessThreshold: 0.05, xzThreshold: 0.005, highDensity: true };
const MIDPOINT = { x: -0.05, y: 0.77 };

/** Meta-World's push-wall-v3 on the Panda placed for Meta-World. */
export class PushWallV3 extends ObjectWallTask {
  readonly id = 'push-wall-v3';

  constructor() {
    super({
      objLow: { x: -0.05, y: 0.6, z: 0.02 },
      objHigh: { x: 0.05, y: 0.65, z: 0.02 },
      goalLow: { x: -0.05, y: 0.85, z: 0.01 },
      goalHigh: { x: 0.05, y: 0.9, z: 0.02 },
    });
  }

  denseReward(world: TaskWorld, info: PushInfo, action: ArrayLike<number>): number {
    if (info.obj_to_target < TARGET_RADIUS) return 10;
    const obj = world.objectPose('obj', this.obj).p;
    const tcp = world.tcp.p;
    const oi = this.objInit;
    // The midpoint sits at the object's current height; x counts three times.
    const toMid = Math.hypot(3 * (obj.x - MIDPOINT.x), obj.y - MIDPOINT.y);
    const toMidInit = Math.hypot(3 * (oi.x - MIDPOINT.x), oi.y - MIDPOINT.y, oi.z - obj.z);
    const inPlace1 = tolerance(toMid, 0, TARGET_RADIUS, toMidInit);
    const inPlace2 = tolerance(info.obj_to_target, 0, TARGET_RADIUS, Math.hypot(oi.x - this.goal.x, oi.y - this.goal.y, oi.z - this.goal.z));
    world.fingerPads(this.left, this.right);
    const grasped = gripperCagingReward({ pads: [this.left, this.right], tcp, obj, objInit: oi, tcpInit: this.tcpInit, gripperEffort: action[action.length - 1] ?? 0 }, CAGING);
    const tcpToObj = Math.hypot(obj.x - tcp.x, obj.y - tcp.y, obj.z - tcp.z);
    if (!(tcpToObj < 0.02 && gripperDistanceApart(world) > 0)) return 2 * grasped;
    return obj.y > 0.75 ? 2 * grasped + 5 + 3 * inPlace2 : 2 * grasped + 1 + 4 * inPlace1;
  }

  // Meta-World keeps the object's height for the goal.
  protected override adjustGoal(): void {
    this.goal.z = this.objInit.z;
  }
}
