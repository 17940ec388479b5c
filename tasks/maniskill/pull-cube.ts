/**
 * PullCube-v1 (ManiSkill): pull a cube along -x, toward the robot, into a goal disc on the table.
 *
 * Randomizations: cube xy uniform in [-0.1, 0.1]^2, flat, axis-aligned; the goal disc (radius
 * 0.1) centred at the cube's xy - (0.2, 0) on the table; arm at rest plus N(0, 0.02) joint noise.
 * Success: the cube's centre is within 0.1 m of the goal's centre in xy (ManiSkill checks no
 * height here, unlike PushCube-v1). 50 control steps an episode.
 *
 * Differs from ManiSkill: the cube's friction is 1 (ManiSkill's scene default is 0.3 static and
 * dynamic), as in this repository's PushCube-v1 and PickCube-v1, whose contacts were tuned with it.
 */
import type { Vec3 } from '../../math/vec3.js';
import type { StepInfo } from '../env.js';
import { GOAL_DISC_RADIUS, SlideCubeTask } from './slide-cube-task.js';
import { CUBE_HALF_SIZE } from './table-cube.js';

// The goal disc's centre lies this far behind the cube (toward the robot), just above the table.
const GOAL_BEHIND = 0.1 + GOAL_DISC_RADIUS;
const GOAL_HEIGHT = 1e-3;
// Where pulling starts: the closed fingers 10 mm beyond the cube's +x face (ManiSkill's
// half size + 2 x 0.005), so the reward leads the hand round the cube rather than onto it.
const PULL_OFFSET = CUBE_HALF_SIZE + 2 * 0.005;

/** PullCube-v1's info: ManiSkill's evaluate() returns success alone. */
export interface PullCubeInfo extends StepInfo {
  success: boolean;
}

/** ManiSkill's PullCube-v1 on the table-top scene. */
export class PullCube extends SlideCubeTask {
  readonly id = 'PullCube-v1';
  protected readonly reachX = PULL_OFFSET;

  protected placeGoal(x: number, y: number): void {
    this.goal.x = x - GOAL_BEHIND;
    this.goal.y = y;
    this.goal.z = GOAL_HEIGHT;
  }

  protected isSuccess(c: Vec3): boolean {
    return this.inGoalDisc(c);
  }
}
