/**
 * plate-slide-v3 (Meta-World): slide the plate (a puck) along the table into the goal net.
 *
 * Scene: Meta-World's puck on its slides from (0, 0.6, 0.015) and the net (puck-object.ts),
 * which stands at the goal. Reset: the hand at (0, 0.6, 0.2), open; the puck at its slides' zero;
 * the goal uniform in [-0.1, 0.1] x [0.85, 0.9] x {0}, the net moved there. Success: the puck's
 * centre within 0.07 m of the goal, at any step of the 500 (plate-slide-task.ts). Reward
 * (Meta-World's v2, max 10): 8 x the soft AND of reach and in place, where reach =
 * tolerance(TCP-puck distance, inside 0.05, margin |TCP start - obj_init|) and in place =
 * tolerance(puck-goal distance, inside 0.05, margin |obj_init - goal|), obj_init (0, 0.6, 0);
 * 10 within 0.05.
 *
 * Differs from Meta-World: the net's meshes and capsules are boxes; the x slide's stops are
 * widened (PUCK_X_RANGE); the net stops the puck but not the kinematic arm, whose expert keeps
 * out of it; the puck stops at the net's 17 mm back bar, over which MuJoCo's soft contact (its
 * normal turns vertical, where the puck cannot move) lets Meta-World's hand push it.
 */
import type { TaskWorld } from '../task-world.js';
import { hamacherProduct } from './gripper-caging.js';
import { PLATE_TARGET_RADIUS, type PlateSlideInfo, PlateSlideTask } from './plate-slide-task.js';
import { tolerance } from './tolerance.js';

/** Meta-World's plate-slide-v3 on the Panda placed for Meta-World. */
export class PlateSlideV3 extends PlateSlideTask {
  readonly id = 'plate-slide-v3';

  constructor() {
    super({
      goalLow: { x: -0.1, y: 0.85, z: 0 },
      goalHigh: { x: 0.1, y: 0.9, z: 0 },
      puckStart: { x: 0, y: 0 },
      net: { at: { x: 0, y: 0.85, z: 0 }, followsGoal: true },
      objInit: { x: 0, y: 0.6, z: 0 },
    });
  }

  override denseReward(_world: TaskWorld, info: PlateSlideInfo): number {
    if (info.obj_to_target < PLATE_TARGET_RADIUS) return 10;
    const { inPlaceMargin, reachMargin } = this.margins();
    const inPlace = tolerance(info.obj_to_target, 0, PLATE_TARGET_RADIUS, inPlaceMargin);
    const reach = tolerance(info.tcp_to_obj, 0, PLATE_TARGET_RADIUS, reachMargin);
    return 8 * hamacherProduct(reach, inPlace);
  }
}
