import { pose, relativePose } from '../../math/pose.js';
import { fromAxisAngle, multiply, quat, rotate, toRotationVector } from '../../math/quat.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { BoxSpace } from '../../tasks/space.js';
import { fieldOffsets, readPose } from './phased-expert.js';
import { HeldObjectExpert } from './held-object-expert.js';

// ManiSkill's motion-planning solution grasps max(0.05, L/2 + 0.01) behind the centre; here 1 cm,
// close to the centre of mass (further back, the peg pivots in the grip: 3 cm measured 68% on 50
// seeds against 86%, old carry), the head stopping short of the hole's centre so the fingers stay off the box's face.
const GRASP_BACK = 0.01;
// The TCP 3 mm below the peg's centre, the pads over most of its faces: 1 cm above it (the weaker
// drive's setting, where a finger caught a thick peg's top edge) the peg slid down and back in
// the grip during the carry (100 seeds with the crosswise carry: 73% at +1 cm and a faster lift,
// 100% at 0 and at -3 mm; 50 seeds with the old carry: 86% at 0, 92% at -3 mm, 56% at -8 mm).
const GRASP_RAISE = -0.003;
const DESCEND_TOLERANCE = 0.004;
// The peg's head waits this far in front of the box's face before going in.
const STANDOFF = 0.02;
// The head stops this far short of the hole's centre (success allows 0.015), keeping the fingers off the box's face.
const INSERT_SHORT = 0.008;
const LIFT_CLEARANCE = 0.03;
// Aligned enough to go in: head and centre within 1.5 mm of the hole's axis, the peg's axis within ~0.6 degrees.
const AXIS_TOLERANCE = 0.0015;
const TILT_TOLERANCE = 0.01;
const CARRY_SPEED = 0.2;
const INSERT_SPEED = 0.08;
// The peg slides down in the grip faster than in proportion to the lift's speed (about 0.1 mm a
// step at 5 mm a step, seed 5; 1 mm at 1 cm, seed 3); 20 seeds with the old carry: 14 -> 16 solved.
const LIFT_SPEED = 0.05;
// Farther than this from its place in front of the box, the peg is carried crosswise (its axis
// at 90 degrees to the hole's): carried along its axis, it slid back through the fingers by 15-28%
// of the distance (seed 13: 9 cm over 30 steps at 1 cm a step, until it pivoted out), bringing the
// fingers against the box's face or out of time; crosswise, the fingers' drive takes that push.
const CROSSWISE_FROM = 0.06;
const X_AXIS: Vec3 = { x: 1, y: 0, z: 0 };
const Z_AXIS: Vec3 = { x: 0, y: 0, z: 1 };

// After HeldObjectExpert's grasp phases (Approach, Descend, Close).
const enum Phase {
  Lift = 3,
  Align,
  Insert,
}

/**
 * A scripted expert for PegInsertionSide-v1 in pd_ee_delta_pose, in the phases of ManiSkill's
 * motion-planning solution: above the peg's tail half, down, close, lift, bring the peg in
 * line with the hole a little in front of the box, then push it in slowly to the hole's centre.
 * Unlike ManiSkill's, it carries the peg crosswise until it is near the box (see CROSSWISE_FROM):
 * the grip lets a peg pushed along its axis slide through the fingers.
 * From the grasp on it steers the peg, not the hand: each step it measures the peg's pose in the
 * hand and moves the hand so that the peg goes where it should (closed loop, so slip in the grip
 * is corrected). It reads only the observation (tcp_pose, peg_pose, peg_half_size, box_hole_pose).
 */
