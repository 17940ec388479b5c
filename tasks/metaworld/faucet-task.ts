import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import { addFaucet, placeFaucet } from './faucet-object.js';
import { PANDA_HAND_INIT_NEAR } from './metaworld-hand.js';
import { gaussianTolerance, tolerance } from './tolerance.js';

const TARGET_RADIUS = 0.07;
const REACH_RADIUS = 0.01;
const HANDLE_LENGTH = 0.175;
const GOAL_HEIGHT = 0.125;

/** faucet-open-v3's and faucet-close-v3's info: success, the reward's point's distance to the goal, the TCP's distance to it. */
export interface FaucetInfo extends StepInfo {
  obj_to_target: number;
  tcp_to_obj: number;
  /** The TCP within 0.01 m of the reward's point. */
  near_object: boolean;
}

/** How the two faucet tasks differ. */
export interface FaucetSetup {
  /** The base's reset box. */
  objLow: Vec3;
  objHigh: Vec3;
  /** The lever-end site observed (obs[4:7] is it 0.01 m lower). */
  site: Vec3;
  /** +1: the goal is the base + (0.175, 0, 0.125), the lever turned toward +x (open); -1: toward -x (close). */
  side: 1 | -1;
  /** What the reward and success rule add to the observed point (faucet-open's (-0.04, 0, 0.03)). */
  rewardOffset: Vec3;
}

/**
 * What faucet-open-v3 and faucet-close-v3 share: Meta-World's faucet (faucet-object.ts), the hand
 * at (0, 0.5, 0.2) (Meta-World's (0, 0.4, 0.2) is out of the Panda's reach pointing down:
 * PANDA_HAND_INIT_NEAR), the handle at 0 at reset, the goal the base + (±0.175, 0, 0.125), the
 * observed point a lever-end site 0.01 m lower, obs[7:11] the base's raw xquat (1, 0, 0, 0), the
 * goal clipped to the hand box (their goal_space, down to z -0.15). Success: the observed point
 * plus the task's offset within 0.07 m of the goal, at any step of the 500. Reward (Meta-World's
 * v2, max 10; 10 on success): 4 x reach + 6 x in_place, reach = gaussian tolerance(TCP-point
 * distance, inside 0.01, margin the base's distance from the TCP's start less 0.01), in_place =
 * tolerance(point-goal distance, inside 0.07, margin the base's distance from the goal less 0.07).
 *
 * Differs from Meta-World: the hand's start (above); the faucet's cylinders and capsule are
 * boxes, and only its collision geoms collide (the XML's visual meshes keep MuJoCo's default
 * contype and collide there too); the handle does not touch its base (in MuJoCo its hub rests on
 * the post's top).
 */
export abstract class FaucetTask extends ArticulatedTask<FaucetInfo> {
  private readonly point = vec3();

  constructor(private readonly faucet: FaucetSetup) {
    super({
      object: 'faucet',
      handInit: PANDA_HAND_INIT_NEAR,
      objLow: faucet.objLow,
      objHigh: faucet.objHigh,
      site: { ...faucet.site, z: faucet.site.z - 0.01 },
      goalBox: { low: { x: -0.5, y: 0.4, z: -0.15 }, high: { x: 0.5, y: 1, z: 0.5 } },
      quat: { order: 'upright' },
    });
  }

  loadScene(scene: Scene): void {
    addFaucet(scene);
  }

  evaluate(world: TaskWorld): FaucetInfo {
    const p = this.rewardPoint(world);
    const t = world.tcp.p;
    const g = this.goal;
    const toTarget = Math.hypot(p.x - g.x, p.y - g.y, p.z - g.z);
    const tcpToObj = Math.hypot(p.x - t.x, p.y - t.y, p.z - t.z);
    return { success: toTarget <= TARGET_RADIUS, obj_to_target: toTarget, tcp_to_obj: tcpToObj, near_object: tcpToObj <= REACH_RADIUS };
  }

  denseReward(_world: TaskWorld, info: FaucetInfo): number {
    if (info.success) return 10;
    const b = this.baseAt;
    const g = this.goal;
    const t = this.tcpInit;
    const inPlace = tolerance(info.obj_to_target, 0, TARGET_RADIUS, Math.abs(Math.hypot(b.x - g.x, b.y - g.y, b.z - g.z) - TARGET_RADIUS));
    const reach = gaussianTolerance(info.tcp_to_obj, 0, REACH_RADIUS, Math.abs(Math.hypot(b.x - t.x, b.y - t.y, b.z - t.z) - REACH_RADIUS));
    return 4 * reach + 6 * inPlace;
  }

  protected arrange(scene: Scene): void {
    placeFaucet(scene, this.baseAt, 0);
    this.goal.x = this.baseAt.x + this.faucet.side * HANDLE_LENGTH;
    this.goal.y = this.baseAt.y;
    this.goal.z = this.baseAt.z + GOAL_HEIGHT;
  }

  private rewardPoint(world: TaskWorld): Vec3 {
    const p = this.observed(world, this.point);
    const o = this.faucet.rewardOffset;
    p.x += o.x;
    p.y += o.y;
    p.z += o.z;
    return p;
  }
}
