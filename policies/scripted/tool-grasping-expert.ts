import { type Vec3, vec3 } from '../../math/vec3.js';
import { PhasedExpert } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';
import { type GraspOptions, type GraspStep, writeGraspStep } from './top-down-grasp.js';

const DESCEND_TOLERANCE = 0.004;
const GRASP: GraspOptions = { closeSteps: 3 };
// The held tool lags the fingers by up to ~2 cm when moved; further, it has fallen out.
const DROPPED = 0.04;

/** The grasp's phases (GraspStep's, then the lift), which every ToolGraspingExpert's phase numbering starts with. */
export const enum ToolGraspPhase {
  Approach,
  Descend,
  Close,
  Lift,
}

/**
 * The start of PokeCube-v1's and PullCube-Tool-v1's experts: grasp a tool lying on the table
 * from above (pointing down at yaw 0), then lift it until its origin is at the carry height,
 * starting again if it drops out. The subclass acts from the phase after ToolGraspPhase.Lift on.
 */
export abstract class ToolGraspingExpert extends PhasedExpert {
  /**
   * Write env `e`'s action for the grasp's phases. `t` is the TCP's position, `tool` the tool's
   * origin, `above` the point above the grasp, `tcpQuatAt` the offset of the TCP's orientation
   * in `o`; the lift brings the tool's origin to `carryZ` at `liftSpeed` (action units).
   */
  protected graspTool(e: number, o: Float32Array, tcpQuatAt: number, t: Vec3, tool: Vec3, above: Vec3, carryZ: number, liftSpeed: number, out: Float32Array, at: number): void {
    const step = this.phase[e]!;
    if (step < ToolGraspPhase.Lift) {
      this.phase[e] = writeGraspStep(step as GraspStep, this.counter, e, t, above, tool.z, pointDownError(o, tcpQuatAt, 0), true, GRASP, out, at);
      return;
    }
    // Lift: a tool left on the table was not caught: open and start again.
    if (this.dropped(t, tool)) this.phase[e] = ToolGraspPhase.Approach;
    else if (tool.z > carryZ - DESCEND_TOLERANCE) this.phase[e] = ToolGraspPhase.Lift + 1;
    writeEeDeltaAction(out, at, t, vec3(t.x, t.y, carryZ + t.z - tool.z), liftSpeed, pointDownError(o, tcpQuatAt, 0), -1);
  }

  /** Whether the tool (origin `tool`) has fallen out of the hand (TCP `t`). */
  protected dropped(t: Vec3, tool: Vec3): boolean {
    return t.z - tool.z > DROPPED;
  }
}
