import { type Vec3, vec3 } from '../../math/vec3.js';
import { fieldOffsets, readPosition, readYaw } from './phased-expert.js';
import { ToolGraspPhase, ToolGraspingExpert } from './tool-grasping-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';

const CUBE_HALF_SIZE = 0.02;
const HOOK_START = 0.15;
// Grasp the handle this far along it from the tool's origin (its end nearest the robot): the
// nearer the end, the further the hook reaches before the arm runs out of reach.
const GRASP_ALONG = 0.03;
const APPROACH_HEIGHT = 0.08;
// Carry the tool's origin this high: the 0.5 kg tool, held near its end, pitches ~0.45 rad down
// in the grasp, so its hook hangs ~9 cm below the handle (at 0.12 it swept the cube away). Higher
// costs reach: at 0.22 the far cubes at y -0.24 were out of it.
const CARRY_Z = 0.17;
// Pull with the tool's centre 2 mm above its resting height: off the table it slides freely.
const PULL_Z = 0.027;
// The hook's inner face goes this far beyond the cube's corners, and the handle's side face
// this far to -y of them: no nearer, since the far cubes at large |y| lie at the arm's reach.
const MARGIN = 0.008;
// Lower the hook once its inner face is this far beyond the corners, short of the target.
const CLEAR = 0.003;
const HANDLE_HALF_WIDTH = 0.025;
// Pull the cube until it is this far from the base in xy (success wants under 0.6).
const PULL_TO = 0.5;
const ROBOT_BASE_X = -0.615;
const DESCEND_TOLERANCE = 0.004;
const PLACED = 0.01;
const LIFT_SPEED = 0.3;
const CARRY_SPEED = 0.5;
const PULL_SPEED = 0.3;

// After ToolGraspingExpert's phases (Approach, Descend, Close, Lift).
const enum Phase {
  Over = 4,
  Lower,
  Pull,
  Hold,
}

/**
 * A scripted expert for PullCubeTool-v1 in pd_ee_delta_pose: grasp the tool's handle near its
 * end from above (fingers across the handle), lift it clear of the cube, carry it out until the
 * hook lies beyond the cube with the cube in the hook's span, lower it to just above the table,
 * and pull back along -x until the cube is well inside 0.6 m of the base; then hold. It reads
 * only the observation (tcp_pose, cube_pose, tool_pose) and keeps one phase per env.
 */
export class PullCubeToolExpert extends ToolGraspingExpert {
  private readonly offsets = fieldOffsets(this.space, { tcp: 'tcp_pose', cube: 'cube_pose', tool: 'tool_pose' });

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { tcp, cube, tool } = this.offsets;
    const t = readPosition(o, base + tcp);
    const c = readPosition(o, base + cube);
    const p = readPosition(o, base + tool);
    // Where the tool's origin should go, moved by the TCP. In xy the grasp's nominal offset, not
    // the measured one: the swinging tool's offset, fed back, drove the swing on until it fell.
    const carry = (x: number, y: number, z: number): Vec3 => vec3(x + GRASP_ALONG, y, z + t.z - p.z);
    // How far the turned cube's corners reach along x and y from its centre.
    const psi = readYaw(o, base + cube);
    const reach = CUBE_HALF_SIZE * (Math.abs(Math.cos(psi)) + Math.abs(Math.sin(psi)));
    const overX = c.x + reach + MARGIN - HOOK_START;
    const overY = c.y - reach - MARGIN - HANDLE_HALF_WIDTH;
    if (this.phase[e]! <= ToolGraspPhase.Lift) {
      const above = vec3(p.x + GRASP_ALONG, p.y, p.z + APPROACH_HEIGHT);
      return this.graspTool(e, o, base + tcp + 3, t, p, above, CARRY_Z, LIFT_SPEED, out, at);
    }
    let target = t;
    let speed = CARRY_SPEED;
    switch (this.phase[e] as Phase) {
      case Phase.Over:
        target = carry(overX, overY, CARRY_Z);
        if (this.dropped(t, p)) this.phase[e] = ToolGraspPhase.Approach;
        else if (Math.abs(p.y - overY) < PLACED && p.x + HOOK_START > c.x + reach + CLEAR) this.phase[e] = Phase.Lower;
        break;
      case Phase.Lower:
        target = carry(overX, overY, PULL_Z);
        if (this.dropped(t, p)) this.phase[e] = ToolGraspPhase.Approach;
        else if (Math.abs(p.z - PULL_Z) < DESCEND_TOLERANCE) this.phase[e] = Phase.Pull;
        break;
      case Phase.Pull: {
        // Pull straight back along -x, keeping the cube in the hook's span.
        const stopX = ROBOT_BASE_X + Math.sqrt(Math.max(0, PULL_TO * PULL_TO - c.y * c.y));
        target = carry(p.x - 0.1, overY, PULL_Z);
        speed = PULL_SPEED;
        if (c.x < stopX) this.phase[e] = Phase.Hold;
        if (this.dropped(t, p)) this.phase[e] = ToolGraspPhase.Approach;
        break;
      }
      case Phase.Hold:
        // Stay put, closed on the tool.
        break;
    }
    const rotErr = pointDownError(o, base + tcp + 3, 0);
    writeEeDeltaAction(out, at, t, target, speed, rotErr, -1);
  }
}

