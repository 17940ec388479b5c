/**
 * PlugCharger-v1 (ManiSkill): pick up a charger lying on the table and plug its two pins into the
 * holes of a fixed receptacle standing in the air in front of it.
 *
 * Randomizations: the charger (a 4 x 3 x 2.4 cm base with two 16 x 1.5 x 6.4 mm pins 7 mm either
 * side of its axis, its origin at the base's front face) lies on the table, xy uniform in
 * [-0.1, -0.026] x [-0.2, 0.2], yaw uniform in +-pi/3. The receptacle (a 2 cm thick, 10 x 10 cm
 * plate with two through holes 0.5 mm wider than the pins on every side) stands with its centre
 * at z = 0.1, xy uniform in [0.01, 0.1] x [-0.1, 0.1], yaw uniform in pi +- pi/8; the goal is the
 * receptacle's pose turned half a turn about z. The arm starts at
 * [0, pi/8, 0, -5pi/8, 0, 3pi/4, pi/4] plus N(0, 0.02) per joint, fingers open.
 * Success: the charger's origin within 5 mm of the goal's and its orientation within 0.2 rad of
 * the goal's. 200 control steps an episode.
 *
 * Differs from ManiSkill: ManiSkill's robot is panda_wristcam, the Panda with a wrist camera; in
 * the state observation it is the Panda, so the task runs on 'panda'. ManiSkill's dense reward is
 * zero at every step (normalized by 1); here it pays 1 on success and 0 otherwise, so that the
 * shared reward contract (success pays the maximum) holds; it is ManiSkill's sparse reward. The
 * receptacle is a fixed body where ManiSkill's is kinematic: neither moves in an episode.
 * The kinematic arm did not jam in the 0.5 mm clearance (100 of 100 seeds plugged in): where the
 * pins' tips caught the receptacle's face, the charger slid back in the fingers (their drive gives
 * way, not the arm) until the pins went in; slip over the push, 100 seeds: median 1.2 mm, worst
 * 17.6 mm. The scripted expert therefore goes through the entry slowly and holds still once
 * plugged in (policies/scripted/plug-charger-expert.ts; fidelity/PlugCharger-v1.md).
 */
import { type Pose, pose, relativePose } from '../../math/pose.js';
import { fromAxisAngle, multiply, quat, toRotationVector } from '../../math/quat.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { writePose } from '../write-floats.js';
import { initializeTableTopRobot } from './table-top.js';

/** Charger base half size, m. */
export const BASE_HALF = { x: 0.02, y: 0.015, z: 0.012 } as const;
/** Charger pin half size, m. */
export const PIN_HALF = { x: 0.008, y: 0.00075, z: 0.0032 } as const;
/** Each pin's centre this far either side of the charger's axis, m. */
export const PIN_GAP = 0.007;
/** Single-side clearance of the receptacle's holes around the pins, m. */
export const CLEARANCE = 0.0005;
const RECEPTACLE_HALF = { x: 0.01, y: 0.05, z: 0.05 } as const;
// ManiSkill's default material.
const FRICTION = 0.3;
const CHARGER_XY_LOW = [-0.1, -0.2] as const;
const CHARGER_XY_HIGH = [-0.01 - 2 * PIN_HALF.x, 0.2] as const;
const CHARGER_YAW_SPREAD = Math.PI / 3;
const RECEPTACLE_XY_LOW = [0.01, -0.1] as const;
const RECEPTACLE_XY_HIGH = [0.1, 0.1] as const;
const RECEPTACLE_Z = 0.1;
const RECEPTACLE_YAW_SPREAD = Math.PI / 8;
const SUCCESS_DISTANCE = 5e-3;
const SUCCESS_ANGLE = 0.2;
// The arm's start (ManiSkill's), fingers open at 0.04 m; N(0, 0.02) is added per arm joint.
const INIT_QPOS = [0, Math.PI / 8, 0, (-5 * Math.PI) / 8, 0, (3 * Math.PI) / 4, Math.PI / 4, 0.04];
const Z_AXIS: Vec3 = { x: 0, y: 0, z: 1 };
const IDENTITY = { w: 1, x: 0, y: 0, z: 0 };
const HALF_TURN = { w: 0, x: 0, y: 0, z: 1 };

/** PlugCharger-v1's info: success and the charger's distance and angle to the goal. */
export interface PlugChargerInfo extends StepInfo {
  /** Distance of the charger's origin from the goal's, m. */
  obj_to_goal_dist: number;
  /** Angle between the charger's orientation and the goal's, rad. */
  obj_to_goal_angle: number;
}

