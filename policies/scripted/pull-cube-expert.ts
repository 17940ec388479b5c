import { vec3 } from '../../math/vec3.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert, fieldOffsets } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';

// Come down this far beyond the cube's centre (on its +x side, away from the robot) and from this
// high above it, so the closed fingers clear the cube on the way down.
const BACK_OFF = 0.06;
const CLEARANCE = 0.06;
const PULL_HEIGHT = 0.02;
const APPROACH_TOLERANCE = 0.01;
const DESCEND_TOLERANCE = 0.006;
// Drive the cube's centre this far past the goal's centre on the near side: inside the 0.1 m disc
// with margin either way.
const AIM_SHORT = 0.03;
const FINGER_OFFSET = 0.025;
const APPROACH_SPEED = 0.8;
const PULL_SPEED = 0.4;

const enum Phase {
  Approach,
  Descend,
  Pull,
}

/**
 * A scripted expert for PullCube-v1 in pd_ee_delta_pose (ManiSkill's motion-planning solution's
 * phases): close the gripper, come down on the cube's far side, drag it along -x until its centre
 * is inside the goal disc, then hold. It reads only the observation (tcp_pose, obj_pose, goal_pos)
 * and keeps one phase per env of a batch.
 */
export class PullCubeExpert extends PhasedExpert {
  private readonly offsets: { tcp: number; obj: number; goal: number };

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.offsets = fieldOffsets(observationSpace, { tcp: 'tcp_pose', obj: 'obj_pose', goal: 'goal_pos' });
  }

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { tcp, obj, goal } = this.offsets;
    const t = vec3(o[base + tcp]!, o[base + tcp + 1]!, o[base + tcp + 2]!);
    const c = vec3(o[base + obj]!, o[base + obj + 1]!, o[base + obj + 2]!);
    const gx = o[base + goal]!;
    const rotErr = pointDownError(o, base + tcp + 3, 0);
    const target = vec3(c.x + BACK_OFF, c.y, c.z + CLEARANCE);
    let speed = APPROACH_SPEED;
    switch (this.phase[e] as Phase) {
      case Phase.Approach:
        if (Math.hypot(t.x - target.x, t.y - target.y, t.z - target.z) < APPROACH_TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        target.z = PULL_HEIGHT;
        if (Math.abs(t.z - target.z) < DESCEND_TOLERANCE) this.phase[e] = Phase.Pull;
        break;
      case Phase.Pull: {
        // Keep the fingers on the cube's centre line while dragging it to the goal; a cube that
        // slipped sideways or got ahead of the hand sends the hand back up and around.
        const stop = gx + AIM_SHORT;
        target.x = Math.max(stop, c.x) + FINGER_OFFSET - (c.x > stop ? PULL_SPEED * 0.1 : 0);
        target.z = PULL_HEIGHT;
        speed = PULL_SPEED;
        if (Math.abs(t.y - c.y) > 0.02 || t.x < c.x) this.phase[e] = Phase.Approach;
        break;
      }
    }
    writeEeDeltaAction(out, at, t, target, speed, rotErr, -1);
  }
}
