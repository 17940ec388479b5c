import { conjugate, multiply, quat, toRotationVector } from '../../math/quat.js';
import { type Vec3, copy, length, vec3 } from '../../math/vec3.js';
import { PhasedExpert, fieldOffsets, readPosition } from './phased-expert.js';
import { writeEeDeltaAction } from './ee-delta-action.js';

const BALL_RADIUS = 0.035;
const EPISODE_STEPS = 80;
const DT = 0.05;
// The closed fingers form a block 2 cm thick along the push (hand x) and 4 cm wide across it:
// its front face, 1 cm ahead of the TCP, is the bat.
const PAD_HALF = 0.01;
// The hand leans back by TILT about the fingers' closing axis, fingertips toward the arm's base:
// pointing straight down, the TCP got no nearer the base than x = -0.32 at 0.1 m up (-0.34 at
// the ball's height; the elbow at its limit), short of the point behind a ball at x = -0.315
// (-0.37), and 3 of 100 seeds failed so; leaning back, it reaches x = -0.40 at both heights. The
// bat's face then points 20 deg below the line: it strikes the ball above its centre, into the
// table.
const TILT = (20 * Math.PI) / 180;
// The bat's centre at the ball's centre height; the TCP high enough over the ball on the way in
// that the fingertips pass above it.
const BAT_HEIGHT = 0.035;
const ABOVE = 0.1;
// Come down this far behind the ball's surface (at 1 cm, the fingers stopping from a fast move
// knocked it on a quarter of the seeds), then close in slowly to the strike gap.
const LINE_UP_GAP = 0.015;
const STRIKE_GAP = 0.001;
const DESCEND_WITHIN = 0.015;
const LINE_UP_TOLERANCE = 0.003;
const ROTATION_TOLERANCE = 0.01;
const CLOSE_SPEED = 0.05;
const CLOSE_TOLERANCE = 5e-4;
// The kinematic arm covers each control target at its joint-velocity limits and then waits
// (sim/sim-arm.ts): a step short enough is covered within the first 10 ms physics step, at
// step / 10 ms, and the ball leaves the bat at that speed; chasing it with longer steps kicked it
// at 1.3-4x the hand's mean speed. Once rolling it keeps ROLL_PER_BAT of the bat's speed: 0.829
// measured over 100 seeds from 0 (0.72 with the hand upright; a solid ball struck at its centre
// without spin keeps 5/7 = 0.714, and the leaning face's push into the table spins it up).
const PHYSICS_STEP = 0.01;
const ROLL_PER_BAT = 0.829;
// The rolling speed decays at 2/7 of the ball's angular damping (0.05 /s, ManiSkill's).
const ROLL_DECAY = (2 / 7) * 0.05;
const HOLD_STEPS = 2;
const RISE_TO = 0.2;

const enum Phase {
  Approach,
  Close,
  Strike,
  Hold,
  Rise,
}

/**
 * A scripted expert for RollBall-v1 in pd_ee_delta_pose: close the gripper, come over the ball
 * and down behind it, the fingers' flat face square to the ball-goal line and leaning back, close
 * in to 1 mm, strike once at the speed that rolls the ball onto the goal's centre as the episode
 * ends (success at the end needs it there then: nothing stops a rolling ball), hold still and
 * rise. The strike is one short step, so the ball leaves at the hand's speed, which the step sets
 * (the arrivals scatter by about 1% of the roll). It reads only the observation (tcp_pose,
 * goal_pos, ball_pose) and keeps one phase and strike step per env of a batch.
 */
export class RollBallExpert extends PhasedExpert {
  private readonly offsets = fieldOffsets(this.space, { tcp: 'tcp_pose', goal: 'goal_pos', ball: 'ball_pose' });
  private struckAt = new Uint16Array(0);
  private readonly dir: Vec3 = vec3();

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    if (this.struckAt.length !== this.phase.length) this.struckAt = new Uint16Array(this.phase.length);
    const { tcp, goal, ball } = this.offsets;
    const t = readPosition(o, base + tcp);
    const b = readPosition(o, base + ball);
    const g = readPosition(o, base + goal);
    const step = this.counter[e]!;
    this.counter[e] = step + 1;
    const toGoal = Math.hypot(g.x - b.x, g.y - b.y);
    const d = this.dir;
    d.x = (g.x - b.x) / toGoal;
    d.y = (g.y - b.y) / toGoal;
    // Fingers closing across the line, so the hand's x axis (the face's normal) points along it.
    const rotErr = leaningBackError(o, base + tcp + 3, Math.atan2(d.y, d.x));
    const target = behind(b, d, BALL_RADIUS + PAD_HALF + LINE_UP_GAP);
    let speed = 1;
    switch (this.phase[e] as Phase) {
      case Phase.Approach: {
        const across = Math.hypot(t.x - target.x, t.y - target.y);
        if (across > DESCEND_WITHIN) target.z = ABOVE;
        else if (Math.hypot(across, t.z - target.z) < LINE_UP_TOLERANCE && length(rotErr) < ROTATION_TOLERANCE) this.phase[e] = Phase.Close;
        break;
      }
      case Phase.Close:
        copy(behind(b, d, BALL_RADIUS + PAD_HALF + STRIKE_GAP), target);
        speed = CLOSE_SPEED;
        if (Math.hypot(t.x - target.x, t.y - target.y, t.z - target.z) < CLOSE_TOLERANCE) this.phase[e] = Phase.Strike;
        break;
      case Phase.Strike: {
        const left = (EPISODE_STEPS - step) * DT;
        // The rolling speed decays as u0 e^(-k t): covering toGoal in `left` s takes this u0.
        const roll = (toGoal * ROLL_DECAY) / (1 - Math.exp(-ROLL_DECAY * left));
        const reach = (roll / ROLL_PER_BAT) * PHYSICS_STEP;
        target.x = t.x + d.x * reach;
        target.y = t.y + d.y * reach;
        target.z = t.z;
        this.struckAt[e] = step;
        this.phase[e] = Phase.Hold;
        break;
      }
      case Phase.Hold:
        copy(t, target);
        if (step - this.struckAt[e]! >= HOLD_STEPS) this.phase[e] = Phase.Rise;
        break;
      case Phase.Rise:
        target.x = t.x;
        target.y = t.y;
        target.z = RISE_TO;
        break;
    }
    writeEeDeltaAction(out, at, t, target, speed, rotErr, -1);
  }
}

/** The TCP that puts the bat's face `back` behind the ball's centre, square to the goal line `d`. */
function behind(b: Vec3, d: Vec3, back: number): Vec3 {
  const flat = back * Math.cos(TILT);
  return vec3(b.x - d.x * flat, b.y - d.y * flat, BAT_HEIGHT + back * Math.sin(TILT));
}

/**
 * Rotation vector from the TCP orientation (wxyz at `o[at..at+4)`) to the gripper pointing down,
 * fingers closing along world y turned by `yaw`, leaned back by TILT about that closing axis.
 */
function leaningBackError(o: Float32Array, at: number, yaw: number): Vec3 {
  const down = multiply(quat(Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)), quat(0, 1, 0, 0));
  const want = multiply(down, quat(Math.cos(TILT / 2), 0, -Math.sin(TILT / 2), 0));
  const tq = quat(o[at]!, o[at + 1]!, o[at + 2]!, o[at + 3]!);
  return toRotationVector(multiply(want, conjugate(tq)));
}
