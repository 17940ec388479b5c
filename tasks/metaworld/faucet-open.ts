/**
 * faucet-open-v3 (Meta-World): turn the faucet's lever from pointing at the robot round to +x.
 *
 * Scene and rules: FaucetTask's (faucet-task.ts). Reset: the base's position uniform in [-0.05,
 * 0.05] x [0.8, 0.85] x {0}; the goal the base + (0.175, 0, 0.125). The observed point is the
 * handleStartOpen site 0.01 m lower; the success rule and reward read it + (-0.04, 0, 0.03):
 * success with the handle turned about 1.374 rad or more (its stop is 1.57).
 */
import { FaucetTask } from './faucet-task.js';
import { HANDLE_START_OPEN } from './faucet-object.js';

/** Meta-World's faucet-open-v3 on the Panda placed for Meta-World. */
export class FaucetOpenV3 extends FaucetTask {
  readonly id = 'faucet-open-v3';

  constructor() {
    super({ objLow: { x: -0.05, y: 0.8, z: 0 }, objHigh: { x: 0.05, y: 0.85, z: 0 }, site: HANDLE_START_OPEN, side: 1, rewardOffset: { x: -0.04, y: 0, z: 0.03 } });
  }
}
