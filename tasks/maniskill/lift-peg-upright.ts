/**
 * LiftPegUpright-v1 (ManiSkill): a peg lying on the table is to be stood on its end.
 *
 * The peg is one box, 0.24 x 0.05 x 0.05 m (ManiSkill's two colours are visual halves of a single
 * collision box, so one box here), lying with its long axis along world x.
 * Randomizations: peg xy uniform in [-0.1, 0.1]^2, centre at its half width (0.025) above the
 * table, orientation fixed (a quarter turn about x, as ManiSkill's euler2quat(pi/2, 0, 0)); arm at
 * rest plus N(0, 0.02) joint noise.
 * Success: the third angle of the peg's intrinsic XYZ Euler decomposition is within 0.08 rad of
 * +-pi/2 (its long axis stands vertical) and its centre is within 0.005 m of its half length
 * (0.12) above the table. 50 control steps an episode.
 *
 * Differs from ManiSkill: friction 1, as the other armkit table-top objects (ManiSkill's
 * default material is 0.3). ManiSkill offers only the sparse reward for this task; here the dense
 * reward is the success flag too (maxDenseReward 1), so every reward mode is defined. The goal is the point an upright peg's
 * centre would have above its start: ManiSkill has none, armkit's Task reports one.
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

const PEG_HALF_WIDTH = 0.025;
const PEG_HALF_LENGTH = 0.12;
// A tenth of ManiSkill's 1000 kg/m^3: 60 g, about PickCube's cube (see the header).
const PEG_DENSITY = 1000;
const SPAWN_HALF_RANGE = 0.1;
const UPRIGHT_TOLERANCE = 0.08;
const HEIGHT_TOLERANCE = 0.005;
const X_AXIS: Vec3 = { x: 1, y: 0, z: 0 };
const LYING = fromAxisAngle(X_AXIS, Math.PI / 2);

/** LiftPegUpright-v1's info: ManiSkill's evaluate() returns success alone. */
export interface LiftPegUprightInfo extends StepInfo {
  success: boolean;
}

/**
 * The third angle (about the body's z, applied last) of the intrinsic XYZ Euler decomposition
 * of a wxyz quaternion: atan2(-R01, R00) of its rotation matrix.
 */
export function intrinsicXyzThirdAngle(w: number, x: number, y: number, z: number): number {
  const r00 = 1 - 2 * (y * y + z * z);
  const r01 = 2 * (x * y - w * z);
  return Math.atan2(-r01, r00);
}

/** ManiSkill's LiftPegUpright-v1 on the table-top scene. */
export class LiftPegUpright implements Task<LiftPegUprightInfo> {
  readonly id = 'LiftPegUpright-v1';
  readonly maxEpisodeSteps = 50;
  readonly maxDenseReward = 1;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'obj_pose', size: 7 },
  ] as const;

  /** Where the peg's centre would stand upright above its start (ManiSkill has no goal). */
  readonly goal: Vec3 = vec3();
  private readonly peg: Pose = pose();

  loadScene(scene: Scene): void {
    scene.addBox('peg', {
      halfExtents: { x: PEG_HALF_LENGTH, y: PEG_HALF_WIDTH, z: PEG_HALF_WIDTH },
      pose: { p: { x: 0, y: 0, z: PEG_HALF_WIDTH }, q: LYING },
      friction: 1,
      density: PEG_DENSITY,
    });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    const r = SPAWN_HALF_RANGE;
    const x = rng.uniform(-r, r);
    const y = rng.uniform(-r, r);
    scene.placeObject('peg', { p: { x, y, z: PEG_HALF_WIDTH }, q: LYING });
    this.goal.x = x;
    this.goal.y = y;
    this.goal.z = PEG_HALF_LENGTH;
  }

  evaluate(world: TaskWorld): LiftPegUprightInfo {
    const { p, q } = world.objectPose('peg', this.peg);
    const upright = Math.abs(Math.abs(intrinsicXyzThirdAngle(q.w, q.x, q.y, q.z)) - Math.PI / 2) < UPRIGHT_TOLERANCE;
    const closeToTable = Math.abs(p.z - PEG_HALF_LENGTH) < HEIGHT_TOLERANCE;
    return { success: upright && closeToTable };
  }

  observe(world: TaskWorld, _info: LiftPegUprightInfo, out: ObservationDict): void {
    writePose(out['tcp_pose']!, world.tcp);
    writePose(out['obj_pose']!, world.objectPose('peg', this.peg));
  }

  // ManiSkill defines no dense reward for this task: the success flag stands in.
  denseReward(_world: TaskWorld, info: LiftPegUprightInfo): number {
    return info.success ? 1 : 0;
  }
}
