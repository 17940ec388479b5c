/**
 * PullCubeTool-v1 (ManiSkill): grasp an L-shaped tool's handle and pull a cube that lies out of
 * the arm's reach back toward the robot with the tool's hook.
 *
 * Randomizations: the tool (a 0.2 x 0.05 x 0.05 m handle along +x from the tool's origin, and a
 * 0.05 x 0.1 x 0.05 m hook centred at (0.175, 0.05) in its frame, pointing +y) with its origin's
 * xy uniform in [-0.3, -0.1]^2, flat on the table, unturned; the cube (half size 0.02) with x
 * uniform in [0.05, 0.25], y uniform in [-0.25, 0.05], yaw uniform in [-pi/6, pi/6], dropped from
 * 5 mm above the table as ManiSkill places it (z 0.025); arm at rest plus N(0, 0.02) joint noise.
 * Success: the cube's centre within 0.6 m of the robot's base in xy. 100 control steps an episode.
 *
 * Differs from ManiSkill:
 * - ManiSkill's draws can put the cube inside the tool's hook (about 3% of resets); PhysX then
 *   pushes them apart at the first step. Here the cube is drawn again (same distribution) until
 *   it clears the tool by 5 mm, so no episode starts interpenetrating.
 * - The tool has one density, 2/3 of 1000 (ManiSkill: handle 500, hook 1000): the same 0.5 kg;
 *   the scene gives a compound one density. Its centre of mass sits at (0.125, 0.017) in the
 *   tool's frame against ManiSkill's (0.1375, 0.025).
 * - The dense reward: ManiSkill adds a 5 success bonus on top of the staged terms and subtracts 2
 *   when the cube is pushed beyond x = 0.5, so its reward ranges over about [-5, 13.5] and the
 *   normalized one (divided by 5) over [-1, 2.7]. Here the staged sum is clipped at 0, success
 *   pays the stages' total, 13.5, and the normalized mode divides by 13.5, so both stay in [0, 1].
 * - is_grasping takes no finger-angle limit (ManiSkill's max_angle 20 degrees): TaskWorld's
 *   isGrasping is both fingers pushing >= 0.5 N.
 * Cube and tool take ManiSkill's default friction, 0.3.
 */
import { type Pose, pose } from '../../math/pose.js';
import { fromAxisAngle } from '../../math/quat.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { writePose } from '../write-floats.js';
import { initializeTableTopRobot } from './table-top.js';

const CUBE_HALF_SIZE = 0.02;
// ManiSkill's cube_size (0.02, not the cube's size) sets the drop height: z = 0.01 + 0.015.
const CUBE_SPAWN_Z = 0.02 / 2 + 0.015;
const HANDLE_LENGTH = 0.2;
const HOOK_LENGTH = 0.05;
const TOOL_WIDTH = 0.05;
const TOOL_HEIGHT = 0.05;
const ARM_REACH = 0.35;
const TOOL_MIN = -0.3;
const TOOL_MAX = -0.1;
const CUBE_X_MIN = ARM_REACH - 0.3;
const CUBE_Y_MIN = -0.25;
const CUBE_Y_RANGE = 0.3;
const CUBE_MAX_YAW = Math.PI / 6;
const Z_AXIS: Vec3 = { x: 0, y: 0, z: 1 };
const FRICTION = 0.3;
const TOOL_DENSITY = 2000 / 3;
// The cube's corners reach this far from its centre in xy; it is drawn again when that circle
// comes within CLEARANCE of the tool's boxes.
const CUBE_CIRCLE = CUBE_HALF_SIZE * Math.SQRT2;
const CLEARANCE = 0.005;
const MAX_DRAWS = 100;

const ROBOT_BASE: Vec3 = { x: -0.615, y: 0, z: 0 };
const SUCCESS_DISTANCE = 0.6;
// evaluate()'s progress measure: distance to the base + 0.1 arm reach along x.
const WORKSPACE_CENTRE: Vec3 = { x: ROBOT_BASE.x + ARM_REACH * 0.1, y: 0, z: 0 };
// The reward's stages: grasp the handle 2 cm along it from the tool's origin; the tool's origin
// ideally at the cube - (hook length + half size, 0.067); the cube pulled to the base + 0.05 x.
const GRASP_ALONG = 0.02;
const IDEAL_BEHIND_X = HOOK_LENGTH + CUBE_HALF_SIZE;
const IDEAL_BEHIND_Y = 0.067;
const POSITIONED = 0.05;
const PULL_TARGET: Vec3 = { x: ROBOT_BASE.x + 0.05, y: 0, z: 0 };
const PULL_START: Vec3 = { x: ARM_REACH + 0.1, y: 0, z: 0.02 / 2 };
const INITIAL_DIST = Math.hypot(PULL_START.x - PULL_TARGET.x, PULL_START.y - PULL_TARGET.y, PULL_START.z - PULL_TARGET.z);
const PUSHED_AWAY_X = ARM_REACH + 0.15;
const STAGES_MAX = 2 + 2 + 1.5 + 3;
const SUCCESS_BONUS = 5;

/** PullCubeTool-v1's info: success and ManiSkill's evaluation metrics. */
export interface PullCubeToolInfo extends StepInfo {
  /** 1 - tanh(3 * cube_distance). */
  cube_progress: number;
  /** Distance from the cube's centre to the base + (0.035, 0, 0), m. */
  cube_distance: number;
}

