import { vec3 } from '../../math/vec3.js';
import { PUSH_T_GOAL } from '../../tasks/maniskill/push-t.js';
import { yawOf } from '../../tasks/maniskill/table-top.js';
import { TeeOverlap, teeYaw } from '../../tasks/maniskill/tee-overlap.js';
import type { BoxSpace } from '../../tasks/space.js';
import type { PolicyResetOptions } from '../policy.js';
import { PhasedExpert, fieldOffsets } from './phased-expert.js';
import { CONE, CONTACTS, MAX_TURN, PRE_DONE, PRE_MAX, STICK_RADIUS, TURN_DONE, alongFace, angleToNormal, choose, clearPath, direction, gapToFace, lostContact, mayCarryOn, start, wrap } from './push-t-plan.js';
import { pointDownAnyYawError, writeEeDeltaPose } from './ee-delta-action.js';

const PUSH_HEIGHT = 0.02;
const TRAVEL_HEIGHT = 0.06;
// High enough to pass over the T (0.04 thick) with the stick's radius and some to spare.
const LIFTED = 0.04 + STICK_RADIUS + 0.006;
const ARRIVED = 0.006;
const DOWN = 0.006;
const TRAVEL_SPEED = 1;
// The overlap is largest with the T one 4.7 mm cell below the goal in the goal's frame (the
// grid's y centres sit a cell off), so aim there: 782/825 cells at the goal itself, 825 there.
const AIM_Y = -0.0055;
// A translation that lets the yaw drift past TURN_AGAIN turns again.
const TURN_AGAIN = 0.05;
// The turn a turning push makes per metre of the stick's travel, to start with (measured: 4-5.5
// rad/m at 4 cm a step); each push then goes by what it measures.
const TURN_RATE = 4;
// A turning push that turns less than this (rad per metre of the stick's travel) has lost its grip.
const MIN_RATE = 2.5;
// Pushes move the stick at most this far a step (m), and at least MIN_STEP; the last of a push
// slows down so that the T does not coast past (it slides about v^2 / 2 mu g once let go).
const MAX_STEP = 0.04;
const MIN_STEP = 0.004;
const SLOW = 0.6;
// A translation is done this near the aim (m).
const PLACED = 0.0015;
// Hold still once the T covers HOLD_SURE of the goal, or HOLD with the T placed and turned.
const HOLD = 0.9;
const HOLD_SURE = 0.92;
// Steps to reach the next contact before giving it up (a T pushed past the arm's reach).
const REACH_STEPS = 25;
// ...or once the stick has moved less than STUCK (m) a step for STUCK_STEPS steps on its way
// (held at the arm's reach: seen waiting there 20 steps).
const STUCK = 0.001;
const STUCK_STEPS = 2;
// A split turn goes on to its second place without a new plan while more than this (rad) is left.
const CARRY_ON_MIN = 0.3;
// A push that ends having turned the T less than STALLED_TURN (rad) and moved it less than
// STALLED_MOVE (m) did nothing (the stick could not get down or along there): its place is left
// out of the next choice, else the same choice repeats it to the time limit (seen: 6 of 11 failures).
const STALLED_TURN = 0.03;
const STALLED_MOVE = 0.005;

const enum Phase {
  Choose,
  Lift,
  Travel,
  Descend,
  Push,
  Slide,
  Hold,
}

/**
 * A scripted expert for PushT-v1 in pd_ee_delta_pose (panda_stick: six entries, no gripper).
 * ManiSkill has no solution for PushT; this one turns, then translates: while the T's yaw is off
 * it pushes a turning place (the bar's tip outward, or the stem's side near its end), the one of
 * the right sense whose stick is nearest and whose side motion helps, for as long as the turn it
 * measures during the push says (the plan's share of the turn; the rest of a split turn then goes
 * to the plan's second place without planning again, where that keeps the T reachable and near
 * the goal); then it pushes the face whose normal best matches the way to the goal, steering the
 * push within the friction cone straight at the goal, slowing down toward the end so the T does
 * not coast past, and holds still once the T covers the goal. The stick
 * slides to the next place at push height when the way is clear, else goes over the T; a place
 * the stick cannot get to, or whose push moves nothing, is left out of the next choice. It reads
 * only the observation (tcp_pose, obj_pose, goal_pos) and the goal's yaw, which is fixed in
 * PushT-v1 and not observed.
 */
