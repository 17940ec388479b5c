import { HAND_TCP_OFFSET } from '../../tasks/metaworld/metaworld-hand.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert } from './phased-expert.js';

// Meta-World's action moves the hand 0.01 m per unit; close half the remaining distance each
// step, at most one unit per axis.
const STEP = 0.01;
const GAIN = 0.5;

/**
 * A scripted expert for reach-v3 in Meta-World's 4-d action (pd_ee_delta_pos on the Meta-World
 * Panda): steer the hand straight at the goal, gripper relaxed, aiming the TCP (which success
 * reads, HAND_TCP_OFFSET below the observed hand) at it rather than the hand as Meta-World's own
 * policy does, whose TCP stops 4.5 cm from a 5 cm target. Reads hand_pos and goal_pos.
 */
export class ReachExpert extends PhasedExpert {
  /** dx, dy, dz, gripper. */
  override readonly actionDim = 4;
  private readonly hand: number;
  private readonly goal: number;

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.hand = observationSpace.field('hand_pos').offset;
    this.goal = observationSpace.field('goal_pos').offset;
  }

  protected actOne(obs: Float32Array, base: number, _e: number, target: Float32Array, at: number): void {
    for (let i = 0; i < 3; i++) {
      const tcp = obs[base + this.hand + i]! - (i === 2 ? HAND_TCP_OFFSET : 0);
      const a = (GAIN * (obs[base + this.goal + i]! - tcp)) / STEP;
      target[at + i] = Math.min(1, Math.max(-1, a));
    }
    target[at + 3] = -1;
  }
}
