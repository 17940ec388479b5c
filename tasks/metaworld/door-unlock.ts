/**
 * door-unlock-v3 (Meta-World): turn the lock on a safe's door from hanging down back up.
 *
 * Scene: door-lock-v3's locked safe (door-object.ts addLockedSafe). Reset: the hand at (0, 0.5,
 * 0.2), open (PANDA_HAND_INIT_NEAR: at Meta-World's (0, 0.6, 0.2) the Panda's fingers and palm
 * would start inside the hanging lock); the safe's position uniform in [-0.1, 0.1] x [0.8, 0.85] x
 * {0.15}, the lock turned 1.5708 rad (held at its 1.57 stop, hanging down); the goal is the
 * lock's hinge + (0.1, -0.04, 0), observed clipped to Meta-World's goal_space [0, 0.2] x [0.64,
 * 0.7] x [0.21, 0.2111]. The observed point is the lockStartUnlock site at the bar's end;
 * obs[7:11] the door's raw xquat, (1, 0, 0, 0). Success: the point's x within 0.02 m of the
 * goal's (the lock turned back to 0.377 rad or less), at any step of the 500. Reward (Meta-World's
 * v2, max 10): 2 x ready_to_push + 8 x pushed; ready_to_push = tolerance(|(hand + (0, 0.055,
 * 0.07) - point) scaled 0.25, 1, 0.5|, inside 0.02, margin the same from the TCP's start to the
 * hinge), pushed = tolerance(the x gap, inside 0.005, margin the lock's 0.1 m).
 *
 * Differs from Meta-World: the hand's start (above); the lock as door-lock-v3's (10 g, its centre
 * on the hinge).
 */
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import type { DoorLockInfo } from './door-lock.js';
import { LOCK_HINGE, LOCK_OBSERVED, LOCK_START_UNLOCK, addLockedSafe, placeLockedSafe } from './door-object.js';
import { handPosition, PANDA_HAND_INIT_NEAR } from './metaworld-hand.js';
import { tolerance } from './tolerance.js';

const SUCCESS_DISTANCE = 0.02;
const LOCK_LENGTH = 0.1;
const HUNG = 1.5708;
const SHOULDER: Readonly<Vec3> = { x: 0, y: 0.055, z: 0.07 };
const SCALE: Readonly<Vec3> = { x: 0.25, y: 1, z: 0.5 };


/** Meta-World's door-unlock-v3 on the Panda placed for Meta-World. */
export class DoorUnlockV3 extends ArticulatedTask<DoorLockInfo> {
  readonly id = 'door-unlock-v3';
  private readonly point = vec3();
  private readonly hand = vec3();

  constructor() {
    super({
      ...LOCK_OBSERVED,
      handInit: PANDA_HAND_INIT_NEAR,
      site: LOCK_START_UNLOCK,
      goalBox: { low: { x: 0, y: 0.64, z: 0.21 }, high: { x: 0.2, y: 0.7, z: 0.2111 } },
    });
  }

  loadScene(scene: Scene): void {
    addLockedSafe(scene);
  }

  evaluate(world: TaskWorld): DoorLockInfo {
    const p = this.observed(world, this.point);
    const h = handPosition(world.tcp, this.hand);
    const gap = Math.abs(this.goal.x - p.x);
    const toLock = shoulderDistance(h, p);
    return { success: gap <= SUCCESS_DISTANCE, obj_to_target: gap, tcp_to_obj: toLock, near_object: toLock <= 0.05 };
  }

  denseReward(_world: TaskWorld, info: DoorLockInfo): number {
    const b = this.baseAt;
    // Meta-World's start margin reads the TCP's start and the lock's hinge (lock_link's origin).
    const hinge = { x: b.x + LOCK_HINGE.x, y: b.y + LOCK_HINGE.y, z: b.z + LOCK_HINGE.z };
    const ready = tolerance(info.tcp_to_obj, 0, 0.02, shoulderDistance(this.tcpInit, hinge));
    const pushed = tolerance(info.obj_to_target, 0, 0.005, LOCK_LENGTH);
    return 2 * ready + 8 * pushed;
  }

  protected arrange(scene: Scene): void {
    placeLockedSafe(scene, this.baseAt, HUNG);
    const b = this.baseAt;
    this.goal.x = b.x + LOCK_HINGE.x + 0.1;
    this.goal.y = b.y + LOCK_HINGE.y - 0.04;
    this.goal.z = b.z + LOCK_HINGE.z;
  }
}

// Meta-World's shoulder (the hand + SHOULDER) to a point, x, y, z scaled by SCALE.
function shoulderDistance(hand: Vec3, p: Vec3): number {
  return Math.hypot(SCALE.x * (hand.x + SHOULDER.x - p.x), SCALE.y * (hand.y + SHOULDER.y - p.y), SCALE.z * (hand.z + SHOULDER.z - p.z));
}
