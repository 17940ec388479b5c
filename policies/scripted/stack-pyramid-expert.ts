import { type Vec3, copy, vec3 } from '../../math/vec3.js';
import { PhasedExpert, fieldOffsets, readPosition, readYaw } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';
import { type GraspOptions, type GraspStep, writeGraspStep } from './top-down-grasp.js';

const CUBE_SIZE = 0.04;
const HALF = CUBE_SIZE / 2;
// cubeA goes this far from cubeB's centre along one of cubeB's face normals: 14 mm apart (the
// success rule allows 21.6), since cubeA swings and turns a little in the fingers and landed on
// cubeB's edge from 6 mm (measured: 25% of 20 seeds failed so, 12% of 40 at 14 mm; most of those
// were phantom contacts from 17 mm away, gone since the scene re-flags its objects each step).
const BESIDE = 0.054;
// A spot for cubeA this close to cubeC's centre would knock cubeC over.
const SPOT_CLEAR_OF_C = 0.075;
const APPROACH_HEIGHT = 0.05;
const ALIGN_TOLERANCE = 0.05;
const GRASP: GraspOptions = { closeSteps: 3 };
// Fingers (qpos 7 and 8) that stopped on a 4 cm cube sit near 0.02 m each; closed on nothing, near 0.
const GRIPPED_WIDTH = 0.03;
// Carried cubes travel with their bottom this high: clear of the other cubes' tops and of a cube on them.
const CARRY_BOTTOM = 0.08;
const CARRY_TOLERANCE = 0.004;
const RELEASE_GAP = 0.002;
const LOWER_TOLERANCE = 0.002;
const RELEASE_STEPS = 3;
const RETREAT_HEIGHT = 0.14;
const RETREAT_TOLERANCE = 0.01;
const LOST_DISTANCE = 0.03;
// Held cubes swing in the fingers as the hand accelerates: correct half their offset each step.
const STEER_GAIN = 0.5;
const CARRY_SPEED = 0.4;
// Lowering at 3 cm a step knocked cubeB as cubeA came down beside it more often than 1.5 cm a step.
const LOWER_SPEED = 0.15;
const QUARTER = Math.PI / 2;

// Grasp steps first (GraspStep), then the place.
const enum Step {
  Approach,
  Lift = 3,
  Carry,
  Lower,
  Release,
  Retreat,
}

// phase = stage * STAGE + step: stage 0 moves cubeA beside cubeB, stage 1 puts cubeC on both, stage 2 holds still.
const STAGE = 8;

/** One pick-and-place move as the expert sees it this step. */
interface Move {
  /** The cube to pick: centre and yaw. */
  cube: Vec3;
  cubeYaw: number;
  /** Where its centre goes. */
  place: Vec3;
  /** The hand's yaw while carrying and placing, or null to keep the grasp's. */
  placeYaw: number | null;
}

/**
 * A scripted expert for StackPyramid-v1 in pd_ee_delta_pose, two pick-and-places: cubeA to a spot
 * beside cubeB (a face normal of cubeB away from cubeC, cubeA turned square to cubeB, the fingers
 * closing across the line between them so neither finger comes down between the cubes), then
 * cubeC onto the middle of the pair; each grasps as PickCube-v1's expert does, lifts, carries the
 * cube's centre over its spot, lowers it to 2 mm above, opens and rises. It reads only the
 * observation and keeps one phase per env of a batch.
 */
