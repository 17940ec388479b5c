import { PickPlaceExpert } from './pick-place-v3-expert.js';

/**
 * A scripted expert for coffee-push-v3 and coffee-pull-v3 in Meta-World's 4-d action, in the
 * phases of Meta-World's policies: over the mug, down with the gripper open, shut on it, then take
 * it to the goal (pick-place-v3's expert). The mug is observed at its foot; the TCP grasps it
 * 2.6 cm above, so that the palm (4.3 cm above the TCP) stays clear of the mug's rim (6.8 cm) and
 * the fingers (1 cm below the TCP to 3.5 cm above it) hold its middle; under the machine's spout
 * (0.111 m up) the palm then reaches 1.7 cm into it (the kinematic arm and the fixed machine do
 * not touch). Reads hand_pos, gripper_distance_apart, obj_pose and goal_pos.
 */
export class CoffeeMugExpert extends PickPlaceExpert {
  protected override readonly graspDz = 0.026;
}
