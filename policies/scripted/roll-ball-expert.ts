import { type Vec3, vec3 } from '../../math/vec3.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert, fieldOffsets } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';

const BALL_RADIUS = 0.035;
const EPISODE_STEPS = 80;
const DT = 0.05;
// Come down this far behind the ball's surface and this high above its centre, so the closed
// fingers clear it on the way down; push with the TCP at the ball's centre height.
const BACK_OFF = 0.02;
const CLEARANCE = 0.08;
const APPROACH_TOLERANCE = 0.015;
const DESCEND_TOLERANCE = 0.006;
const APPROACH_SPEED = 1;
// Aim the ball's arrival at the goal's centre this many control steps before the episode ends.
const ARRIVE_EARLY = 4;
// The hand pushes at most this far past where it came down, at most this fast (m/s), and this
// much faster than the ball (m/s); it lets go once the ball rolls within SPEED_TOLERANCE of the
// speed that brings it to the goal.
const MAX_STROKE = 0.35;
const MAX_PUSH = 1.2;
const RAMP = 0.08;
const LAUNCH_EXCESS = +(process.env.EXC ?? 0.1);
const SPEED_TOLERANCE = 0.005;
// Sideways correction of the hand toward the ball's centre line, per unit of offset.
const LATERAL_GAIN = 1;

const enum Phase {
  Approach,
  Descend,
  Push,
  Release,
}

/**
 * A scripted expert for RollBall-v1 in pd_ee_delta_pose: close the gripper, come down behind the
 * ball on the goal-to-ball line with the fingers' broad side to it, push it toward the goal at
 * the speed that makes it roll onto the goal's centre near the episode's end, then rise and wait.
 * It reads only the observation (tcp_pose, goal_pos, ball_pose) and keeps one phase, step count
 * and push origin per env of a batch.
 */
export class RollBallExpert extends PhasedExpert {
  private readonly offsets: { tcp: number; goal: number; ball: number; vel: number };
  private pushFrom = new Float64Array(0);
  private readonly dir: Vec3 = vec3();

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.offsets = fieldOffsets(observationSpace, { tcp: 'tcp_pose', goal: 'goal_pos', ball: 'ball_pose', vel: 'ball_vel' });
  }

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    if (this.pushFrom.length !== this.phase.length) this.pushFrom = new Float64Array(this.phase.length);
    const { tcp, goal, ball, vel } = this.offsets;
    const t = vec3(o[base + tcp]!, o[base + tcp + 1]!, o[base + tcp + 2]!);
    const b = vec3(o[base + ball]!, o[base + ball + 1]!, o[base + ball + 2]!);
    const g = vec3(o[base + goal]!, o[base + goal + 1]!, o[base + goal + 2]!);
    const step = this.counter[e]!;
    this.counter[e] = step + 1;
    if (this.phase[e] !== Phase.Push && this.phase[e] !== Phase.Release) {
      // The push line is fixed by the ball and goal until the push starts.
      const dx = g.x - b.x;
      const dy = g.y - b.y;
      const n = Math.hypot(dx, dy);
      this.dir.x = dx / n;
      this.dir.y = dy / n;
    }
    const d = this.dir;
    const rotErr = pointDownError(o, base + tcp + 3, Math.atan2(d.y, d.x));
    const back = BALL_RADIUS + BACK_OFF;
    const target = vec3(b.x - d.x * back, b.y - d.y * back, b.z + CLEARANCE);
    let speed = APPROACH_SPEED;
    switch (this.phase[e] as Phase) {
      case Phase.Approach:
        if (Math.hypot(t.x - target.x, t.y - target.y, t.z - target.z) < APPROACH_TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        target.z = b.z;
        if (Math.abs(t.z - target.z) < DESCEND_TOLERANCE) {
          this.phase[e] = Phase.Push;
          this.pushFrom[e] = b.x * d.x + b.y * d.y;
        }
        break;
      case Phase.Push: {
        const left = Math.max(1, EPISODE_STEPS - ARRIVE_EARLY - step);
        const need = Math.hypot(g.x - b.x, g.y - b.y) / (left * DT);
        const vb = o[base + vel]! * d.x + o[base + vel + 1]! * d.y;
        // A kinematic hand striking the ball launches it faster than the hand moves: ramp the
        // hand's speed a little above the ball's so each catch-up adds little, up to the need.
        const v = Math.min(MAX_PUSH, need - LAUNCH_EXCESS, Math.max(0, vb) + RAMP);
        // Along the line at the pushing speed; across it, back onto the ball's centre line.
        const along = t.x * d.x + t.y * d.y + v * DT;
        const across = (b.x - t.x) * -d.y + (b.y - t.y) * d.x;
        const side = t.x * -d.y + t.y * d.x + LATERAL_GAIN * across;
        target.x = along * d.x - side * d.y;
        target.y = along * d.y + side * d.x;
        target.z = b.z;
        speed = 1;
        if (vb >= need - SPEED_TOLERANCE || vb > v + 0.05 || t.x * d.x + t.y * d.y - this.pushFrom[e]! > MAX_STROKE) this.phase[e] = Phase.Release;
        break;
      }
      case Phase.Release:
        // Stop and rise out of the ball's way.
        target.x = t.x;
        target.y = t.y;
        target.z = b.z + CLEARANCE;
        speed = 0.5;
        break;
    }
    writeEeDeltaAction(out, at, t, target, speed, rotErr, -1);
  }
}