/** ManiSkill's PullCubeTool-v1 on the table-top scene. */
export class PullCubeTool implements Task<PullCubeToolInfo> {
  readonly id = 'PullCubeTool-v1';
  readonly maxEpisodeSteps = 100;
  readonly maxDenseReward = STAGES_MAX + SUCCESS_BONUS;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'cube_pose', size: 7 },
    { key: 'tool_pose', size: 7 },
  ] as const;

  /** The centre of the success disc (radius 0.6 m in xy): the robot's base. ManiSkill has no goal. */
  readonly goal: Vec3 = vec3(ROBOT_BASE.x, ROBOT_BASE.y, ROBOT_BASE.z);
  private readonly cube: Pose = pose();
  private readonly tool: Pose = pose();

  loadScene(scene: Scene): void {
    const h = CUBE_HALF_SIZE;
    const flat = { w: 1, x: 0, y: 0, z: 0 };
    scene.addBox('cube', { halfExtents: { x: h, y: h, z: h }, pose: { p: { x: 0.15, y: 0, z: h }, q: flat }, friction: FRICTION });
    scene.addCompound('tool', {
      pose: { p: { x: -0.2, y: -0.2, z: TOOL_HEIGHT / 2 }, q: flat },
      friction: FRICTION,
      density: TOOL_DENSITY,
      parts: [
        { halfExtents: { x: HANDLE_LENGTH / 2, y: TOOL_WIDTH / 2, z: TOOL_HEIGHT / 2 }, at: { p: { x: HANDLE_LENGTH / 2, y: 0, z: 0 }, q: flat } },
        // ManiSkill's hook half extent along y is the tool's whole width (0.05): a 0.1 m hook.
        { halfExtents: { x: HOOK_LENGTH / 2, y: TOOL_WIDTH, z: TOOL_HEIGHT / 2 }, at: { p: { x: HANDLE_LENGTH - HOOK_LENGTH / 2, y: TOOL_WIDTH, z: 0 }, q: flat } },
      ],
    });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    const tx = rng.uniform(TOOL_MIN, TOOL_MAX);
    const ty = rng.uniform(TOOL_MIN, TOOL_MAX);
    scene.placeObject('tool', { p: { x: tx, y: ty, z: TOOL_HEIGHT / 2 }, q: { w: 1, x: 0, y: 0, z: 0 } });
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < MAX_DRAWS; i++) {
      cx = CUBE_X_MIN + rng.uniform(0, HANDLE_LENGTH);
      cy = CUBE_Y_MIN + rng.uniform(0, CUBE_Y_RANGE);
      if (clearOfTool(cx - tx, cy - ty)) break;
    }
    const yaw = rng.uniform(-CUBE_MAX_YAW, CUBE_MAX_YAW);
    scene.placeObject('cube', { p: { x: cx, y: cy, z: CUBE_SPAWN_Z }, q: fromAxisAngle(Z_AXIS, yaw) });
  }

  evaluate(world: TaskWorld): PullCubeToolInfo {
    const c = world.objectPose('cube', this.cube).p;
    const toBase = Math.hypot(c.x - ROBOT_BASE.x, c.y - ROBOT_BASE.y);
    const distance = Math.hypot(c.x - WORKSPACE_CENTRE.x, c.y - WORKSPACE_CENTRE.y, c.z - WORKSPACE_CENTRE.z);
    return { success: toBase < SUCCESS_DISTANCE, cube_progress: 1 - Math.tanh(3 * distance), cube_distance: distance };
  }

  observe(world: TaskWorld, _info: PullCubeToolInfo, out: ObservationDict): void {
    writePose(out['tcp_pose']!, world.tcp);
    writePose(out['cube_pose']!, world.objectPose('cube', this.cube));
    writePose(out['tool_pose']!, world.objectPose('tool', this.tool));
  }

  // ManiSkill's stages: reach the handle (up to 2) and grasp it (2); holding it, bring the tool
  // behind the cube (1.5) and, once there, pull the cube toward the base (3 x progress).
  denseReward(world: TaskWorld, info: PullCubeToolInfo): number {
    if (info.success) return this.maxDenseReward;
    const tcp = world.tcp.p;
    const c = world.objectPose('cube', this.cube).p;
    const tool = world.objectPose('tool', this.tool).p;
    const toGrasp = Math.hypot(tcp.x - tool.x - GRASP_ALONG, tcp.y - tool.y, tcp.z - tool.z);
    let reward = 2 * (1 - Math.tanh(5 * toGrasp));
    if (world.isGrasping('tool')) {
      const off = Math.hypot(tool.x - (c.x - IDEAL_BEHIND_X), tool.y - (c.y - IDEAL_BEHIND_Y), tool.z - c.z);
      reward += 2 + 1.5 * (1 - Math.tanh(3 * off));
      if (off < POSITIONED) {
        const d = Math.hypot(c.x - PULL_TARGET.x, c.y - PULL_TARGET.y, c.z - PULL_TARGET.z);
        reward += (3 * (INITIAL_DIST - d)) / INITIAL_DIST;
      }
    }
    if (c.x > PUSHED_AWAY_X) reward -= 2;
    return Math.min(STAGES_MAX, Math.max(0, reward));
  }

  getState(): unknown {
    return null;
  }

  setState(_state: unknown): void {}
}

/** Whether a cube centred at (dx, dy) from the tool's origin, any yaw, clears the tool's boxes. */
function clearOfTool(dx: number, dy: number): boolean {
  const reach = CUBE_CIRCLE + CLEARANCE;
  const handle = dx > -reach && dx < HANDLE_LENGTH + reach && Math.abs(dy) < TOOL_WIDTH / 2 + reach;
  const hook = dx > HANDLE_LENGTH - HOOK_LENGTH - reach && dx < HANDLE_LENGTH + reach && dy > -reach && dy < 2 * TOOL_WIDTH + reach;
  return !handle && !hook;
}
