import { type Vec3, vec3 } from '../../math/vec3.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert, fieldOffsets } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';

const BALL_RADIUS = 0.035;
const EPISODE_STEPS = 80;
const DT = 0.05;
const CLEARANCE = 0.08;
const APPROACH_TOLERANCE = 0.01;
const DESCEND_TOLERANCE = 0.004;
const GRASP_STEPS = 4;
// Carry the ball this far above resting on the table, so it leaves the hand without spin (on the
// table, it rolled in the grasp; 4 mm up, it fell short more often).
const LIFT = 0.006;
// Aim the ball's arrival at the goal's centre this many control steps before the episode ends.
const ARRIVE_EARLY = 4;
// The ball's rolling speed over the hand's when let go: a solid ball sliding without spin keeps
// 5/7; measured over 30 seeds, 0.76 centres the arrivals on the goal (its 6 mm drop and the
// opening fingers add a little).
const ROLL_RATIO = 0.76;
// Hand speed gained per control step while throwing (m/s), and the fastest throw.
const ACCEL = 0.25;
const MAX_THROW = 1.2;
const SPEED_TOLERANCE = 0.03;
const OPEN_STEPS = 1;
const YAW_EXTRA = Math.PI / 2;
const AWAY_STEPS = 3;
const RISE_TO = 0.25;

const enum Phase {
  Approach,
  Descend,
  Grasp,
  Throw,
  Open,
  Away,
}

/**
 * A scripted expert for RollBall-v1 in pd_ee_delta_pose: come down over the ball with the gripper
 * open across the goal line, grasp it, carry it toward the goal just above the table while
 * speeding up to the speed that rolls it onto the goal's centre near the episode's end, open the
 * gripper while still moving at that speed, then rise away. Pushing was tried first: a kinematic
 * hand striking the ball launched it at 1.3-4x the hand's speed, too erratic to aim a 1.4 m roll.
 * It reads only the observation (tcp_pose, goal_pos, ball_pose, ball_vel) and keeps one phase,
 * step count and carry direction per env of a batch.
 */
export class RollBallExpert extends PhasedExpert {
  private readonly offsets: { tcp: number; goal: number; ball: number; vel: number };
  private dirs = new Float64Array(0);
  private speeds = new Float64Array(0);
  private openedAt = new Uint16Array(0);
  private asks = new Float64Array(0);
  private readonly dir: Vec3 = vec3();

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.offsets = fieldOffsets(observationSpace, { tcp: 'tcp_pose', goal: 'goal_pos', ball: 'ball_pose', vel: 'ball_vel' });
  }

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    if (this.speeds.length !== this.phase.length) {
      this.dirs = new Float64Array(2 * this.phase.length);
      this.speeds = new Float64Array(this.phase.length);
      this.openedAt = new Uint16Array(this.phase.length);
      this.asks = new Float64Array(this.phase.length);
    }
    const { tcp, goal, ball, vel } = this.offsets;
    const t = vec3(o[base + tcp]!, o[base + tcp + 1]!, o[base + tcp + 2]!);
    const b = vec3(o[base + ball]!, o[base + ball + 1]!, o[base + ball + 2]!);
    const g = vec3(o[base + goal]!, o[base + goal + 1]!, o[base + goal + 2]!);
    const step = this.counter[e]!;
    this.counter[e] = step + 1;
    const phase = this.phase[e] as Phase;
    if (phase <= Phase.Grasp) {
      // The carry line is fixed from the ball to the goal until the throw starts.
      const n = Math.hypot(g.x - b.x, g.y - b.y);
      this.dirs[2 * e] = (g.x - b.x) / n;
      this.dirs[2 * e + 1] = (g.y - b.y) / n;
    }
    const d = this.dir;
    d.x = this.dirs[2 * e]!;
    d.y = this.dirs[2 * e + 1]!;
    const rotErr = pointDownError(o, base + tcp + 3, Math.atan2(d.y, d.x) + YAW_EXTRA);
    const target = vec3(b.x, b.y, b.z + CLEARANCE);
    let speed = 1;
    let gripper = 1;
    switch (phase) {
      case Phase.Approach:
        if (Math.hypot(t.x - target.x, t.y - target.y, t.z - target.z) < APPROACH_TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        target.z = b.z;
        if (Math.abs(t.z - target.z) < DESCEND_TOLERANCE) {
          this.phase[e] = Phase.Grasp;
          this.speeds[e] = step + GRASP_STEPS;
        }
        break;
      case Phase.Grasp:
        target.z = b.z;
        gripper = -1;
        if (step >= this.speeds[e]!) {
          this.phase[e] = Phase.Throw;
          this.speeds[e] = 0;
        }
        break;
      case Phase.Throw:
      case Phase.Open: {
        const dist = Math.hypot(g.x - b.x, g.y - b.y);
        const mx = (g.x - b.x) / dist;
        const my = (g.y - b.y) / dist;
        const left = Math.max(1, EPISODE_STEPS - ARRIVE_EARLY - step);
        const release = Math.min(MAX_THROW, dist / (left * DT) / ROLL_RATIO);
        const v = phase === Phase.Open ? this.speeds[e]! : Math.min(release, this.speeds[e]! + ACCEL);
        this.speeds[e] = v;
        const vb = o[base + vel]! * mx + o[base + vel + 1]! * my;
        // The hand falls behind a fast goal as the arm stretches: ask for the shortfall on top.
        const ask = phase === Phase.Open ? this.asks[e]! : v + Math.max(0, Math.min(v, v - vb));
        this.asks[e] = ask;
        target.x = t.x + mx * ask * DT;
        target.y = t.y + my * ask * DT;
        target.z = BALL_RADIUS + LIFT;
        gripper = phase === Phase.Open ? 1 : -1;
        if (phase === Phase.Throw && v >= release && vb >= release * (1 - SPEED_TOLERANCE)) {
          this.phase[e] = Phase.Open;
          this.openedAt[e] = step;
        }
        if (phase === Phase.Open && step - this.openedAt[e]! >= OPEN_STEPS) this.phase[e] = Phase.Away;
        break;
      }
      case Phase.Away: {
        // Rise clear of the ball while keeping pace with it, then stop.
        const vb = step - this.openedAt[e]! < OPEN_STEPS + AWAY_STEPS ? o[base + vel]! * d.x + o[base + vel + 1]! * d.y : 0;
        target.x = t.x + d.x * vb * DT;
        target.y = t.y + d.y * vb * DT;
        target.z = RISE_TO;
        break;
      }
    }
    writeEeDeltaAction(out, at, t, target, speed, rotErr, gripper);
  }
}
