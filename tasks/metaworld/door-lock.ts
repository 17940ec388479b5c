/**
 * door-lock-v3 (Meta-World): turn the lock on a safe's door down.
 *
 * Scene: Meta-World's locked safe (door-object.ts addLockedSafe), the lock on a hinge about y.
 * Reset: the hand at (0, 0.5, 0.2), open (PANDA_HAND_INIT_NEAR: at Meta-World's (0, 0.6, 0.2) the
 * Panda's palm, 0.2 m long across the fingers, would start inside the lock); the safe's position uniform in [-0.1, 0.1] x [0.8,
 * 0.85] x {0.15}, the lock along +x; the goal is the lock's hinge + (0, -0.04, -0.1), observed
 * clipped to the hand box (goal_space, down to z -0.15). The observed point is the lockStartLock
 * site at the bar's end; obs[7:11] the door's raw xquat, (1, 0, 0, 0). Success: the point's
 * height within 0.02 m of the goal's (the lock turned 1.196 rad or more; its stop is 1.57), at
 * any step of the 500. Reward (Meta-World's v2, max 10): 2 x the soft AND of max(obs[3], 0) and
 * near_lock, plus 8 x pressed; near_lock = tolerance(the left pad's distance to the point with x,
 * y, z scaled 0.25, 1, 0.5, inside 0.01, margin the same from the left pad's start), pressed =
 * tolerance(the height gap, inside 0.005, margin the lock's 0.1 m).
 *
 * Differs from Meta-World: the hand's start (above); the pads are the Panda fingers' centres of mass (the one at +y taken
 * as the left); the lock weighs 10 g with its centre on the hinge (door-object.ts LOCK_MASS), its
 * armature sits in its inertia; the expert's palm, 0.2 m long across the fingers, reaches 1.3 cm
 * into the door's face while pressing (the kinematic arm and the fixed door do not touch).
 */
import { vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import { LOCK_HINGE, LOCK_OBSERVED, LOCK_START_LOCK, addLockedSafe, placeLockedSafe } from './door-object.js';
import { hamacherProduct } from './gripper-caging.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { PANDA_HAND_INIT_NEAR } from './metaworld-hand.js';
import { PadsAtStart, padsNow } from './pads-at-start.js';
import { tolerance } from './tolerance.js';

const SUCCESS_DISTANCE = 0.02;
const LOCK_LENGTH = 0.1;
const SCALE = { x: 0.25, y: 1, z: 0.5 };

/**
 * door-lock-v3's and door-unlock-v3's info: success, the gap to the goal (lock: in height,
 * unlock: in x), the scaled distance of Meta-World's hand point (lock: the left pad; unlock: its
 * shoulder) to the observed point.
 */
export interface DoorLockInfo extends StepInfo {
  obj_to_target: number;
  tcp_to_obj: number;
  /** That scaled distance within 0.05 m. */
  near_object: boolean;
}

/** Meta-World's door-lock-v3 on the Panda placed for Meta-World. */
export class DoorLockV3 extends ArticulatedTask<DoorLockInfo> {
  readonly id = 'door-lock-v3';
  private readonly point = vec3();
  private readonly left = vec3();
  private readonly right = vec3();
  protected override readonly padsAtStart = new PadsAtStart();

  constructor() {
    super({
      ...LOCK_OBSERVED,
      handInit: PANDA_HAND_INIT_NEAR,
      site: LOCK_START_LOCK,
      goalBox: { low: { x: -0.5, y: 0.4, z: -0.15 }, high: { x: 0.5, y: 1, z: 0.5 } },
    });
  }

  loadScene(scene: Scene): void {
    addLockedSafe(scene);
  }



  evaluate(world: TaskWorld): DoorLockInfo {
    const p = this.observed(world, this.point);
    padsNow(world, this.left, this.right);
    const gap = Math.abs(this.goal.z - p.z);
    const tcpToObj = scaledDistance(p, this.left);
    return { success: gap <= SUCCESS_DISTANCE, obj_to_target: gap, tcp_to_obj: tcpToObj, near_object: tcpToObj <= 0.05 };
  }

  denseReward(world: TaskWorld, info: DoorLockInfo): number {
    const p = this.observed(world, this.point);
    const near = tolerance(info.tcp_to_obj, 0, 0.01, scaledDistance(p, this.padsAtStart.left));
    const pressed = tolerance(info.obj_to_target, 0, 0.005, LOCK_LENGTH);
    return 2 * hamacherProduct(Math.max(gripperDistanceApart(world), 0), near) + 8 * pressed;
  }



  protected arrange(scene: Scene): void {
    placeLockedSafe(scene, this.baseAt, 0);
    const b = this.baseAt;
    this.goal.x = b.x + LOCK_HINGE.x;
    this.goal.y = b.y + LOCK_HINGE.y - 0.04;
    this.goal.z = b.z + LOCK_HINGE.z - 0.1;
  }
}

function scaledDistance(a: { x: number; y: number; z: number }, b: { x: number; y: number; z: number }): number {
  return Math.hypot(SCALE.x * (a.x - b.x), SCALE.y * (a.y - b.y), SCALE.z * (a.z - b.z));
}