export class PegInsertionSideExpert extends HeldObjectExpert {
  private readonly offsets: { tcp: number; peg: number; size: number; hole: number };
  private readonly h = pose();
  private halfLength = 0;
  private readonly want = pose();
  private readonly rel = pose();
  private readonly turn = quat();
  private readonly crosswise = quat();

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    const offsets = fieldOffsets(observationSpace, { tcp: 'tcp_pose', peg: 'peg_pose', size: 'peg_half_size', hole: 'box_hole_pose' });
    // The TCP over the peg's tail half; descending at the carry's speed.
    super(observationSpace, offsets.tcp, DESCEND_TOLERANCE, CARRY_SPEED);
    this.offsets = offsets;
  }

  protected read(o: Float32Array, base: number): void {
    readPose(o, base + this.offsets.tcp, this.hand);
    readPose(o, base + this.offsets.peg, this.held);
    readPose(o, base + this.offsets.hole, this.h);
    this.halfLength = o[base + this.offsets.size]!;
  }

  protected graspPoint(axis: Vec3): Vec3 {
    const p = this.held.p;
    return vec3(p.x - axis.x * GRASP_BACK, p.y - axis.y * GRASP_BACK, p.z - axis.z * GRASP_BACK + GRASP_RAISE);
  }

  /** Lift, align and insert: move the hand so that the held peg reaches the phase's pose. */
  protected actHolding(e: number, out: Float32Array, at: number): void {
    const halfLength = this.halfLength;
    const hole = this.h;
    const holeAxis = rotate(hole.q, X_AXIS);
    // Where the peg's centre should be, along the hole's axis from the hole's centre.
    let along = -(2 * halfLength + STANDOFF);
    let speed = CARRY_SPEED;
    const phase = this.phase[e] as Phase;
    if (phase === Phase.Insert) {
      along = -halfLength - INSERT_SHORT;
      speed = INSERT_SPEED;
    }
    this.want.p.x = hole.p.x + holeAxis.x * along;
    this.want.p.y = hole.p.y + holeAxis.y * along;
    this.want.p.z = hole.p.z + holeAxis.z * along;
    this.want.q = hole.q;
    if (phase !== Phase.Insert && Math.hypot(this.want.p.x - this.held.p.x, this.want.p.y - this.held.p.y) > CROSSWISE_FROM) {
      // Turn a quarter whichever way is nearer the peg's yaw now, so the turn back at the box is the same quarter.
      const pegAxis = rotate(this.held.q, X_AXIS);
      const side = pegAxis.x * holeAxis.y - pegAxis.y * holeAxis.x >= 0 ? -1 : 1;
      this.want.q = multiply(fromAxisAngle(Z_AXIS, (side * Math.PI) / 2, this.turn), hole.q, this.crosswise);
    }
    if (phase === Phase.Lift) {
      speed = LIFT_SPEED;
      // Straight up first, turning the peg crosswise on the way, so it neither drags on the table nor swings into the box.
      this.want.p.x = this.held.p.x;
      this.want.p.y = this.held.p.y;
      this.want.p.z = hole.p.z + LIFT_CLEARANCE;
    }
    if (phase === Phase.Lift && this.held.p.z >= hole.p.z - 0.01) this.phase[e] = Phase.Align;
    if (phase === Phase.Align && this.aligned(halfLength, along)) this.phase[e] = Phase.Insert;
    this.steer.write(out, at, this.hand, this.held, this.want, speed);
  }

  /** Whether the peg's centre and head lie on the hole's axis and the centre is at `along`. */
  private aligned(halfLength: number, along: number): boolean {
    const c = relativePose(this.h, this.held, this.rel);
    const tilt = toRotationVector(c.q);
    const axis = rotate(c.q, X_AXIS);
    const head = vec3(c.p.x + axis.x * halfLength, c.p.y + axis.y * halfLength, c.p.z + axis.z * halfLength);
    return (
      Math.hypot(c.p.y, c.p.z) < AXIS_TOLERANCE &&
      Math.hypot(head.y, head.z) < AXIS_TOLERANCE &&
      Math.hypot(tilt.x, tilt.y, tilt.z) < TILT_TOLERANCE &&
      Math.abs(c.p.x - along) < 0.005
    );
  }
}
