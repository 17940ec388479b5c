import { pose } from '../../math/pose.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { TaskWorld } from '../task-world.js';
import { MUG_FOOT, MUG_UNDER_SPOUT, addCoffeeMachine, placeCoffeeMachine, placeMug } from './coffee-machine-object.js';
import { gripperCagingReward, hamacherProduct } from './gripper-caging.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { PANDA_HAND_INIT_NEAR } from './metaworld-hand.js';
import type { ResetBounds } from './metaworld-object.js';
import { MetaWorldTask } from './metaworld-task.js';
import type { PushInfo } from './push.js';
import { tolerance } from './tolerance.js';

const SUCCESS_RADIUS = 0.07;
const TARGET_RADIUS = 0.05;
const CAGING = { objRadius: 0.02, padSuccessThreshold: 0.05, xzThreshold: 0.05, highDensity: false, desiredEffort: 0.7, mediumDensityReach: 0.04 };

/**
 * What coffee-push-v3 and coffee-pull-v3 share: Meta-World's coffee machine and its mug
 * (coffee-machine-object.ts), the hand at (0, 0.5, 0.2), open (Meta-World's (0, 0.4, 0.2) is out
 * of the Panda's reach pointing down: PANDA_HAND_INIT_NEAR); the mug's foot and the goal drawn
 * from the task's boxes until their xy are 0.15 m or more apart, the machine placed by the task
 * (its spout over the goal or over the mug). The observed point is the mug's foot (the XML
 * body's origin), obs[7:11] the mug's rotation x, y, z, w. Success: the foot within 0.07 m of the
 * goal, at any step of the 500. Reward (Meta-World's v2, max 10): the soft AND of the
 * medium-density caging reward (object radius 0.02, pads within 0.05 m, x-z within 0.05 m, a
 * full grip at effort 0.7, reach within 0.04 m) and in_place (tolerance(the foot-goal distance
 * with x and y counted twice, inside 0.05, margin the same from the start)); plus 1 + 5 x in_place
 * while the TCP is within 0.04 m of the foot with the gripper not shut; 10 once that doubled
 * distance is under 0.05.
 *
 * Differs from Meta-World: the hand's start (above); the mug is its collision cylinder (its
 * handle disc left out); its observed point is the XML body's origin, Meta-World's
 * get_body_com("obj"), which MuJoCo 3.3.8 (mujoco-js, on the XML) puts 0.6 m behind and 0.1 m
 * above the mug: the body has no mass and its inertial frame is compiled at the body's XML
 * position, so read literally the observed mug would never be near its goal; the pads are the
 * Panda fingers' centres of mass.
 */
export abstract class CoffeeMugTask extends MetaWorldTask<PushInfo> {
  private readonly mug = pose();
  private readonly foot = vec3();
  private readonly left = vec3();
  private readonly right = vec3();

  /** @param bounds the mug's foot and the goal boxes. */
  constructor(bounds: ResetBounds) {
    super(bounds, { handInit: PANDA_HAND_INIT_NEAR, site: MUG_FOOT });
  }

  override loadScene(scene: Scene): void {
    addCoffeeMachine(scene);
  }

  evaluate(world: TaskWorld): PushInfo {
    const f = this.footOf(world);
    const g = this.goal;
    const toTarget = Math.hypot(f.x - g.x, f.y - g.y, f.z - g.z);
    return { success: toTarget <= SUCCESS_RADIUS, obj_to_target: toTarget };
  }

  denseReward(world: TaskWorld, _info: PushInfo, action: ArrayLike<number>): number {
    const f = this.footOf(world);
    const g = this.goal;
    const oi = this.objInit;
    const scaled = Math.hypot(2 * (f.x - g.x), 2 * (f.y - g.y), f.z - g.z);
    if (scaled < TARGET_RADIUS) return 10;
    const inPlace = tolerance(scaled, 0, TARGET_RADIUS, Math.hypot(2 * (oi.x - g.x), 2 * (oi.y - g.y), oi.z - g.z));
    const tcp = world.tcp.p;
    world.fingerPads(this.left, this.right);
    const grasped = gripperCagingReward({ pads: [this.left, this.right], tcp, obj: f, objInit: oi, tcpInit: this.tcpInit, gripperEffort: action[action.length - 1] ?? 0 }, CAGING);
    let reward = hamacherProduct(grasped, inPlace);
    if (Math.hypot(f.x - tcp.x, f.y - tcp.y, f.z - tcp.z) < 0.04 && gripperDistanceApart(world) > 0) reward += 1 + 5 * inPlace;
    return reward;
  }

  /** Where the machine stands: its origin, from this episode's mug foot and goal. */
  protected abstract machineAt(foot: Vec3, goal: Vec3): Vec3;

  protected override placeObjects(scene: Scene): void {
    placeMug(scene, this.objInit);
    placeCoffeeMachine(scene, this.machineAt(this.objInit, this.goal));
  }

  private footOf(world: TaskWorld): Vec3 {
    const { p, q } = world.objectPose('obj', this.mug);
    // The foot, MUG_FOOT in the mug's frame: p + q MUG_FOOT q* written out (no allocation).
    const z = MUG_FOOT.z;
    this.foot.x = p.x + 2 * (q.x * q.z + q.w * q.y) * z;
    this.foot.y = p.y + 2 * (q.y * q.z - q.w * q.x) * z;
    this.foot.z = p.z + (1 - 2 * (q.x * q.x + q.y * q.y)) * z;
    return this.foot;
  }
}

/** The machine's origin when its spout stands over `at` (the mug's place under it). */
export function machineOver(at: Vec3): Vec3 {
  return { x: at.x - MUG_UNDER_SPOUT.x, y: at.y - MUG_UNDER_SPOUT.y, z: at.z - MUG_UNDER_SPOUT.z };
}
