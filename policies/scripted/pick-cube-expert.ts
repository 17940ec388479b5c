import { vec3 } from '../../math/vec3.js';
import { PhasedExpert, fieldOffsets, readPosition, readYaw } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';
import { type GraspOptions, type GraspStep, writeGraspStep } from './top-down-grasp.js';

const APPROACH_HEIGHT = 0.05;
const CLOSE_STEPS = 3;
const GRASP: GraspOptions = { closeSteps: CLOSE_STEPS };
const CARRY_SPEED = 0.5;
const QUARTER = Math.PI / 2;

// Grasp steps first (GraspStep), then the carry.
const enum Phase {
  Approach,
  Carry = 3,
}

/**
 * A scripted expert for PickCube-v1 in pd_ee_delta_pose: move above the cube with the fingers
 * across two faces, descend, close, carry the cube so that its centre lands on the goal, hold.
 * It reads only the observation (tcp_pose, obj_pose, goal_pos, is_grasped), so it is a policy
 * like any other; it keeps one phase per env of a batch.
 */
export class PickCubeExpert extends PhasedExpert {
  private readonly offsets = fieldOffsets(this.space, { tcp: 'tcp_pose', obj: 'obj_pose', goal: 'goal_pos', grasped: 'is_grasped' });

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { tcp, obj, goal, grasped } = this.offsets;
    const t = readPosition(o, base + tcp);
    const c = readPosition(o, base + obj);
    const isGrasped = o[base + grasped]! > 0.5;
    // Fingers close along the TCP's y axis: yaw the pointing-down gripper onto the nearest pair of faces.
    const cubeYaw = readYaw(o, base + obj);
    const psi = cubeYaw - QUARTER * Math.round(cubeYaw / QUARTER);
    const rotErr = pointDownError(o, base + tcp + 3, psi);
    const step = this.phase[e]!;
    if (step < Phase.Carry) {
      const above = vec3(c.x, c.y, c.z + APPROACH_HEIGHT);
      this.phase[e] = writeGraspStep(step as GraspStep, this.counter, e, t, above, c.z, rotErr, isGrasped, GRASP, out, at);
      return;
    }
    // Carry: steer the cube's centre (not the TCP) onto the goal: the grasp may sit off-centre.
    const goalX = o[base + goal]! + (t.x - c.x);
    const goalY = o[base + goal + 1]! + (t.y - c.y);
    const goalZ = o[base + goal + 2]! + (t.z - c.z);
    if (!isGrasped && ++this.counter[e]! > CLOSE_STEPS + 2) this.phase[e] = Phase.Approach;
    if (isGrasped) this.counter[e] = CLOSE_STEPS;
    writeEeDeltaAction(out, at, t, vec3(goalX, goalY, goalZ), CARRY_SPEED, null, -1);
  }
}
