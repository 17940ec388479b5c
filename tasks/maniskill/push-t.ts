/**
 * PushT-v1 (ManiSkill): push a T-shaped block with a stick until it covers a fixed goal T drawn
 * on the table (Diffusion Policy's push-T, in 3D).
 *
 * Robot: panda_stick (the Panda with a 0.1 m stick for a hand, no gripper), started from
 * PushT's own keyframe [0.662, 0.212, 0.086, -2.685, -0.115, 2.898, 1.673] plus N(0, 0.02) joint
 * noise, which puts the stick's tip near (-0.321, 0.284) just above the table.
 * Randomizations: the T's centre of mass xy uniform in the goal's xy + [-0.1, 0.1) x [-0.1, 0.2),
 * z 0.021 (half its 0.04 m thickness plus 1 mm), yaw uniform in [0, 2 pi). The goal T is fixed at
 * (-0.156, -0.1), yaw 5 pi / 3, and is data, not a body (a visual in ManiSkill).
 * Success: the T covers at least 90% of the goal T's area, measured as ManiSkill measures it on
 * a 64 x 64 grid of 4.7 mm cells (tee-overlap.ts). 100 control steps an episode.
 *
 * Differs from ManiSkill: the arm is armkit's kinematic Panda (primitive collision shapes), so
 * the stick pushes with unlimited force; it covers each control period's move at one speed
 * (SimConfig.armMotion 'even', set for this task in registered-tasks.ts), as ManiSkill's PD-driven
 * joints move continuously: at the joints' limits and then still, a 2 cm step hit the T at about
 * 1 m/s and threw it 3.5 cm ahead of the stick, which then caught up (measured per physics step); the stick is a capsule of ManiSkill's radius (8 mm) and
 * reach (0.05-0.15 m below the hand), not a cylinder, because Rapier's cylinder-box contacts
 * tilted and launched the T; the T gets its 0.8 kg as a density over its 7e-4 m^3 (the same mass,
 * inertia and centroid PhysX computes from the builder's mass); friction 3 on the T, combined
 * with the table's 1 by Rapier's average (ManiSkill's PhysX averages too, with its own table's);
 * ManiSkill's tip starts at z 0.024 by its comment, armkit's FK of the same keyframe gives 0.015
 * (armkit's DH-built URDF), which is the workspace floor. The end-zone marker (a visual disc at
 * the start position) is not modelled: PushT-v1's success does not use it.
 */
import { type Pose, pose } from '../../math/pose.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { writePose, writeVec3 } from '../write-floats.js';
import { initializeTableTopRobot } from './table-top.js';
import { TeeOverlap, teeYaw } from './tee-overlap.js';

/** PushT's keyframe for panda_stick (WhiteTableSceneBuilder in push_t.py). */
export const PUSH_T_KEYFRAME: readonly number[] = [0.662, 0.212, 0.086, -2.685, -0.115, 2.898, 1.673];
/** The goal T's centre of mass on the table and its yaw, fixed. */
export const PUSH_T_GOAL = { x: -0.156, y: -0.1, yaw: (5 / 3) * Math.PI } as const;
/** The T's two boxes in its frame (origin at ManiSkill's centre of mass): the bar, then the stem. */
export const TEE_PARTS = [
  { halfExtents: { x: 0.1, y: 0.025, z: 0.02 }, at: { x: 0, y: -0.0375 } },
  { halfExtents: { x: 0.025, y: 0.075, z: 0.02 }, at: { x: 0, y: 0.0625 } },
] as const;

const TEE_HALF_THICKNESS = 0.02;
const TEE_MASS = 0.8;
const TEE_FRICTION = 3;
// ManiSkill gives the builder a mass; Rapier takes a density, so spread 0.8 kg over the 7e-4 m^3.
const TEE_VOLUME = TEE_PARTS.reduce((v, p) => v + 8 * p.halfExtents.x * p.halfExtents.y * p.halfExtents.z, 0);
const SPAWN = { x0: -0.1, xLength: 0.2, y0: -0.1, yLength: 0.3 } as const;
const GOAL_HEIGHT = 1e-3;
const SPAWN_LIFT = 1e-3;
const INTERSECTION_THRESHOLD = 0.9;

