/**
 * RollBall-v1 (ManiSkill): push a ball so that it rolls across the table into a goal disc at the
 * table's far end.
 *
 * ManiSkill moves the arm's base to (-0.1, 1.0) facing -y and rolls the ball toward -y. Here the
 * base stays where every armkit task has it, (-0.615, 0) facing +x, and the task is laid out in
 * the frame that puts ManiSkill's base there: ManiSkill's (X, Y) is armkit's (0.385 - Y, X + 0.1).
 * Everything relative to the arm is ManiSkill's; world-frame observations are that rigid motion
 * of ManiSkill's.
 * Randomizations: ball (radius 0.035) x uniform in [-0.315, -0.115] (ManiSkill's y in [0.5, 0.7]),
 * y in [-0.3, 0.3] (ManiSkill's x in [-0.4, 0.2]), on the table; goal disc (radius 0.1) x uniform
 * in [1.085, 1.285] (ManiSkill's y in [-0.9, -0.7]), y in [-0.3, 0.3], 1 mm up; arm at rest plus
 * N(0, 0.02) joint noise.
 * Success: the ball's centre within 0.1 m of the goal's in xy. 80 control steps an episode.
 *
 * Differs from ManiSkill: the frame above (the arm's base pose is a robot's datum here, shared
 * with the hardware side, not a per-task setting), and the table (RollBall's entry sets it) is
 * ManiSkill's 2.418 x 1.209 m top in that frame. The ball is ManiSkill's: friction 0.3 against the
 * table (its default material; the lower of the two coefficients, so 0.3 against armkit's table
 * of 1, and 0.3 against the fingers, where ManiSkill averages to 1.15) and PhysX's default angular
 * damping 0.05, which SAPIEN keeps: neither engine has rolling resistance, so that damping is all
 * that slows the rolling ball (1.4% of its speed a second). Success at the episode's end needs the
 * ball at the goal then: the expert strikes it once at the speed that gets it there.
 */
import { type Pose, pose } from '../../math/pose.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import { RAPIER } from '../../sim/rapier.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { writeDifference, writePose, writeVec3 } from '../write-floats.js';
import { initializeTableTopRobot } from './table-top.js';

/** Ball radius, m. */
export const BALL_RADIUS = 0.035;
/** Goal disc radius, m. */
export const GOAL_RADIUS = 0.1;
/** ManiSkill's table top (x along its 2.418 m length) in this task's frame: what RollBall's entry gives the sim. */
export const ROLL_BALL_TABLE = { center: { x: 0.385, y: -0.02 }, halfExtents: { x: 1.209, y: 0.6045 } };
const BALL_X = { low: -0.315, high: -0.115 };
const GOAL_X = { low: 1.085, high: 1.285 };
const Y_RANGE = { low: -0.3, high: 0.3 };
const GOAL_HEIGHT = 1e-3;
// ManiSkill's default material (static and dynamic friction 0.3, restitution 0): the ball takes
// the lower of its own and the other surface's, so against armkit's table (1) it is 0.3 as
// ManiSkill's ball on its table.
const BALL_FRICTION = 0.3;
/**
 * The ball's angular damping, 1/s: PhysX's default for a rigid dynamic body, which SAPIEN and
 * ManiSkill leave as it is; the only thing that slows ManiSkill's rolling ball (by 2/7 of it,
 * 1.4% of the speed a second).
 */
export const BALL_ANGULAR_DAMPING = 0.05;
// The reward's hit pose: 5 cm behind the ball's surface on the goal-to-ball line.
const HIT_OFFSET = BALL_RADIUS + 0.05;
const REACHED = 0.04;
const SUCCESS_REWARD = 30;
const IDENTITY = { w: 1, x: 0, y: 0, z: 0 };

/** RollBall-v1's info: success alone, as ManiSkill's evaluate(). */
export type RollBallInfo = StepInfo;

