import { conjugate, multiply, quat, toRotationVector } from '../../math/quat.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import { PhasedExpert, fieldOffsets, readPosition } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';
import { type GraspOptions, type GraspStep, writeGraspStep } from './top-down-grasp.js';

const APPROACH_HEIGHT = 0.06;
const GRASP: GraspOptions = { closeSteps: 3 };
// Close 1 cm below the peg's axis (the workspace floor allows it): the peg sits deep in the pads
// and does not turn in the fingers while the hand tilts (at the axis, a third of the seeds slipped).
const GRASP_DEPTH = 0.01;
// Lift the peg's centre this high, and start tilting once it is this high: its lower end
// (0.12 m out) then swings down no lower than the table.
const LIFT_HEIGHT = 0.2;
const TILT_FROM = 0.09;
const TILT_DONE = 0.03;
// Stand the peg's centre at its half length, a hair above, so the peg rests its end on the table.
const STAND_HEIGHT = 0.121;
// A finger at this opening (m) or more closed on the 5 cm peg; nearer 0 the grasp missed.
const HOLDING_OPENING = 0.018;
const CARRY_SPEED = 0.3;
// The gripper turned a quarter about world y from pointing down: pointing along -x, toward the
// robot, fingers still closing along world y, so the peg's long axis turns from x to z. (Turned
// the other way, pointing away, joint 6 reaches its 3.75 rad limit half-way.)
const TILTED = multiply(quat(Math.SQRT1_2, 0, Math.SQRT1_2, 0), quat(0, 1, 0, 0));

// Grasp steps first (GraspStep), then the stand.
const enum Phase {
  Approach,
  Lift = 3,
  Stand,
}

/**
 * A scripted expert for LiftPegUpright-v1 in pd_ee_delta_pose: come down over the lying peg's
 * centre with the fingers across its width, close, lift, turn the hand a quarter about the
 * fingers' closing axis so the peg stands, lower it until its end is on the table, hold.
 * ManiSkill's motion-planning solution grasps off-centre and lets gravity swing the peg upright
 * in the fingers; armkit's grasps hold too firmly to pivot, so the hand turns it. It reads only
 * the observation (tcp_pose, obj_pose, the finger joints of qpos).
 */
export class LiftPegUprightExpert extends PhasedExpert {
  private readonly offsets = fieldOffsets(this.space, { tcp: 'tcp_pose', obj: 'obj_pose', qpos: 'qpos' });

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { tcp, obj, qpos } = this.offsets;
    const t = readPosition(o, base + tcp);
    const c = readPosition(o, base + obj);
    const holding = o[base + qpos + 7]! > HOLDING_OPENING && o[base + qpos + 8]! > HOLDING_OPENING;
    const down = pointDownError(o, base + tcp + 3, 0);
    const tilt = tiltError(o, base + tcp + 3);
    const goal = vec3(c.x, c.y, c.z + APPROACH_HEIGHT);
    const step = this.phase[e]!;
    if (step < Phase.Lift) {
      this.phase[e] = writeGraspStep(step as GraspStep, this.counter, e, t, goal, c.z - GRASP_DEPTH, down, holding, GRASP, out, at);
      return;
    }
    let rotation: Vec3 | null = tilt;
    const speed = CARRY_SPEED;
    switch (this.phase[e] as Phase) {
      case Phase.Lift:
        // Steer the peg's centre, not the TCP: the grasp may sit off-centre.
        goal.x = t.x;
        goal.y = t.y;
        goal.z = t.z + (LIFT_HEIGHT - c.z);
        rotation = c.z > TILT_FROM ? tilt : null;
        if (!holding) this.phase[e] = Phase.Approach;
        else if (norm(tilt) < TILT_DONE) this.phase[e] = Phase.Stand;
        break;
      case Phase.Stand:
        goal.x = t.x;
        goal.y = t.y;
        goal.z = t.z + (STAND_HEIGHT - c.z);
        if (!holding) this.phase[e] = Phase.Approach;
        break;
    }
    writeEeDeltaAction(out, at, t, goal, speed, rotation, -1);
  }
}

/** Rotation vector from the TCP orientation (wxyz at `o[at..at+4)`) to TILTED. */
function tiltError(o: Float32Array, at: number): Vec3 {
  return toRotationVector(multiply(TILTED, conjugate(quat(o[at]!, o[at + 1]!, o[at + 2]!, o[at + 3]!))));
}

function norm(v: Vec3): number {
  return Math.hypot(v.x, v.y, v.z);
}
