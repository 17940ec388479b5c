/**
 * reach-wall-v3 (Meta-World): move the hand to a goal in the air behind a low wall. The
 * cylinder of reach-v3 stands on the table but plays no part.
 *
 * Scene: reach-v3's cylinder and the XML's wall (wall-object.ts OBJECT_WALL: x -0.02 to 0.22,
 * y 0.74 to 0.76, up to 0.12 m). Reset: the hand at (0, 0.6, 0.2), open; object xy uniform in
 * [-0.05, 0.05] x [0.6, 0.65]; goal uniform in [-0.05, 0.05] x [0.85, 0.9] x [0.05, 0.3]; both
 * redrawn together until their xy are 0.15 m or more apart. Success: the TCP within 0.05 m of
 * the goal, at any step of the 500. Reward: 10 x tolerance(TCP-goal distance, inside 0.05,
 * margin = hand start-goal distance, long tail), as reach-v3's.
 *
 * Differs from Meta-World: the object stands on the table (z 0.02) where the XML's reset box
 * puts it 5 mm into it (z 0.015, from which MuJoCo pushes it up); the wall stops objects but not
 * the kinematic arm (wall-object.ts), so the expert goes over it.
 */
import type { Scene } from '../../sim/scene.js';
import { ReachV3 } from './reach.js';
import { OBJECT_WALL, addWall } from './wall-object.js';

/** Meta-World's reach-wall-v3 on the Panda placed for Meta-World. */
export class ReachWallV3 extends ReachV3 {
  override readonly id = 'reach-wall-v3';

  constructor() {
    super({
      objLow: { x: -0.05, y: 0.6, z: 0.02 },
      objHigh: { x: 0.05, y: 0.65, z: 0.02 },
      goalLow: { x: -0.05, y: 0.85, z: 0.05 },
      goalHigh: { x: 0.05, y: 0.9, z: 0.3 },
    });
  }

  override loadScene(scene: Scene): void {
    super.loadScene(scene);
    addWall(scene, OBJECT_WALL);
  }
}
