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
import type { Rng } from '../../math/rng.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import { goalState, restoreGoal } from '../maniskill/goal-state.js';
import { METAWORLD_FIELDS, MetaWorldFrames } from './metaworld-frames.js';
import { HAND_INIT, addMetaWorldObject, drawObjectAndGoal, type ResetBounds } from './metaworld-object.js';
import { placeHand } from './place-hand.js';
import { tolerance } from './tolerance.js';

const BOUNDS: ResetBounds = {
  objLow: { x: -0.1, y: 0.6, z: 0.02 },
  objHigh: { x: 0.1, y: 0.7, z: 0.02 },
  goalLow: { x: -0.1, y: 0.8, z: 0.05 },
  goalHigh: { x: 0.1, y: 0.9, z: 0.3 },
};
const TARGET_RADIUS = 0.05;

/** Meta-World's reach-v3 on the Panda placed for Meta-World. */
export class ReachV3 implements Task {
  readonly id = 'reach-v3';
  readonly maxEpisodeSteps = 500;
  readonly maxDenseReward = 10;
  readonly extraFields = METAWORLD_FIELDS;
  readonly observesJoints = false;
  readonly terminatesOnSuccess = false;

  /** Goal position of the TCP, world frame. */
  readonly goal: Vec3 = vec3();
  private readonly frames = new MetaWorldFrames('obj');

  loadScene(scene: Scene): void {
    addMetaWorldObject(scene);
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    placeHand(scene, HAND_INIT);
    const obj = vec3();
    drawObjectAndGoal(rng, BOUNDS, obj, this.goal);
    scene.placeObject('obj', { p: obj, q: { w: 1, x: 0, y: 0, z: 0 } });
    this.frames.reset();
  }

  evaluate(scene: Scene): StepInfo {
    const tcp = scene.arm.tcpWorld().p;
    const reachDist = Math.hypot(tcp.x - this.goal.x, tcp.y - this.goal.y, tcp.z - this.goal.z);
    return { success: reachDist <= TARGET_RADIUS, reach_dist: reachDist };
  }

  observeExtra(scene: Scene, _info: StepInfo, out: ObservationDict): void {
    this.frames.observe(scene, this.goal, out);
  }

  denseReward(_scene: Scene, info: StepInfo): number {
    const margin = Math.hypot(HAND_INIT.x - this.goal.x, HAND_INIT.y - this.goal.y, HAND_INIT.z - this.goal.z);
    return 10 * tolerance(info['reach_dist'] as number, 0, TARGET_RADIUS, margin);
  }

  getState(): unknown {
    return { ...(goalState(this.goal) as object), frames: this.frames.getState() };
  }

  setState(state: unknown): void {
    restoreGoal(this.goal, state);
    this.frames.setState((state as { frames: unknown }).frames);
  }
}
