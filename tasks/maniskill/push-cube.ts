/**
 * PushCube-v1 (ManiSkill): push a cube along +x into a goal disc on the table.
 *
 * Randomizations: cube xy uniform in [-0.1, 0.1]^2, flat, axis-aligned; the goal disc (radius
 * 0.1) centred at the cube's xy + (0.2, 0) on the table; arm at rest plus N(0, 0.02) joint noise.
 * Success: the cube's centre is within 0.1 m of the goal's centre in xy and the cube is still on
 * the table (centre below 0.025 m). 50 control steps an episode.
 */
import type { Vec3 } from '../../math/vec3.js';
import { GOAL_DISC_RADIUS, SlideCubeTask } from './slide-cube-task.js';
import { CUBE_HALF_SIZE } from './table-cube.js';

const GOAL_HEIGHT = 1e-3;
const ON_TABLE_SLACK = 5e-3;
// Where pushing from behind starts: the TCP 5 mm behind the cube's -x face.
const PUSH_OFFSET = CUBE_HALF_SIZE + 0.005;

/** ManiSkill's PushCube-v1 on the table-top scene. */
export class PushCube extends SlideCubeTask {
  readonly id = 'PushCube-v1';
  protected readonly reachX = -PUSH_OFFSET;

  protected placeGoal(x: number, y: number): void {
    this.goal.x = x + 0.1 + GOAL_DISC_RADIUS;
    this.goal.y = y;
    this.goal.z = GOAL_HEIGHT;
  }

  protected isSuccess(c: Vec3): boolean {
    return this.inGoalDisc(c) && c.z < CUBE_HALF_SIZE + ON_TABLE_SLACK;
  }
}
