import { copy, vec3 } from '../../math/vec3.js';
import { PhasedExpert, fieldOffsets, readPosition, readYaw } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';
import { type GraspOptions, type GraspStep, writeGraspStep } from './top-down-grasp.js';

const CUBE_SIZE = 0.04;
const APPROACH_HEIGHT = 0.05;
const GRASP: GraspOptions = { closeSteps: 3 };
// Fingers (qpos 7 and 8) that stopped on a 4 cm cube sit near 0.02 m each; closed on nothing, near 0.
const GRIPPED_WIDTH = 0.03;
// Carry cubeA this far above its resting height on cubeB, so it clears cubeB on the way over.
const CARRY_CLEARANCE = 0.05;
const CARRY_TOLERANCE = 0.004;
// Let go with cubeA's bottom this far above cubeB's top: it drops onto it instead of being pressed in.
const RELEASE_GAP = 0.002;
const LOWER_TOLERANCE = 0.002;
const RELEASE_STEPS = 3;
const RETREAT_HEIGHT = 0.08;
// A cube farther than this from the TCP has left the hand.
const LOST_DISTANCE = 0.03;
// Held, cubeA swings in the fingers as the hand accelerates; correcting its whole offset from
// cubeB each step makes the hand and cube chase each other (a 2-step limit cycle), half settles.
const STEER_GAIN = 0.5;
const CARRY_SPEED = 0.4;
const LOWER_SPEED = 0.3;
const QUARTER = Math.PI / 2;
// The Panda's arm is fully stretched near q4 = -0.47, not at 0 (its elbow sits between two
// 0.0825 m offsets), and a cube at the edge of reach is grasped there. Lifting from that pose
// sends pd_ee_delta_pose's IK into the other elbow branch, where pulling the hand in straightens
// the elbow into its -0.07 limit and drops the hand (seed 26: 7 cm, into the table). A pull
// along the table first folds the elbow the right way; the lift then keeps it bent.
const STRETCHED_ELBOW = -0.55;
const PULL_STEP = 0.01;

// Grasp steps first (GraspStep), then the stack.
const enum Phase {
  Approach,
  Lift = 3,
  Carry,
  Lower,
  Release,
  Retreat,
}

/**
 * A scripted expert for StackCube-v1 in pd_ee_delta_pose, PickCube-v1's grasp then a stack: grasp
 * cubeA across two faces, lift it clear, carry its centre over cubeB, lower it onto cubeB's top,
 * open, and rise away so that cubeA rests unheld. It reads only the observation (qpos for the
 * fingers, tcp_pose, cubeA_pose, cubeB_pose) and keeps one phase per env of a batch.
 */
export class StackCubeExpert extends PhasedExpert {
  private readonly offsets = fieldOffsets(this.space, { qpos: 'qpos', tcp: 'tcp_pose', a: 'cubeA_pose', b: 'cubeB_pose' });

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { qpos, tcp, a, b } = this.offsets;
    const t = readPosition(o, base + tcp);
    const c = readPosition(o, base + a);
    const onB = vec3(o[base + b]!, o[base + b + 1]!, o[base + b + 2]! + CUBE_SIZE);
    const fingers = o[base + qpos + 7]! + o[base + qpos + 8]!;
    const cubeYaw = readYaw(o, base + a);
    const rotErr = pointDownError(o, base + tcp + 3, cubeYaw - QUARTER * Math.round(cubeYaw / QUARTER));
    // Once held, steer cubeA's centre (not the TCP): the grasp may sit off-centre.
    const gz = t.z - c.z;
    const lost = Math.hypot(t.x - c.x, t.y - c.y, gz) > LOST_DISTANCE;

    const goal = vec3(c.x, c.y, c.z + APPROACH_HEIGHT);
    const step = this.phase[e]!;
    if (step < Phase.Lift) {
      this.phase[e] = writeGraspStep(step as GraspStep, this.counter, e, t, goal, c.z, rotErr, fingers > GRIPPED_WIDTH, GRASP, out, at);
      return;
    }
    let speed = CARRY_SPEED;
    let gripper = -1;
    // Move cubeA's centre part of the way over cubeB's top, to height `z`.
    const steer = (z: number) => {
      goal.x = t.x + STEER_GAIN * (onB.x - c.x);
      goal.y = t.y + STEER_GAIN * (onB.y - c.y);
      goal.z = z + gz;
    };
    switch (this.phase[e] as Phase) {
      case Phase.Lift:
        goal.x = t.x;
        goal.y = t.y;
        goal.z = onB.z + CARRY_CLEARANCE + gz;
        if (o[base + qpos + 3]! > STRETCHED_ELBOW) {
          const d = Math.hypot(onB.x - c.x, onB.y - c.y);
          const k = Math.min(d, PULL_STEP) / Math.max(d, 1e-9);
          goal.x += k * (onB.x - c.x);
          goal.y += k * (onB.y - c.y);
          goal.z = t.z;
        }
        if (c.z > onB.z + CARRY_CLEARANCE - CARRY_TOLERANCE) this.phase[e] = Phase.Carry;
        if (lost) this.phase[e] = Phase.Approach;
        break;
      case Phase.Carry:
        steer(onB.z + CARRY_CLEARANCE);
        if (Math.hypot(c.x - onB.x, c.y - onB.y) < CARRY_TOLERANCE) this.phase[e] = Phase.Lower;
        if (lost) this.phase[e] = Phase.Approach;
        break;
      case Phase.Lower:
        steer(onB.z + RELEASE_GAP);
        speed = LOWER_SPEED;
        if (Math.abs(c.z - onB.z - RELEASE_GAP) < LOWER_TOLERANCE) {
          this.phase[e] = Phase.Release;
          this.counter[e] = 0;
        }
        if (lost) this.phase[e] = Phase.Approach;
        break;
      case Phase.Release:
        copy(t, goal);
        gripper = 1;
        if (++this.counter[e]! >= RELEASE_STEPS) this.phase[e] = Phase.Retreat;
        break;
      case Phase.Retreat:
        goal.x = t.x;
        goal.y = t.y;
        goal.z = onB.z + RETREAT_HEIGHT;
        gripper = 1;
        break;
    }
    writeEeDeltaAction(out, at, t, goal, speed, null, gripper);
  }
}
