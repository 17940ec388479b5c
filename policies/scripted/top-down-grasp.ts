import { type Vec3, distance, vec3 } from '../../math/vec3.js';
import { writeEeDeltaAction } from './ee-delta-action.js';

const APPROACH_TOLERANCE = 0.01;
const ALIGN_TOLERANCE = 0.05;
const DESCEND_TOLERANCE = 0.004;
const APPROACH_SPEED = 0.8;

/** The steps of a top-down grasp, numbered as every grasping expert's phases start. */
export const enum GraspStep {
  Approach,
  Descend,
  Close,
  /** The grasp holds: the expert's own phases take over. */
  Held,
}

/** How one expert's grasp differs from the plain one. */
export interface GraspOptions {
  /** Steps the gripper is closed for before the grasp is judged. */
  readonly closeSteps: number;
  /** The TCP's floor (m): a grasp height below it counts as reached on the floor. */
  readonly floor?: number;
  /** For the first `softSteps` of the close, the gripper command is `softGripper` (a gentle close). */
  readonly softSteps?: number;
  readonly softGripper?: number;
}

/**
 * Write one step of a top-down grasp to `out[at..]` and return the step to take next. Approach:
 * move to `above` (the TCP's position is `t`) turning by `rotErr` (the rotation left to the
 * grasp's orientation), until within 1 cm and 0.05 rad. Descend: straight down to `graspZ`,
 * within 4 mm. Close in place for `closeSteps` (counted in `counter[e]`); then Held if `held`
 * says the object is in the fingers, else Approach again.
 */
export function writeGraspStep(
  step: GraspStep,
  counter: Uint16Array,
  e: number,
  t: Vec3,
  above: Vec3,
  graspZ: number,
  rotErr: Vec3,
  held: boolean,
  options: GraspOptions,
  out: Float32Array,
  at: number,
): GraspStep {
  switch (step) {
    case GraspStep.Approach: {
      writeEeDeltaAction(out, at, t, above, APPROACH_SPEED, rotErr, 1);
      const aligned = Math.hypot(rotErr.x, rotErr.y, rotErr.z) < ALIGN_TOLERANCE;
      return distance(t, above) < APPROACH_TOLERANCE && aligned ? GraspStep.Descend : step;
    }
    case GraspStep.Descend: {
      const goal = vec3(above.x, above.y, graspZ);
      writeEeDeltaAction(out, at, t, goal, APPROACH_SPEED, rotErr, 1);
      if (!(Math.hypot(t.x - goal.x, t.y - goal.y, t.z - Math.max(graspZ, options.floor ?? -Infinity)) < DESCEND_TOLERANCE)) return step;
      counter[e] = 0;
      return GraspStep.Close;
    }
    default: {
      const soft = counter[e]! < (options.softSteps ?? 0);
      writeEeDeltaAction(out, at, t, t, APPROACH_SPEED, null, soft ? options.softGripper! : -1);
      if (++counter[e]! < options.closeSteps) return step;
      return held ? GraspStep.Held : GraspStep.Approach;
    }
  }
}
