import { type Vec3, distance, vec3 } from '../../math/vec3.js';
import { fieldOffsets, readPosition, readYaw } from './phased-expert.js';
import { ToolGraspPhase, ToolGraspingExpert } from './tool-grasping-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';

const PEG_HALF_LENGTH = 0.12;
const CUBE_HALF_SIZE = 0.02;
// The peg's centre sits this far behind the cube's centre when its head face touches the cube.
const PEG_TO_CUBE = PEG_HALF_LENGTH + CUBE_HALF_SIZE;
const APPROACH_HEIGHT = 0.08;
// Grasp the peg this far from its centre toward its tail: with the TCP at the peg's centre the
// Panda runs out of reach (TCP x ~0.19 m this low) before cubes that start beyond x = 0.28 get to
// their goal.
const GRASP_BACK = 0.08;
// Carry the peg 2 cm off the table (it never passes over the cube), and push with its centre
// 2 mm above its resting height: success wants it within 5 mm, and off the table it slides freely.
const CARRY_HEIGHT = 0.026;
const PUSH_HEIGHT = 0.026;
// Line the head up this far behind the cube's near face before coming down.
const LINE_UP_GAP = 0.04;
// Drive the cube's centre to just short of the goal's centre (the disc's radius is 0.05).
const AIM_SHORT = 0.01;
const DESCEND_TOLERANCE = 0.004;
const OFF_LINE = 0.015;
// Press the head this far into the cube's face while engaging, and less while turning, so the
// face stays flush: every step's press also pushes the cube on along the peg, and 4 mm a step
// through the swing carried cubes that start far from yaw 0 past the goal.
const PRESS = 0.004;
const TURN_PRESS = 0.002;
// Call the head engaged this far (peg centre to cube centre, less the flush distance) off the
// face: the 0.6 kg peg lags its target, so the head stays ~6 mm short of flush while it pushes,
// and waiting for the press itself drove the cube diagonally far past the goal before the turn.
const ENGAGED = 0.01;
// Turn the peg (and the cube flush on its head) back to yaw 0 at most this much per step, rad:
// slower loses the cube's yaw less; faster pushes it less far before the turn is done (0.06 and
// 0.07 overshot the far goals more often).
const TURN_STEP = 0.05;
const SQUARE = 0.04;
const LINED_UP = 0.015;
const CHASE = 0.1;
const LIFT_SPEED = 0.15;
const CARRY_SPEED = 0.3;
const PUSH_SPEED = 0.3;

// After ToolGraspingExpert's phases (Approach, Descend, Close, Lift).
const enum Phase {
  Lift = 3,
  LineUp,
  Lower,
  Engage,
  Turn,
  Push,
}

/**
 * A scripted expert for PokeCube-v1 in pd_ee_delta_pose: grasp the 0.6 kg peg 8 cm behind its
 * centre from above (fingers across its width), lift it, line its head up behind the cube
 * turned to the cube's yaw, lower it to just above the table, bring the head's flat face onto
 * the cube, swing the peg about the cube's centre back to yaw 0 (the cube turns with the face),
 * and push the cube along +x until its centre is just short of the goal; then hold. It reads
 * only the observation (tcp_pose, cube_pose, peg_pose, cube_to_goal_pos) and keeps one phase
 * per env.
 */
