/**
 * coffee-button-v3 (Meta-World): press the coffee machine's button, which faces the robot.
 *
 * Scene: Meta-World's coffee machine and mug (coffee-machine-object.ts), the button sliding along
 * +y. Reset: the hand at (0, 0.5, 0.2), open (Meta-World's is 0.1 m nearer the robot:
 * PANDA_HAND_INIT_NEAR); the machine's position uniform in [-0.1, 0.1] x [0.8, 0.9] x [-0.001,
 * 0.001], the button out, the mug under the spout (the machine + (0, -0.22, 0)); the goal is the
 * button's face fully pressed, the machine + (0, -0.19, 0.3), inside Meta-World's goal_space
 * [-0.101, 0.101] x [0.61, 0.71] x [0.298, 0.302]. The observed point is the face (the buttonStart
 * site); obs[7:11] is Meta-World's constant (1, 0, 0, 0), which the button's raw xquat also is.
 * Success: the face's y within 0.02 m of the goal's (pressed 0.01 m of its 0.03 m), at any step
 * of the 500. Reward (Meta-World's v2, max 10): button-press-v3's, 2 x the soft AND of max(obs[3],
 * 0) and near, plus 8 x pressed while the TCP is within 0.05 m of the face, with pressed's margin
 * the button's travel, 0.03 m.
 *
 * Differs from Meta-World: the hand's start (above); the machine's and the button's cylinders are
 * boxes, the mug's handle disc is left out, the button joint's armature is left out.
 */
import type { Scene } from '../../sim/scene.js';
import { ButtonPressV3 } from './button-press.js';
import { COFFEE_BUTTON_FACE, COFFEE_BUTTON_TRAVEL, MUG_UNDER_SPOUT, addCoffeeMachine, placeCoffeeMachine, placeMug } from './coffee-machine-object.js';

/** Meta-World's coffee-button-v3 on the Panda placed for Meta-World. */
export class CoffeeButtonV3 extends ButtonPressV3 {
  override readonly id = 'coffee-button-v3';
  protected override readonly pressMargin = COFFEE_BUTTON_TRAVEL;

  constructor() {
    super({ x: -0.1, y: 0.8, z: -0.001 }, { x: 0.1, y: 0.9, z: 0.001 }, {
      object: 'coffee-button',
      site: COFFEE_BUTTON_FACE,
      goalBox: { low: { x: -0.101, y: 0.61, z: 0.298 }, high: { x: 0.101, y: 0.71, z: 0.302 } },
    });
  }

  override loadScene(scene: Scene): void {
    addCoffeeMachine(scene);
  }

  protected override arrange(scene: Scene): void {
    const b = this.baseAt;
    placeCoffeeMachine(scene, b);
    placeMug(scene, { x: b.x + MUG_UNDER_SPOUT.x, y: b.y + MUG_UNDER_SPOUT.y, z: b.z + MUG_UNDER_SPOUT.z });
    this.goal.x = b.x + COFFEE_BUTTON_FACE.x;
    this.goal.y = b.y + COFFEE_BUTTON_FACE.y + COFFEE_BUTTON_TRAVEL;
    this.goal.z = b.z + COFFEE_BUTTON_FACE.z;
  }
}
