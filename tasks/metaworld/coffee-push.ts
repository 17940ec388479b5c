/**
 * coffee-push-v3 (Meta-World): slide the mug across the table to under the coffee machine's spout.
 *
 * Scene and rules: CoffeeMugTask's (coffee-mug-task.ts). Reset: the mug's foot uniform in [-0.1,
 * 0.1] x [0.55, 0.65] x [-0.001, 0.001]; the goal in [-0.05, 0.05] x [0.7, 0.75] x [-0.001,
 * 0.001], redrawn with it until 0.15 m apart in xy; the machine stands with its spout over the
 * goal (the goal + (0, 0.22, 0)).
 */
import type { Vec3 } from '../../math/vec3.js';
import { CoffeeMugTask, machineOver } from './coffee-mug-task.js';

/** Meta-World's coffee-push-v3 on the Panda placed for Meta-World. */
export class CoffeePushV3 extends CoffeeMugTask {
  readonly id = 'coffee-push-v3';

  constructor() {
    super({ objLow: { x: -0.1, y: 0.55, z: -0.001 }, objHigh: { x: 0.1, y: 0.65, z: 0.001 }, goalLow: { x: -0.05, y: 0.7, z: -0.001 }, goalHigh: { x: 0.05, y: 0.75, z: 0.001 } });
  }

  protected machineAt(_foot: Vec3, goal: Vec3): Vec3 {
    return machineOver(goal);
  }
}