export class PokeCubeExpert extends ToolGraspingExpert {
  private readonly offsets = fieldOffsets(this.space, { tcp: 'tcp_pose', cube: 'cube_pose', peg: 'peg_pose', toGoal: 'cube_to_goal_pos' });

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { tcp, cube, peg, toGoal } = this.offsets;
    const t = readPosition(o, base + tcp);
    const c = readPosition(o, base + cube);
    const p = readPosition(o, base + peg);
    const goalX = c.x + o[base + toGoal]!;
    const cubeYaw = readYaw(o, base + cube);
    const pegYaw = readYaw(o, base + peg);
    // Where the peg's centre should go, moved by the TCP: the grasp may sit off the centre.
    const carry = (x: number, y: number, z: number): Vec3 => vec3(x + t.x - p.x, y + t.y - p.y, z + t.z - p.z);
    // The peg's centre `back` m behind the cube's centre along yaw `psi`.
    const behind = (back: number, psi: number, z: number): Vec3 => carry(c.x - back * Math.cos(psi), c.y - back * Math.sin(psi), z);
    if (this.phase[e]! <= Phase.Lift) {
      const above = vec3(p.x - GRASP_BACK * Math.cos(pegYaw), p.y - GRASP_BACK * Math.sin(pegYaw), p.z + APPROACH_HEIGHT);
      return this.graspTool(e, o, base + tcp + 3, t, p, above, CARRY_HEIGHT, LIFT_SPEED, out, at);
    }
    let target = t;
    let yaw = 0;
    let speed = CARRY_SPEED;
    switch (this.phase[e] as Phase) {
      case Phase.LineUp:
        // Square the head to the cube's near face: the peg turned to the cube's yaw.
        yaw = cubeYaw;
        target = behind(PEG_TO_CUBE + LINE_UP_GAP, cubeYaw, CARRY_HEIGHT);
        if (distance(t, target) < LINED_UP && Math.abs(pegYaw - cubeYaw) < SQUARE) this.phase[e] = Phase.Lower;
        break;
      case Phase.Lower:
        yaw = cubeYaw;
        target = behind(PEG_TO_CUBE + LINE_UP_GAP, cubeYaw, PUSH_HEIGHT);
        if (Math.abs(p.z - PUSH_HEIGHT) < DESCEND_TOLERANCE) this.phase[e] = Phase.Engage;
        break;
      case Phase.Engage: {
        yaw = cubeYaw;
        target = behind(PEG_TO_CUBE - PRESS, cubeYaw, PUSH_HEIGHT);
        speed = PUSH_SPEED;
        const gap = Math.hypot(c.x - p.x, c.y - p.y) - PEG_TO_CUBE;
        if (gap < ENGAGED) this.phase[e] = Phase.Turn;
        break;
      }
      case Phase.Turn: {
        // Swing the peg about the cube's centre back to yaw 0; the cube, flush on the head, turns with it.
        yaw = pegYaw - Math.sign(pegYaw) * Math.min(Math.abs(pegYaw), TURN_STEP);
        target = behind(PEG_TO_CUBE - TURN_PRESS, yaw, PUSH_HEIGHT);
        speed = PUSH_SPEED;
        // A cube left a little askew squares itself on the flat head as it is pushed.
        if (Math.abs(pegYaw) < SQUARE / 4) this.phase[e] = Phase.Push;
        break;
      }
      case Phase.Push: {
        // The head's face leads the cube's centre by the cube's half size; drive the cube to
        // just short of the goal, keeping the head on the cube's centre line.
        const stop = goalX - AIM_SHORT;
        // Ease off near the stop so the cube does not slide on past the head; once there, keep
        // the head a millimetre off the cube's face (success wants it within 5 mm of the face).
        const lead = c.x < stop ? Math.min(PUSH_SPEED * 0.1, stop - c.x) : -0.001;
        target = carry(c.x - PEG_TO_CUBE + lead, c.y, PUSH_HEIGHT);
        // A cube that stayed a little askew is met by turning the peg to it (success compares yaws).
        yaw = Math.max(-CHASE, Math.min(CHASE, cubeYaw));
        speed = PUSH_SPEED;
        if (Math.abs(p.y - c.y) > OFF_LINE) this.phase[e] = Phase.Lift;
        if (this.dropped(t, p)) this.phase[e] = ToolGraspPhase.Approach;
        break;
      }
    }
    const rotErr = pointDownError(o, base + tcp + 3, yaw);
    writeEeDeltaAction(out, at, t, target, speed, rotErr, -1);
  }
}

