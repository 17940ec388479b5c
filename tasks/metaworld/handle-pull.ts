/**
 * handle-pull-v3 (Meta-World): pull a pressed-down handle up.
 *
 * Scene: Meta-World's handle press (handle-object.ts), as handle-press-v3. Reset: the hand at (0,
 * 0.6, 0.2), open; the box's position uniform in [-0.1, 0.1] x [0.8, 0.9] x [-0.001, 0.001], the
 * handle all the way down (0.1 m); the goal the XML's goalPull site, the box + (0, -0.216,
 * 0.172), clipped in the observation to [-0.1, 0.1] x [0.55, 0.7] x [0.04, 0.18]. The observed
 * point is the handleRight site (near the grip's +x end); obs[7:11] are zeros. Success: its
 * height within 0.05 m of the goal's (the handle up to 0.042 m from the top), at any step of the
 * 500. Reward (Meta-World's v2, max 10): the soft AND of grasped and in place, where grasped is
 * the high-density gripper caging reward (object radius 0.022, pads within 0.05, x-z within
 * 0.01) and in place = tolerance(height gap, inside 0.05, margin the goal's height above the
 * rand_vec's); plus 1 + 5 x in place with the TCP within 0.035 m of the site and obs[3] > 0 (the
 * source's third condition compares the site's y with the rand_vec's z, so always holds); 10
 * within 0.05. As in Meta-World, the caging reward's object start is the rand_vec (the box's
 * position), not the site's.
 *
 * Differs from Meta-World: as handle-press-v3; the pads are the Panda fingers' centres of mass.
 */
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { TaskWorld } from '../task-world.js';
import { type CagingSettings, gripperCagingReward, hamacherProduct } from './gripper-caging.js';
import { type HandleInfo, type HandleSetup, HandleTask } from './handle-task.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { tolerance } from './tolerance.js';

const TARGET_RADIUS = 0.05;

/** Meta-World's handle-pull-v3 on the Panda placed for Meta-World. */
export class HandlePullV3 extends HandleTask {
  readonly id: string = 'handle-pull-v3';
  protected readonly caging: CagingSettings = { objRadius: 0.022, padSuccessThreshold: 0.05, xzThreshold: 0.01, highDensity: true };
  private readonly left = vec3();
  private readonly right = vec3();

  /** @param setup the XML, boxes, site and success bound (handle-pull-v3's by default). */
  constructor(
    setup: Omit<HandleSetup, 'goal' | 'start'> = {
      objLow: { x: -0.1, y: 0.8, z: -0.001 },
      objHigh: { x: 0.1, y: 0.9, z: 0.001 },
      goalBox: { low: { x: -0.1, y: 0.55, z: 0.04 }, high: { x: 0.1, y: 0.7, z: 0.18 } },
      sideways: false,
      site: 'right',
      successDistance: TARGET_RADIUS,
    },
  ) {
    super({ ...setup, goal: 'pull', start: -0.1 });
  }

  denseReward(world: TaskWorld, info: HandleInfo, action: ArrayLike<number>): number {
    if (info.obj_to_target < TARGET_RADIUS) return 10;
    const p = this.observed(world, this.point);
    const objInit = this.rewardObjInit();
    const inPlace = tolerance(info.obj_to_target, 0, TARGET_RADIUS, this.gap(objInit));
    world.fingerPads(this.left, this.right);
    const grasped = gripperCagingReward({ pads: [this.left, this.right], tcp: world.tcp.p, obj: p, objInit, tcpInit: this.tcpInit, gripperEffort: action[action.length - 1] ?? 0 }, this.caging);
    let reward = hamacherProduct(grasped, inPlace);
    if (info.tcp_to_obj < 0.035 && gripperDistanceApart(world) > 0 && this.lifted(p, objInit)) reward += 1 + 5 * inPlace;
    return reward;
  }

  protected gap(site: Vec3): number {
    return Math.abs(this.goal.z - site.z);
  }

  /** Meta-World's obj_init_pos in the reward: the rand_vec (the box's position). */
  protected rewardObjInit(): Vec3 {
    return this.baseAt;
  }

  /** The bonus's third condition, as the source writes it: the site's y, less 0.01, above the start's z. */
  protected lifted(site: Vec3, objInit: Vec3): boolean {
    return site.y - 0.01 > objInit.z;
  }
}
