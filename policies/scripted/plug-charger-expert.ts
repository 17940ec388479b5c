import { pose, relativePose } from '../../math/pose.js';
import { rotate, toRotationVector } from '../../math/quat.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { BoxSpace } from '../../tasks/space.js';
import { fieldOffsets, readPose } from './phased-expert.js';
import { writeEeDeltaAction } from './ee-delta-action.js';
import { HeldObjectExpert } from './held-object-expert.js';

// The TCP over the base's centre (2 cm behind the charger's origin), a little below its middle
// so that the pads cover most of the base's sides.
const BASE_BACK = 0.02;
const GRASP_RAISE = -0.003;
// The TCP's floor is the workspace's (z = 0.015), 3 mm under the base's top on the table.
const GRASP_FLOOR = 0.017;
const DESCEND_TOLERANCE = 0.003;
// The pins' tips wait this far in front of the receptacle before going in (ManiSkill's solution: 5 cm behind the goal).
const STANDOFF = 0.05;
// Lined up enough to go in: the charger's origin within this of the goal's axis (the clearance is 0.5 mm a side)...
const AXIS_TOLERANCE = 0.0002;
// ...its orientation within this of the goal's (rad; 16 mm pins tilted by it move 0.16 mm)...
const TILT_TOLERANCE = 0.01;
// ...and within this of the standoff along the axis.
const ALONG_TOLERANCE = 0.003;
const CARRY_SPEED = 0.3;
const FINE_SPEED = 0.05;
const INSERT_SPEED = 0.03;
// Through the pins' entry into the holes (their tips 16 mm in front of the charger's origin) at a
// third of that: pushed in at 3 mm a step, the tips caught the receptacle's face on some seeds.
const ENTRY_SPEED = 0.01;
const ENTRY_FROM = -0.024;
const ENTRY_TO = -0.01;
// Plugged in: the charger within this of the goal (success allows 5 mm); the hand then holds still.
const HOLD_WITHIN = 0.0015;
const LIFT_SPEED = 0.2;
const X_AXIS: Vec3 = { x: 1, y: 0, z: 0 };

// After HeldObjectExpert's grasp phases (Approach, Descend, Close).
const enum Phase {
  Lift = 3,
  Align,
  Insert,
  Hold,
}

/**
 * A scripted expert for PlugCharger-v1 in pd_ee_delta_pose, in the phases of ManiSkill's
 * motion-planning solution: above the charger's base, down, close, then bring the charger in
 * line with the goal 5 cm in front of the receptacle and push it straight in.
 * From the grasp on it steers the charger, not the hand: each step it measures the charger's pose
 * in the hand and moves the hand so that the charger goes where it should (closed loop, so a
 * grasp off centre or turned is corrected). It reads only the observation (tcp_pose,
 * charger_pose, goal_pose).
 */
export class PlugChargerExpert extends HeldObjectExpert {
  private readonly offsets: { tcp: number; charger: number; goal: number };
  private readonly g = pose();
  private readonly want = pose();
  private readonly rel = pose();

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    const offsets = fieldOffsets(observationSpace, { tcp: 'tcp_pose', charger: 'charger_pose', goal: 'goal_pose' });
    super(observationSpace, offsets.tcp, DESCEND_TOLERANCE, CARRY_SPEED);
    this.offsets = offsets;
  }

  protected read(o: Float32Array, base: number): void {
    readPose(o, base + this.offsets.tcp, this.hand);
    readPose(o, base + this.offsets.charger, this.held);
    readPose(o, base + this.offsets.goal, this.g);
  }

  protected graspPoint(axis: Vec3): Vec3 {
    const c = this.held.p;
    return vec3(c.x - axis.x * BASE_BACK, c.y - axis.y * BASE_BACK, Math.max(GRASP_FLOOR, c.z + GRASP_RAISE));
  }

  /** Lift, align and insert: move the hand so that the held charger reaches the phase's pose. */
  protected actHolding(e: number, out: Float32Array, at: number): void {
    const phase = this.phase[e] as Phase;
    // Pushing on against the plate or correcting the charger's small turn in the grip only made it slide in the fingers.
    if (phase === Phase.Hold) return writeEeDeltaAction(out, at, this.hand.p, this.hand.p, 0, null, -1);
    const goal = this.g;
    const goalAxis = rotate(goal.q, X_AXIS);
    const along = phase === Phase.Insert ? 0 : -STANDOFF;
    this.want.p.x = goal.p.x + goalAxis.x * along;
    this.want.p.y = goal.p.y + goalAxis.y * along;
    this.want.p.z = goal.p.z + goalAxis.z * along;
    this.want.q = goal.q;
    let speed = CARRY_SPEED;
    if (phase === Phase.Lift) {
      speed = LIFT_SPEED;
      // Straight up first, turning on the way, so that the charger does not drag on the table.
      this.want.p.x = this.held.p.x;
      this.want.p.y = this.held.p.y;
      if (this.held.p.z >= goal.p.z - 0.02) this.phase[e] = Phase.Align;
    } else if (phase === Phase.Insert) {
      const r = relativePose(goal, this.held, this.rel).p;
      speed = r.x > ENTRY_FROM && r.x < ENTRY_TO ? ENTRY_SPEED : INSERT_SPEED;
      if (Math.hypot(r.x, r.y, r.z) < HOLD_WITHIN) {
        this.phase[e] = Phase.Hold;
        return writeEeDeltaAction(out, at, this.hand.p, this.hand.p, 0, null, -1);
      }
    } else {
      const offAxis = this.offGoal(along);
      if (offAxis.axis < AXIS_TOLERANCE && offAxis.tilt < TILT_TOLERANCE && offAxis.along < ALONG_TOLERANCE) this.phase[e] = Phase.Insert;
      else if (offAxis.along < 0.01) speed = FINE_SPEED;
    }
    this.steer.write(out, at, this.hand, this.held, this.want, speed);
  }

  /** How far the charger is from the goal's axis, from the goal's orientation and from `along` on the axis. */
  private offGoal(along: number): { axis: number; tilt: number; along: number } {
    const r = relativePose(this.g, this.held, this.rel);
    const tilt = toRotationVector(r.q);
    return { axis: Math.hypot(r.p.y, r.p.z), tilt: Math.hypot(tilt.x, tilt.y, tilt.z), along: Math.abs(r.p.x - along) };
  }
}