export class StackPyramidExpert extends PhasedExpert {
  private readonly offsets = fieldOffsets(this.space, { qpos: 'qpos', tcp: 'tcp_pose', a: 'cubeA_pose', b: 'cubeB_pose', c: 'cubeC_pose' });

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { qpos, tcp, a, b, c } = this.offsets;
    const t = readPosition(o, base + tcp);
    const handYaw = readYaw(o, base + tcp);
    const stage = Math.floor(this.phase[e]! / STAGE);
    if (stage >= 2) {
      writeEeDeltaAction(out, at, t, t, 0, null, 1);
      return;
    }
    const pa = readPosition(o, base + a);
    const pb = readPosition(o, base + b);
    const pc = readPosition(o, base + c);
    const move: Move =
      stage === 0
        ? besideB(pa, pb, pc, readYaw(o, base + b), handYaw)
        : { cube: pc, cubeYaw: 0, place: vec3((pa.x + pb.x) / 2, (pa.y + pb.y) / 2, Math.max(pa.z, pb.z) + CUBE_SIZE), placeYaw: null };
    const q = stage === 0 ? a : c;
    move.cubeYaw = readYaw(o, base + q);
    const fingers = o[base + qpos + 7]! + o[base + qpos + 8]!;
    this.pickAndPlace(o, base + tcp + 3, e, stage, t, fingers, move, out, at);
  }

  private pickAndPlace(o: Float32Array, tcpQuat: number, e: number, stage: number, t: Vec3, fingers: number, m: Move, out: Float32Array, at: number): void {
    const c = m.cube;
    const step = (this.phase[e]! % STAGE) as Step;
    const next = (s: Step | GraspStep) => (this.phase[e] = stage * STAGE + s);
    const graspYaw = m.cubeYaw - QUARTER * Math.round(m.cubeYaw / QUARTER);
    const gz = t.z - c.z;
    const lost = Math.hypot(t.x - c.x, t.y - c.y, gz) > LOST_DISTANCE;
    const carryZ = CARRY_BOTTOM + HALF;
    const goal = vec3(c.x, c.y, c.z + APPROACH_HEIGHT);
    if (step < Step.Lift) {
      const toGrasp = pointDownError(o, tcpQuat, graspYaw);
      next(writeGraspStep(step as number as GraspStep, this.counter, e, t, goal, c.z, toGrasp, fingers > GRIPPED_WIDTH, GRASP, out, at));
      return;
    }
    let rotation: Vec3 | null = null;
    let speed = CARRY_SPEED;
    let gripper = -1;
    const placeRotation = m.placeYaw === null ? null : pointDownError(o, tcpQuat, m.placeYaw);
    const steer = (z: number) => {
      goal.x = t.x + STEER_GAIN * (m.place.x - c.x);
      goal.y = t.y + STEER_GAIN * (m.place.y - c.y);
      goal.z = z + gz;
    };
    switch (step) {
      case Step.Lift:
        goal.x = t.x;
        goal.y = t.y;
        goal.z = carryZ + gz;
        if (c.z > carryZ - CARRY_TOLERANCE) next(Step.Carry);
        if (lost) next(Step.Approach);
        break;
      case Step.Carry: {
        steer(carryZ);
        rotation = placeRotation;
        const turned = placeRotation === null || Math.hypot(placeRotation.x, placeRotation.y, placeRotation.z) < ALIGN_TOLERANCE;
        if (Math.hypot(c.x - m.place.x, c.y - m.place.y) < CARRY_TOLERANCE && turned) next(Step.Lower);
        if (lost) next(Step.Approach);
        break;
      }
      case Step.Lower:
        steer(m.place.z + RELEASE_GAP);
        speed = LOWER_SPEED;
        rotation = placeRotation;
        if (Math.abs(c.z - m.place.z - RELEASE_GAP) < LOWER_TOLERANCE) {
          next(Step.Release);
          this.counter[e] = 0;
        }
        if (lost) next(Step.Approach);
        break;
      case Step.Release:
        copy(t, goal);
        gripper = 1;
        if (++this.counter[e]! >= RELEASE_STEPS) next(Step.Retreat);
        break;
      case Step.Retreat:
        goal.x = t.x;
        goal.y = t.y;
        goal.z = RETREAT_HEIGHT;
        gripper = 1;
        if (Math.abs(t.z - RETREAT_HEIGHT) < RETREAT_TOLERANCE) this.phase[e] = (stage + 1) * STAGE;
        break;
    }
    writeEeDeltaAction(out, at, t, goal, speed, rotation, gripper);
  }
}

/**
 * cubeA's move beside cubeB: of the four spots one cube over from cubeB along its face normals,
 * the one nearest the robot's side of the table that keeps clear of cubeC; the hand turned so its
 * fingers close across that normal (of the two such yaws, the nearer to the hand's).
 */
function besideB(a: Vec3, b: Vec3, c: Vec3, bYaw: number, handYaw: number): Move {
  let best = -1;
  let bestScore = Infinity;
  for (let k = 0; k < 4; k++) {
    const ang = bYaw + k * QUARTER;
    const sx = b.x + BESIDE * Math.cos(ang);
    const sy = b.y + BESIDE * Math.sin(ang);
    const crowded = Math.hypot(sx - c.x, sy - c.y) < SPOT_CLEAR_OF_C;
    const score = Math.hypot(sx, sy) + (crowded ? 10 : 0);
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  const ang = bYaw + best * QUARTER;
  // The hand's x axis along the normal: yaw ang or ang + pi, whichever is nearer the hand's.
  const placeYaw = ang + Math.PI * Math.round((handYaw - ang) / Math.PI);
  return { cube: a, cubeYaw: 0, place: vec3(b.x + BESIDE * Math.cos(ang), b.y + BESIDE * Math.sin(ang), b.z), placeYaw };
}
