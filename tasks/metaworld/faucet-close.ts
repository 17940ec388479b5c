/**
 * faucet-close-v3 (Meta-World): turn the faucet's lever from pointing at the robot round to -x.
 *
 * Scene and rules: FaucetTask's (faucet-task.ts). Reset: the base's position uniform in [-0.1,
 * 0.1] x [0.8, 0.85] x {0}; the goal the base + (-0.175, 0, 0.125). The observed point is the
 * handleStartClose site 0.01 m lower, which the success rule and reward read as it is: success
 * with the handle turned about -1.26 rad or further (its stop is -1.57).
 */
import { FaucetTask } from './faucet-task.js';
import { HANDLE_START_CLOSE } from './faucet-object.js';

/** Meta-World's faucet-close-v3 on the Panda placed for Meta-World. */
export class FaucetCloseV3 extends FaucetTask {
  readonly id = 'faucet-close-v3';

  constructor() {
    super({ objLow: { x: -0.1, y: 0.8, z: 0 }, objHigh: { x: 0.1, y: 0.85, z: 0 }, site: HANDLE_START_CLOSE, side: -1, rewardOffset: { x: 0, y: 0, z: 0 } });
  }
}