/** ManiSkill's RollBall-v1 on the table-top scene, in the frame of armkit's arm base. */
export class RollBall implements Task<RollBallInfo> {
  readonly id = 'RollBall-v1';
  readonly maxEpisodeSteps = 80;
  readonly maxDenseReward = SUCCESS_REWARD;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'goal_pos', size: 3 },
    { key: 'ball_pose', size: 7 },
    { key: 'ball_vel', size: 3 },
    { key: 'tcp_to_ball_pos', size: 3 },
    { key: 'ball_to_goal_pos', size: 3 },
  ] as const;

  /** Centre of the goal disc, world frame. */
  readonly goal: Vec3 = vec3();
  /** ManiSkill's reached_status: the TCP has once come within 4 cm of the hit pose this episode. */
  private reached = false;
  private readonly ball: Pose = pose();
  private readonly linear: Vec3 = vec3();
  private readonly angular: Vec3 = vec3();

  loadScene(scene: Scene): void {
    const ball = scene.addSphere('ball', { radius: BALL_RADIUS, friction: BALL_FRICTION, pose: { p: { x: -0.2, y: 0, z: BALL_RADIUS }, q: IDENTITY } });
    ball.setAngularDamping(BALL_ANGULAR_DAMPING);
    scene.collider('ball').setFrictionCombineRule(RAPIER.CoefficientCombineRule.Min);
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    const y = rng.uniform(Y_RANGE.low, Y_RANGE.high);
    const x = rng.uniform(BALL_X.low, BALL_X.high);
    scene.placeObject('ball', { p: { x, y, z: BALL_RADIUS }, q: IDENTITY });
    this.goal.y = rng.uniform(Y_RANGE.low, Y_RANGE.high);
    this.goal.x = rng.uniform(GOAL_X.low, GOAL_X.high);
    this.goal.z = GOAL_HEIGHT;
    this.reached = false;
  }

  evaluate(world: TaskWorld): RollBallInfo {
    const b = world.objectPose('ball', this.ball).p;
    return { success: Math.hypot(b.x - this.goal.x, b.y - this.goal.y) < GOAL_RADIUS };
  }

  observe(world: TaskWorld, _info: RollBallInfo, out: ObservationDict): void {
    const tcp = world.tcp;
    const ball = world.objectPose('ball', this.ball);
    world.objectVelocity('ball', this.linear, this.angular);
    writePose(out['tcp_pose']!, tcp);
    writeVec3(out['goal_pos']!, this.goal);
    writePose(out['ball_pose']!, ball);
    writeVec3(out['ball_vel']!, this.linear);
    writeDifference(out['tcp_to_ball_pos']!, tcp.p, ball.p);
    writeDifference(out['ball_to_goal_pos']!, ball.p, this.goal);
  }

  // ManiSkill's two stages: reach the hit pose behind the ball (latched once within 4 cm), then
  // 1 + 20 (1 - tanh(ball-to-goal xy distance)); 30 on success.
  denseReward(world: TaskWorld, info: RollBallInfo): number {
    if (info.success) return SUCCESS_REWARD;
    const b = world.objectPose('ball', this.ball).p;
    const t = world.tcp.p;
    const g = this.goal;
    const ux = b.x - g.x;
    const uy = b.y - g.y;
    const uz = b.z - g.z;
    const k = HIT_OFFSET / Math.hypot(ux, uy, uz);
    const toHit = Math.hypot(b.x + ux * k - t.x, b.y + uy * k - t.y, b.z + uz * k - t.z);
    if (toHit < REACHED) this.reached = true;
    if (!this.reached) return 1 - Math.tanh(2 * toHit);
    return 20 * (1 - Math.tanh(Math.hypot(ux, uy))) + 1;
  }

  getState(): unknown {
    return { goal: [this.goal.x, this.goal.y, this.goal.z], reached: this.reached };
  }

  setState(state: unknown): void {
    const s = state as { goal: number[]; reached: boolean };
    this.goal.x = s.goal[0]!;
    this.goal.y = s.goal[1]!;
    this.goal.z = s.goal[2]!;
    this.reached = s.reached;
  }
}