/** PushT-v1's info: success alone, as ManiSkill's evaluate() returns. */
export interface PushTInfo extends StepInfo {}

/** ManiSkill's PushT-v1 on the table-top scene, with panda_stick. */
export class PushT implements Task<PushTInfo> {
  readonly id = 'PushT-v1';
  readonly maxEpisodeSteps = 100;
  readonly maxDenseReward = 3;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'goal_pos', size: 3 },
    { key: 'obj_pose', size: 7 },
  ] as const;

  /** The goal T's position, world frame (fixed). */
  readonly goal: Vec3 = vec3(PUSH_T_GOAL.x, PUSH_T_GOAL.y, GOAL_HEIGHT);
  private readonly tee: Pose = pose();
  private readonly overlap = new TeeOverlap(PUSH_T_GOAL.x, PUSH_T_GOAL.y, PUSH_T_GOAL.yaw);

  loadScene(scene: Scene): void {
    scene.addCompound('tee', {
      parts: TEE_PARTS.map((p) => ({ halfExtents: p.halfExtents, at: { p: { ...p.at, z: 0 }, q: { w: 1, x: 0, y: 0, z: 0 } } })),
      pose: { p: { x: PUSH_T_GOAL.x, y: PUSH_T_GOAL.y, z: TEE_HALF_THICKNESS + SPAWN_LIFT }, q: { w: 1, x: 0, y: 0, z: 0 } },
      density: TEE_MASS / TEE_VOLUME,
      friction: TEE_FRICTION,
    });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng, 0.02, PUSH_T_KEYFRAME);
    const x = PUSH_T_GOAL.x + rng.uniform(0, SPAWN.xLength) + SPAWN.x0;
    const y = PUSH_T_GOAL.y + rng.uniform(0, SPAWN.yLength) + SPAWN.y0;
    const yaw = rng.uniform(0, 2 * Math.PI);
    scene.placeObject('tee', { p: { x, y, z: TEE_HALF_THICKNESS + SPAWN_LIFT }, q: { w: Math.cos(yaw / 2), x: 0, y: 0, z: Math.sin(yaw / 2) } });
    this.goal.x = PUSH_T_GOAL.x;
    this.goal.y = PUSH_T_GOAL.y;
    this.goal.z = GOAL_HEIGHT;
  }

  /** Share of the goal T's area the T covers, ManiSkill's pseudo-rendered intersection. */
  intersection(world: TaskWorld): number {
    const t = world.objectPose('tee', this.tee);
    return this.overlap.of(t.p.x, t.p.y, teeYaw(t.q.w, t.q.z));
  }

  evaluate(world: TaskWorld): PushTInfo {
    return { success: this.intersection(world) >= INTERSECTION_THRESHOLD };
  }

  observe(world: TaskWorld, _info: PushTInfo, out: ObservationDict): void {
    writePose(out['tcp_pose']!, world.tcp);
    writeVec3(out['goal_pos']!, this.goal);
    writePose(out['obj_pose']!, world.objectPose('tee', this.tee));
  }

  // ManiSkill's pose-based reward: up to 0.5 for the yaw, 0.5 for the xy distance, 0.05 for the
  // stick near the T; 3 on success.
  denseReward(world: TaskWorld, info: PushTInfo): number {
    if (info.success) return this.maxDenseReward;
    const t = world.objectPose('tee', this.tee);
    const rot = Math.cos(teeYaw(t.q.w, t.q.z) - PUSH_T_GOAL.yaw);
    let reward = ((rot + 1) / 2) ** 2 / 2;
    const d = Math.hypot(t.p.x - this.goal.x, t.p.y - this.goal.y);
    reward += (1 - Math.tanh(5 * d)) ** 2 / 2;
    const tcp = world.tcp.p;
    const reach = Math.hypot(t.p.x - tcp.x, t.p.y - tcp.y, t.p.z - tcp.z);
    return reward + Math.sqrt(1 - Math.tanh(5 * reach)) / 20;
  }
}