export class PushTExpert extends PhasedExpert {
  override readonly actionDim = 6;
  private readonly offsets: { tcp: number; obj: number; goal: number };
  private contact = new Uint8Array(0);
  // Measured turn per metre of the current turning push, and where the last step started.
  private rate = new Float32Array(0);
  private last = new Float32Array(0);
  // The yaw and the T's xy at the start of the current push.
  private began = new Float32Array(0);
  private from = new Float32Array(0);
  // The stick's position a step ago and how many steps in a row it has stood still on its way.
  private was = new Float32Array(0);
  private still = new Uint8Array(0);
  // A place not reached in time, left out of the next choice (-1: none).
  private barred = new Int8Array(0);
  // How far (rad) the current turning push may turn the T: its share of the chosen plan.
  private budget = new Float32Array(0);
  // The plan's second turning place (-1: none), and whether the push just ended at its budget.
  private next = new Int8Array(0);
  private spent = new Uint8Array(0);
  // Where the T is first translated to (world xy) so that the planned turn ends it at the goal, while `pre` is 1.
  private aim = new Float32Array(0);
  private pre = new Uint8Array(0);
  // Translations to a pre-turn place begun this episode.
  private pres = new Uint8Array(0);
  private sized: Uint8Array | null = null;
  private readonly tilt = vec3();
  private readonly overlap = new TeeOverlap(PUSH_T_GOAL.x, PUSH_T_GOAL.y, PUSH_T_GOAL.yaw);

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.offsets = fieldOffsets(observationSpace, { tcp: 'tcp_pose', obj: 'obj_pose', goal: 'goal_pos' });
  }

  /** Start new episodes; their envs may translate to a pre-turn place again. */
  override reset(options: PolicyResetOptions | number = {}): void {
    super.reset(options);
    if (typeof options === 'object' && options.envs) for (const e of options.envs) if (e < this.pres.length) this.pres[e] = 0;
  }

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    if (this.sized !== this.phase) {
      // A new batch or new episodes: PhasedExpert made a new phase array.
      this.sized = this.phase;
      const n = this.phase.length;
      this.contact = new Uint8Array(n);
      this.rate = new Float32Array(n);
      this.last = new Float32Array(3 * n);
      this.began = new Float32Array(n);
      this.from = new Float32Array(2 * n);
      this.barred = new Int8Array(n).fill(-1);
      this.was = new Float32Array(3 * n);
      this.still = new Uint8Array(n);
      this.budget = new Float32Array(n);
      this.next = new Int8Array(n).fill(-1);
      this.spent = new Uint8Array(n);
      this.aim = new Float32Array(2 * n);
      this.pre = new Uint8Array(n);
      this.pres = new Uint8Array(n);
    }
    const { tcp, obj, goal } = this.offsets;
    const t = vec3(o[base + tcp]!, o[base + tcp + 1]!, o[base + tcp + 2]!);
    const tx = o[base + obj]!;
    const ty = o[base + obj + 1]!;
    const qw = o[base + obj + 3]!;
    const qz = o[base + obj + 6]!;
    const yaw = yawOf(qw, o[base + obj + 4]!, o[base + obj + 5]!, qz);
    const gc = Math.cos(PUSH_T_GOAL.yaw);
    const gs = Math.sin(PUSH_T_GOAL.yaw);
    const gx = o[base + goal]! - gs * AIM_Y - tx;
    const gy = o[base + goal + 1]! + gc * AIM_Y - ty;
    let ex = this.pre[e] ? this.aim[2 * e]! - tx : gx;
    let ey = this.pre[e] ? this.aim[2 * e + 1]! - ty : gy;
    const eth = wrap(PUSH_T_GOAL.yaw - yaw);
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    const covered = this.overlap.of(tx, ty, teeYaw(qw, qz));
    const away = Math.hypot(gx, gy);

    let phase = this.phase[e] as Phase;
    if (phase === Phase.Hold && covered < HOLD - 0.02) phase = Phase.Choose;
    if (phase !== Phase.Hold && (covered >= HOLD_SURE || (covered >= HOLD && away < 2 * PLACED && Math.abs(eth) < TURN_DONE))) phase = Phase.Hold;
    const w3 = 3 * e;
    const stood = Math.hypot(t.x - this.was[w3]!, t.y - this.was[w3 + 1]!, t.z - this.was[w3 + 2]!) < STUCK;
    this.was[w3] = t.x;
    this.was[w3 + 1] = t.y;
    this.was[w3 + 2] = t.z;
    const onWay = phase === Phase.Travel || phase === Phase.Slide || phase === Phase.Lift || phase === Phase.Descend;
    this.still[e] = onWay && stood ? this.still[e]! + 1 : 0;
    if (onWay && (++this.counter[e]! > REACH_STEPS || this.still[e]! >= STUCK_STEPS)) {
      // Not reached in time (the arm cannot get there): try another place.
      this.barred[e] = this.contact[e]!;
      phase = Phase.Choose;
    }
    const heading = CONTACTS[this.contact[e]!]!.turn;
    // The T turned on by itself while the stick was on its way (it coasts, seen 0.6 rad): a turning
    // place of the other sense, or one for a turn now done, would turn it the wrong way.
    if (onWay && heading !== 0 && phase !== Phase.Choose && (Math.sign(eth) !== heading || Math.abs(eth) < TURN_DONE)) phase = Phase.Choose;

    const pushing = phase === Phase.Push;
    if (pushing) {
      const k = CONTACTS[this.contact[e]!]!;
      if (k.turn !== 0) {
        // Measure the turn per metre over the last step, and stop once the yaw is close enough.
        const l = 3 * e;
        const moved = Math.hypot(t.x - this.last[l]!, t.y - this.last[l + 1]!);
        if (moved > 0.002) {
          const r = (wrap(yaw - this.last[l + 2]!) * k.turn) / moved;
          this.rate[e] = 0.5 * this.rate[e]! + 0.5 * Math.max(0.5, r);
        }
        if (Math.abs(eth) < TURN_DONE || Math.sign(eth) !== k.turn || this.rate[e]! < MIN_RATE) phase = Phase.Choose;
        else if (Math.abs(wrap(yaw - this.began[e]!)) > this.budget[e]!) {
          phase = Phase.Choose;
          this.spent[e] = 1;
        }
      } else if (this.pre[e] ? Math.hypot(ex, ey) < PRE_DONE : Math.abs(eth) > TURN_AGAIN || away < PLACED) phase = Phase.Choose;
      else if (angleToNormal(k, c, s, ex, ey) > CONE) phase = Phase.Choose;
      if (phase === Phase.Push && lostContact(k, t.x, t.y, tx, ty, c, s)) phase = Phase.Choose;
      if (phase === Phase.Choose && Math.abs(wrap(yaw - this.began[e]!)) < STALLED_TURN && Math.hypot(tx - this.from[2 * e]!, ty - this.from[2 * e + 1]!) < STALLED_MOVE) this.barred[e] = this.contact[e]!;
    }

    if (phase === Phase.Choose) {
      if (covered >= HOLD && away < 3 * PLACED && Math.abs(eth) < TURN_DONE) phase = Phase.Hold;
      else {
        const n = this.next[e]!;
        // The first place of a split turn has made its share: the second makes the rest, as
        // planned, while that keeps the T reachable and near the goal (planning again each time
        // chose a new translation before each short turn: ~30 steps per 0.6 rad).
        const carry = this.spent[e] === 1 && n >= 0 && n !== this.barred[e] && Math.abs(eth) > CARRY_ON_MIN && mayCarryOn(n, tx, ty, yaw, gx, gy, eth);
        const plan = carry
          ? { index: n, turn: Math.min(MAX_TURN, Math.abs(eth)), pre: false, x: 0, y: 0, next: -1 }
          : choose(t.x, t.y, tx, ty, yaw, gx, gy, eth, this.barred[e]!, this.pres[e]! < PRE_MAX || this.pre[e] === 1);
        this.spent[e] = 0;
        this.next[e] = plan.next;
        if (plan.pre && !this.pre[e]) this.pres[e]!++;
        const index = plan.index;
        this.barred[e] = -1;
        this.contact[e] = index;
        this.budget[e] = plan.turn;
        this.pre[e] = plan.pre ? 1 : 0;
        this.aim[2 * e] = plan.x;
        this.aim[2 * e + 1] = plan.y;
        ex = plan.pre ? plan.x - tx : gx;
        ey = plan.pre ? plan.y - ty : gy;
        this.counter[e] = 0;
        this.rate[e] = TURN_RATE;
        const low = t.z < PUSH_HEIGHT + DOWN;
        const k = CONTACTS[index]!;
        const w = start(k, tx, ty, c, s, ex, ey);
        if (low && clearPath(t.x, t.y, w.x, w.y, tx, ty, c, s)) phase = Phase.Slide;
        else phase = low ? Phase.Lift : Phase.Travel;
      }
    }

    const k = CONTACTS[this.contact[e]!]!;
    const target = vec3(t.x, t.y, t.z);
    let speed = TRAVEL_SPEED;
    if (phase !== Phase.Hold && phase !== Phase.Push) {
      const w = start(k, tx, ty, c, s, ex, ey);
      target.x = w.x;
      target.y = w.y;
      target.z = TRAVEL_HEIGHT;
      const off = Math.hypot(t.x - w.x, t.y - w.y);
      const low = t.z < PUSH_HEIGHT + DOWN;
      switch (phase) {
        case Phase.Lift:
          target.x = t.x;
          target.y = t.y;
          if (t.z > LIFTED) phase = Phase.Travel;
          break;
        case Phase.Travel:
          // Down while still moving once the rest of the way is clear at push height.
          if (clearPath(t.x, t.y, w.x, w.y, tx, ty, c, s, 0)) target.z = PUSH_HEIGHT;
          if (off < ARRIVED) phase = low ? Phase.Push : Phase.Descend;
          break;
        case Phase.Slide:
          target.z = PUSH_HEIGHT;
          if (off < ARRIVED) phase = Phase.Push;
          else if (!clearPath(t.x, t.y, w.x, w.y, tx, ty, c, s)) phase = Phase.Lift;
          break;
        case Phase.Descend:
          target.z = PUSH_HEIGHT;
          if (off > 5 * ARRIVED) phase = Phase.Lift;
          else if (low) phase = Phase.Push;
          break;
      }
      if (phase === Phase.Push) {
        this.began[e] = yaw;
        this.from[2 * e] = tx;
        this.from[2 * e + 1] = ty;
        const l = 3 * e;
        this.last[l] = t.x;
        this.last[l + 1] = t.y;
        this.last[l + 2] = yaw;
      }
    }
    if (phase === Phase.Push) {
      const u = direction(k, c, s, ex, ey);
      // How much further the stick should go: the remaining turn at the measured rate, or the
      // remaining distance; plus the gap to the face while the stick has not reached it.
      const need = k.turn !== 0 ? Math.abs(eth) / Math.max(this.rate[e]!, 0.5) : this.pre[e] ? Math.max(MAX_STEP, Math.hypot(ex, ey)) : away;
      const gap = Math.max(0, gapToFace(k, t.x, t.y, tx, ty, c, s));
      const step = gap + Math.min(MAX_STEP, Math.max(MIN_STEP, SLOW * need));
      // Back onto the contact point along the face, should the stick have slid.
      const slid = alongFace(k, t.x, t.y, tx, ty, c, s);
      target.x = t.x + u.x * step - (c * k.ny + s * k.nx) * slid;
      target.y = t.y + u.y * step - (s * k.ny - c * k.nx) * slid;
      if (pushing && Math.hypot(t.x - this.last[3 * e]!, t.y - this.last[3 * e + 1]!) < 1e-4) {
        // The stick did not move (held back at the workspace's edge): choose another place next step.
        phase = Phase.Choose;
        this.barred[e] = this.contact[e]!;
      }
      target.z = PUSH_HEIGHT;
      speed = (gap + MAX_STEP) / 0.1;
      const l = 3 * e;
      this.last[l] = t.x;
      this.last[l + 1] = t.y;
      this.last[l + 2] = yaw;
    }
    this.phase[e] = phase;
    writeEeDeltaPose(out, at, t, target, speed, pointDownAnyYawError(o, base + tcp + 3, this.tilt));
  }
}

