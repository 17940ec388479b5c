/**
 * reach-v3 (Meta-World): move the hand to a goal in the air. A cylinder (radius and half-height
 * 0.02 m, 0.75 kg) stands on the table as in Meta-World but plays no part.
 *
 * Reset: the hand at (0, 0.6, 0.2), open; object xy uniform in [-0.1, 0.1] x [0.6, 0.7] on the
 * table; goal uniform in [-0.1, 0.1] x [0.8, 0.9] x [0.05, 0.3]; both redrawn together until
 * their xy are 0.15 m or more apart. Success: the TCP within 0.05 m of the goal, at any step of
 * the 500 (episodes do not end on success). Reward: 10 x tolerance(TCP-goal distance, inside
 * 0.05, margin = hand start-goal distance, long tail).
 */
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { HAND_INIT, type ResetBounds } from './metaworld-object.js';
import { MetaWorldTask } from './metaworld-task.js';
import { tolerance } from './tolerance.js';

const TARGET_RADIUS = 0.05;
const REACH_BOUNDS: ResetBounds = {
  objLow: { x: -0.1, y: 0.6, z: 0.02 },
  objHigh: { x: 0.1, y: 0.7, z: 0.02 },
  goalLow: { x: -0.1, y: 0.8, z: 0.05 },
  goalHigh: { x: 0.1, y: 0.9, z: 0.3 },
};

/** reach-v3's info: success and the hand's distance to the goal. */
export interface ReachInfo extends StepInfo {
  reach_dist: number;
}

/** Meta-World's reach-v3 on the Panda placed for Meta-World. */
export class ReachV3 extends MetaWorldTask<ReachInfo> {
  readonly id: string = 'reach-v3';

  /** @param bounds the object and goal boxes (reach-v3's by default). */
  constructor(bounds: ResetBounds = REACH_BOUNDS) {
    super(bounds);
  }

  evaluate(world: TaskWorld): ReachInfo {
    const tcp = world.tcp.p;
    const reachDist = Math.hypot(tcp.x - this.goal.x, tcp.y - this.goal.y, tcp.z - this.goal.z);
    return { success: reachDist <= TARGET_RADIUS, reach_dist: reachDist };
  }

  denseReward(_world: TaskWorld, info: ReachInfo): number {
    const margin = Math.hypot(HAND_INIT.x - this.goal.x, HAND_INIT.y - this.goal.y, HAND_INIT.z - this.goal.z);
    return 10 * tolerance(info.reach_dist, 0, TARGET_RADIUS, margin);
  }
}