/** ManiSkill's PlugCharger-v1 on the table-top scene. */
export class PlugCharger implements Task<PlugChargerInfo> {
  readonly id = 'PlugCharger-v1';
  readonly maxEpisodeSteps = 200;
  readonly maxDenseReward = 1;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'charger_pose', size: 7 },
    { key: 'receptacle_pose', size: 7 },
    { key: 'goal_pose', size: 7 },
  ] as const;

  /** The goal's position (the receptacle's origin; set at each reset). */
  readonly goal: Vec3 = vec3();
  /** The goal pose: the receptacle's, turned half a turn about z. */
  private readonly goalPose: Pose = pose();
  private readonly charger: Pose = pose();
  private readonly receptacle: Pose = pose();
  private readonly rel: Pose = pose();
  private readonly axisAngle: Vec3 = vec3();

  loadScene(scene: Scene): void {
    scene.addCompound('charger', { parts: chargerParts(), pose: { p: { x: -0.05, y: 0, z: BASE_HALF.z }, q: IDENTITY }, friction: FRICTION });
    scene.addCompound('receptacle', { type: 'fixed', parts: receptacleParts(), pose: { p: { x: 0.05, y: 0, z: RECEPTACLE_Z }, q: IDENTITY }, friction: FRICTION });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng, 0.02, INIT_QPOS);

    const cx = rng.uniform(CHARGER_XY_LOW[0], CHARGER_XY_HIGH[0]);
    const cy = rng.uniform(CHARGER_XY_LOW[1], CHARGER_XY_HIGH[1]);
    const chargerYaw = rng.uniform(-CHARGER_YAW_SPREAD, CHARGER_YAW_SPREAD);
    scene.placeObject('charger', { p: { x: cx, y: cy, z: BASE_HALF.z }, q: fromAxisAngle(Z_AXIS, chargerYaw) });

    const rx = rng.uniform(RECEPTACLE_XY_LOW[0], RECEPTACLE_XY_HIGH[0]);
    const ry = rng.uniform(RECEPTACLE_XY_LOW[1], RECEPTACLE_XY_HIGH[1]);
    const receptacleYaw = rng.uniform(Math.PI - RECEPTACLE_YAW_SPREAD, Math.PI + RECEPTACLE_YAW_SPREAD);
    const r = { p: { x: rx, y: ry, z: RECEPTACLE_Z }, q: fromAxisAngle(Z_AXIS, receptacleYaw) };
    const body = scene.body('receptacle');
    body.setTranslation(r.p, true);
    body.setRotation(r.q, true);
    this.updateGoal(r);
  }

  beginEpisode(world: TaskWorld): void {
    this.updateGoal(world.objectPose('receptacle', this.receptacle));
  }

  evaluate(world: TaskWorld): PlugChargerInfo {
    const c = world.objectPose('charger', this.charger);
    const g = this.goalPose;
    const dist = Math.hypot(g.p.x - c.p.x, g.p.y - c.p.y, g.p.z - c.p.z);
    const rel = relativePose(g, c, this.rel).q;
    const v = toRotationVector(rel, this.axisAngle);
    const a = Math.hypot(v.x, v.y, v.z);
    const angle = Math.min(a, 2 * Math.PI - a);
    return { success: dist <= SUCCESS_DISTANCE && angle <= SUCCESS_ANGLE, obj_to_goal_dist: dist, obj_to_goal_angle: angle };
  }

  observe(world: TaskWorld, _info: PlugChargerInfo, out: ObservationDict): void {
    writePose(out['tcp_pose']!, world.tcp);
    writePose(out['charger_pose']!, world.objectPose('charger', this.charger));
    writePose(out['receptacle_pose']!, world.objectPose('receptacle', this.receptacle));
    writePose(out['goal_pose']!, this.goalPose);
  }

  denseReward(_world: TaskWorld, info: PlugChargerInfo): number {
    return info.success ? this.maxDenseReward : 0;
  }

  getState(): unknown {
    const g = this.goalPose;
    return { goal: [g.p.x, g.p.y, g.p.z, g.q.w, g.q.x, g.q.y, g.q.z] };
  }

  setState(state: unknown): void {
    const s = (state as { goal: number[] }).goal;
    this.goalPose.p = { x: s[0]!, y: s[1]!, z: s[2]! };
    this.goalPose.q = quat(s[3]!, s[4]!, s[5]!, s[6]!);
    [this.goal.x, this.goal.y, this.goal.z] = [s[0]!, s[1]!, s[2]!];
  }

  private updateGoal(receptacle: Pose): void {
    this.goalPose.p = { x: receptacle.p.x, y: receptacle.p.y, z: receptacle.p.z };
    this.goalPose.q = multiply(receptacle.q, HALF_TURN, quat());
    [this.goal.x, this.goal.y, this.goal.z] = [receptacle.p.x, receptacle.p.y, receptacle.p.z];
  }
}

const at = (x: number, y: number, z: number): Pose => ({ p: { x, y, z }, q: IDENTITY });

/** The charger: two pins in front (+x) of its origin, the base behind it. */
function chargerParts(): BoxPart[] {
  return [
    { halfExtents: PIN_HALF, at: at(PIN_HALF.x, PIN_GAP, 0) },
    { halfExtents: PIN_HALF, at: at(PIN_HALF.x, -PIN_GAP, 0) },
    { halfExtents: BASE_HALF, at: at(-BASE_HALF.x, 0, 0) },
  ];
}

/** The receptacle: a plate behind (-x of) its origin, with two holes the pins' size plus the clearance. */
function receptacleParts(): BoxPart[] {
  const hole = { y: PIN_HALF.y + CLEARANCE, z: PIN_HALF.z + CLEARANCE };
  const R = RECEPTACLE_HALF;
  const sy = 0.5 * (R.y - hole.y - PIN_GAP);
  const sz = 0.5 * (R.z - hole.z);
  const dx = -R.x;
  const dy = hole.y + PIN_GAP + sy;
  const dz = hole.z + sz;
  return [
    { halfExtents: { x: R.x, y: R.y, z: sz }, at: at(dx, 0, dz) },
    { halfExtents: { x: R.x, y: R.y, z: sz }, at: at(dx, 0, -dz) },
    { halfExtents: { x: R.x, y: sy, z: R.z }, at: at(dx, dy, 0) },
    { halfExtents: { x: R.x, y: sy, z: R.z }, at: at(dx, -dy, 0) },
    // Between the holes.
    { halfExtents: { x: R.x, y: PIN_GAP - hole.y, z: hole.z }, at: at(dx, 0, 0) },
  ];
}
