import { vec3 } from '../../math/vec3.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert, fieldOffsets, readPosition } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';

// Come down this far behind the cube's centre (on the side away from where it goes) and from
// this high above it, so the closed fingers clear the cube on the way down.
const BACK_OFF = 0.06;
const CLEARANCE = 0.06;
const SLIDE_HEIGHT = 0.02;
const APPROACH_TOLERANCE = 0.01;
const DESCEND_TOLERANCE = 0.006;
const FINGER_OFFSET = 0.025;
const APPROACH_SPEED = 0.8;
const SLIDE_SPEED = 0.4;

/**
 * How far short of the goal's centre the cube's centre is driven: inside the 0.1 m disc with
 * margin either way, and (pushing) within the arm's reach for goals at x = 0.3.
 */
const AIM_SHORT = { push: 0.05, pull: 0.03 } as const;

const enum Phase {
  Approach,
  Descend,
  Slide,
}

/**
 * A scripted expert for PushCube-v1 ('push', along +x) and PullCube-v1 ('pull', along -x) in
 * pd_ee_delta_pose, in the phases of ManiSkill's motion-planning solutions: close the gripper,
 * come down behind the cube, slide it along x until its centre is inside the goal disc, then
 * hold. It reads only the observation (tcp_pose, obj_pose, goal_pos) and keeps one phase per env
 * of a batch.
 */
export class SlideCubeExpert extends PhasedExpert {
  private readonly offsets: { tcp: number; obj: number; goal: number };
  /** +1 pushing, -1 pulling: the sign of the cube's travel along x. */
  private readonly sign: 1 | -1;
  private readonly aimShort: number;

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace, way: 'push' | 'pull') {
    super(observationSpace);
    this.offsets = fieldOffsets(observationSpace, { tcp: 'tcp_pose', obj: 'obj_pose', goal: 'goal_pos' });
    this.sign = way === 'push' ? 1 : -1;
    this.aimShort = AIM_SHORT[way];
  }

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { tcp, obj, goal } = this.offsets;
    const s = this.sign;
    const t = readPosition(o, base + tcp);
    const c = readPosition(o, base + obj);
    const rotErr = pointDownError(o, base + tcp + 3, 0);
    const target = vec3(c.x - s * BACK_OFF, c.y, c.z + CLEARANCE);
    let speed = APPROACH_SPEED;
    switch (this.phase[e] as Phase) {
      case Phase.Approach:
        if (Math.hypot(t.x - target.x, t.y - target.y, t.z - target.z) < APPROACH_TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        target.z = SLIDE_HEIGHT;
        if (Math.abs(t.z - target.z) < DESCEND_TOLERANCE) this.phase[e] = Phase.Slide;
        break;
      case Phase.Slide: {
        // Keep the fingers on the cube's centre line while driving it to the stop; a cube that
        // slipped sideways or got ahead of the hand sends the hand back up and around.
        const stop = o[base + goal]! - s * this.aimShort;
        const short = s * (stop - c.x) > 0;
        target.x = (s > 0 ? Math.min(stop, c.x) : Math.max(stop, c.x)) - s * FINGER_OFFSET + (short ? s * SLIDE_SPEED * 0.1 : 0);
        target.z = SLIDE_HEIGHT;
        speed = SLIDE_SPEED;
        if (Math.abs(t.y - c.y) > 0.02 || s * (t.x - c.x) > 0) this.phase[e] = Phase.Approach;
        break;
      }
    }
    writeEeDeltaAction(out, at, t, target, speed, rotErr, -1);
  }
}
