import type { GripperControllerConfig } from './controller-config.js';

/**
 * One normalized gripper action in [-1, 1] mapped linearly to a finger target in
 * [lower, upper] m, the same for both fingers (ManiSkill's mimic gripper: -1 closes, 1 opens,
 * or the reverse with closeAtPlusOne; a lower bound below zero keeps squeezing thin objects).
 */
export class GripperController {
  /** The finger target set by the last action. */
  target = 0;

  constructor(readonly config: GripperControllerConfig) {
    this.target = config.upper;
  }

  /** Start of an episode: the target becomes the measured finger position. */
  reset(fingerPos: number): void {
    this.target = fingerPos;
  }

  /** Read one action entry. */
  setAction(a: number): void {
    const c = Math.min(1, Math.max(-1, this.config.closeAtPlusOne ? -a : a));
    this.target = this.config.lower + ((c + 1) / 2) * (this.config.upper - this.config.lower);
  }
}
