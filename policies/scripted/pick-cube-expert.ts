import { vec3 } from '../../math/vec3.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert, fieldOffsets } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';
import { yawOf } from '../../tasks/maniskill/table-top.js';

const APPROACH_HEIGHT = 0.05;
const APPROACH_TOLERANCE = 0.01;
const ALIGN_TOLERANCE = 0.05;
const DESCEND_TOLERANCE = 0.004;
const CLOSE_STEPS = 3;
const APPROACH_SPEED = 0.8;
const CARRY_SPEED = 0.5;
const QUARTER = Math.PI / 2;

const enum Phase {
  Approach,
  Descend,
  Close,
  Carry,
}

/**
 * A scripted expert for PickCube-v1 in pd_ee_delta_pose: move above the cube with the fingers
 * across two faces, descend, close, carry the cube so that its centre lands on the goal, hold.
 * It reads only the observation (tcp_pose, obj_pose, goal_pos, is_grasped), so it is a policy
 * like any other; it keeps one phase per env of a batch.
 */
export class PickCubeExpert extends PhasedExpert {
  private readonly offsets: { tcp: number; obj: number; goal: number; grasped: number };

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.offsets = fieldOffsets(observationSpace, { tcp: 'tcp_pose', obj: 'obj_pose', goal: 'goal_pos', grasped: 'is_grasped' });
  }

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { tcp, obj, goal, grasped } = this.offsets;
    const t = vec3(o[base + tcp]!, o[base + tcp + 1]!, o[base + tcp + 2]!);
    const c = vec3(o[base + obj]!, o[base + obj + 1]!, o[base + obj + 2]!);
    const isGrasped = o[base + grasped]! > 0.5;
    // Fingers close along the TCP's y axis: yaw the pointing-down gripper onto the nearest pair of faces.
    const cubeYaw = yawOf(o[base + obj + 3]!, o[base + obj + 4]!, o[base + obj + 5]!, o[base + obj + 6]!);
    const psi = cubeYaw - QUARTER * Math.round(cubeYaw / QUARTER);
    const rotErr = pointDownError(o, base + tcp + 3, psi);
    const rotNorm = Math.hypot(rotErr.x, rotErr.y, rotErr.z);

    let goalX = c.x;
    let goalY = c.y;
    let goalZ = c.z + APPROACH_HEIGHT;
    let speed = APPROACH_SPEED;
    let gripper = 1;
    let rotate = true;
    switch (this.phase[e] as Phase) {
      case Phase.Approach:
        if (Math.hypot(t.x - goalX, t.y - goalY, t.z - goalZ) < APPROACH_TOLERANCE && rotNorm < ALIGN_TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        goalZ = c.z;
        if (Math.hypot(t.x - goalX, t.y - goalY, t.z - goalZ) < DESCEND_TOLERANCE) {
          this.phase[e] = Phase.Close;
          this.counter[e] = 0;
        }
        break;
      case Phase.Close:
        goalX = t.x;
        goalY = t.y;
        goalZ = t.z;
        gripper = -1;
        rotate = false;
        if (++this.counter[e]! >= CLOSE_STEPS) this.phase[e] = isGrasped ? Phase.Carry : Phase.Approach;
        break;
      case Phase.Carry: {
        // Steer the cube's centre (not the TCP) onto the goal: the grasp may sit off-centre.
        goalX = o[base + goal]! + (t.x - c.x);
        goalY = o[base + goal + 1]! + (t.y - c.y);
        goalZ = o[base + goal + 2]! + (t.z - c.z);
        speed = CARRY_SPEED;
        gripper = -1;
        rotate = false;
        if (!isGrasped && ++this.counter[e]! > CLOSE_STEPS + 2) this.phase[e] = Phase.Approach;
        if (isGrasped) this.counter[e] = CLOSE_STEPS;
        break;
      }
    }
    writeEeDeltaAction(out, at, t, vec3(goalX, goalY, goalZ), speed, rotate ? rotErr : null, gripper);
  }
}
