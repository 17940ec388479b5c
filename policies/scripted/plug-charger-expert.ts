import { pose, relativePose } from '../../math/pose.js';
import { rotate, toRotationVector } from '../../math/quat.js';
import { type Vec3, distance, vec3 } from '../../math/vec3.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert, fieldOffsets, readPose } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';
import { HeldObjectSteer } from './held-object-steer.js';

// The TCP over the base's centre (2 cm behind the charger's origin), a little below its middle
// so that the pads cover most of the base's sides.
const BASE_BACK = 0.02;
const GRASP_RAISE = -0.003;
// The TCP's floor is the workspace's (z = 0.015), 3 mm under the base's top on the table.
const GRASP_FLOOR = 0.017;
const APPROACH_HEIGHT = 0.06;
const APPROACH_TOLERANCE = 0.01;
const ALIGN_TOLERANCE = 0.05;
const DESCEND_TOLERANCE = 0.003;
const CLOSE_STEPS = 8;
const CLOSE_RAMP = 0.3;
// The pins' tips wait this far in front of the receptacle before going in (ManiSkill's solution: 5 cm behind the goal).
const STANDOFF = 0.05;
// Lined up enough to go in: the charger's origin within this of the goal's axis (the clearance is 0.5 mm a side)...
const AXIS_TOLERANCE = 0.0002;
// ...its orientation within this of the goal's (rad; 16 mm pins tilted by it move 0.16 mm)...
const TILT_TOLERANCE = 0.01;
// ...and within this of the standoff along the axis.
const ALONG_TOLERANCE = 0.003;
const APPROACH_SPEED = 0.8;
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

const enum Phase {
  Approach,
  Descend,
  Close,
  Lift,
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
export class PlugChargerExpert extends PhasedExpert {
  private readonly offsets: { tcp: number; charger: number; goal: number };
  private readonly t = pose();
  private readonly c = pose();
  private readonly g = pose();
  private readonly want = pose();
  private readonly steer = new HeldObjectSteer();
  private readonly rel = pose();

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.offsets = fieldOffsets(observationSpace, { tcp: 'tcp_pose', charger: 'charger_pose', goal: 'goal_pose' });
  }

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    const { tcp, charger, goal } = this.offsets;
    readPose(o, base + tcp, this.t);
    readPose(o, base + charger, this.c);
    readPose(o, base + goal, this.g);
    const t = this.t.p;
    const axis = rotate(this.c.q, X_AXIS);
    const grasp = vec3(this.c.p.x - axis.x * BASE_BACK, this.c.p.y - axis.y * BASE_BACK, Math.max(GRASP_FLOOR, this.c.p.z + GRASP_RAISE));
    // Fingers close across the base: the TCP's x along the charger, whichever sign is nearer the hand's yaw.
    const chargerYaw = Math.atan2(axis.y, axis.x);
    const handX = rotate(this.t.q, X_AXIS);
    const handYaw = Math.atan2(handX.y, handX.x);
    const yaw = Math.cos(chargerYaw - handYaw) >= 0 ? chargerYaw : chargerYaw + Math.PI;
    const down = pointDownError(o, base + tcp + 3, yaw);
    const downErr = Math.hypot(down.x, down.y, down.z);

    switch (this.phase[e] as Phase) {
      case Phase.Approach: {
        const goalP = vec3(grasp.x, grasp.y, grasp.z + APPROACH_HEIGHT);
        if (distance(t, goalP) < APPROACH_TOLERANCE && downErr < ALIGN_TOLERANCE) this.phase[e] = Phase.Descend;
        return writeEeDeltaAction(out, at, t, goalP, APPROACH_SPEED, down, 1);
      }
      case Phase.Descend:
        if (distance(t, grasp) < DESCEND_TOLERANCE) {
          this.phase[e] = Phase.Close;
          this.counter[e] = 0;
        }
        return writeEeDeltaAction(out, at, t, grasp, CARRY_SPEED, down, 1);
      case Phase.Close:
        if (++this.counter[e]! >= CLOSE_STEPS) this.phase[e] = Phase.Lift;
        return writeEeDeltaAction(out, at, t, t, 0, null, Math.max(-1, 1 - CLOSE_RAMP * this.counter[e]!));
      case Phase.Hold:
        // Pushing on against the plate or correcting the charger's small turn in the grip only made it slide in the fingers.
        return writeEeDeltaAction(out, at, t, t, 0, null, -1);
      default:
        return this.steerCharger(e, out, at);
    }
  }

  /** Lift, align and insert: move the hand so that the held charger reaches the phase's pose. */
  private steerCharger(e: number, out: Float32Array, at: number): void {
    const goal = this.g;
    const goalAxis = rotate(goal.q, X_AXIS);
    const phase = this.phase[e] as Phase;
    const along = phase === Phase.Insert ? 0 : -STANDOFF;
    this.want.p.x = goal.p.x + goalAxis.x * along;
    this.want.p.y = goal.p.y + goalAxis.y * along;
    this.want.p.z = goal.p.z + goalAxis.z * along;
    this.want.q = goal.q;
    let speed = CARRY_SPEED;
    if (phase === Phase.Lift) {
      speed = LIFT_SPEED;
      // Straight up first, turning on the way, so that the charger does not drag on the table.
      this.want.p.x = this.c.p.x;
      this.want.p.y = this.c.p.y;
      if (this.c.p.z >= goal.p.z - 0.02) this.phase[e] = Phase.Align;
    } else if (phase === Phase.Insert) {
      const r = relativePose(goal, this.c, this.rel).p;
      speed = r.x > ENTRY_FROM && r.x < ENTRY_TO ? ENTRY_SPEED : INSERT_SPEED;
      if (Math.hypot(r.x, r.y, r.z) < HOLD_WITHIN) {
        this.phase[e] = Phase.Hold;
        return writeEeDeltaAction(out, at, this.t.p, this.t.p, 0, null, -1);
      }
    } else {
      const offAxis = this.offGoal(along);
      if (offAxis.axis < AXIS_TOLERANCE && offAxis.tilt < TILT_TOLERANCE && offAxis.along < ALONG_TOLERANCE) this.phase[e] = Phase.Insert;
      else if (offAxis.along < 0.01) speed = FINE_SPEED;
    }
    this.steer.write(out, at, this.t, this.c, this.want, speed);
  }

  /** How far the charger is from the goal's axis, from the goal's orientation and from `along` on the axis. */
  private offGoal(along: number): { axis: number; tilt: number; along: number } {
    const r = relativePose(this.g, this.c, this.rel);
    const tilt = toRotationVector(r.q);
    return { axis: Math.hypot(r.p.y, r.p.z), tilt: Math.hypot(tilt.x, tilt.y, tilt.z), along: Math.abs(r.p.x - along) };
  }
}


