import type { BoxSpace } from '../../tasks/space.js';

// Meta-World's action moves the hand 0.01 m per unit; close half the remaining distance each
// step, at most one unit per axis.
const STEP = 0.01;
const GAIN = 0.5;

/**
 * A scripted expert for reach-v3 in Meta-World's 4-d action (pd_ee_delta_pos on the Meta-World
 * Panda): steer the hand straight at the goal, gripper relaxed. Reads hand_pos and goal_pos.
 */
export class ReachExpert {
  /** dx, dy, dz, gripper. */
  readonly actionDim = 4;
  private readonly hand: number;
  private readonly goal: number;
  private readonly obsDim: number;

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    this.obsDim = observationSpace.size;
    this.hand = observationSpace.field('hand_pos').offset;
    this.goal = observationSpace.field('goal_pos').offset;
  }

  /** Stateless: nothing to reset. */
  reset(): void {}

  /** Actions for a batch of observations (n rows of the flat state), written to `target`. */
  act(obs: Float32Array, n = 1, target = new Float32Array(n * this.actionDim)): Float32Array {
    for (let e = 0; e < n; e++) {
      const base = e * this.obsDim;
      for (let i = 0; i < 3; i++) {
        const a = (GAIN * (obs[base + this.goal + i]! - obs[base + this.hand + i]!)) / STEP;
        target[e * 4 + i] = Math.min(1, Math.max(-1, a));
      }
      target[e * 4 + 3] = -1;
    }
    return target;
  }
}
