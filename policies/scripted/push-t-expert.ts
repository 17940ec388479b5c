import { vec3 } from '../../math/vec3.js';
import { PUSH_T_GOAL, TEE_PARTS } from '../../tasks/maniskill/push-t.js';
import { yawOf } from '../../tasks/maniskill/table-top.js';
import { TeeOverlap, teeYaw } from '../../tasks/maniskill/tee-overlap.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert, fieldOffsets } from './phased-expert.js';
import { pointDownAnyYawError, writeEeDeltaPose } from './ee-delta-action.js';

const STICK_RADIUS = 0.008;
// The stick waits this far off the face it will push (centre to face), and passes this far clear of others.
const STANDOFF = STICK_RADIUS + 0.012;
const CLEARANCE = STICK_RADIUS + 0.006;
const PUSH_HEIGHT = 0.02;
const TRAVEL_HEIGHT = 0.06;
// High enough to pass over the T (0.04 thick) with the stick's radius and some to spare.
const LIFTED = 0.04 + STICK_RADIUS + 0.006;
const ARRIVED = 0.012;
const DOWN = 0.006;
// The overlap is largest with the T one 4.7 mm cell below the goal in the goal's frame (the
// grid's y centres sit a cell off), so aim there: 782/825 cells at the goal itself, 825 there.
const AIM = { x: 0, y: -0.0055 } as const;
// About the mean distance of the T's area from its centroid: the ellipsoidal limit surface's
// length, turning a torque into the rotation it causes relative to the translation.
const C = 0.06;
// Centroid of the T's area in its frame (ManiSkill's frame origin is its rounded centre of mass).
const CENTROID = { x: 0, y: 0.0054 } as const;
// The length that weighs the yaw error against the distance when choosing a face: longer than C,
// so the turn, which only some faces give, is put right first.
const TURN_WEIGHT = 0.5;
// Past this distance from the goal the T is brought back first (yaw weighed by C only), before
// it leaves the arm's reach.
const FAR = 0.15;
// ... until it is this much nearer again (without the band the choice flips at the boundary).
const FAR_BAND = 0.05;
const TRAVEL_SPEED = 0.9;
const MAX_PUSH = 0.2;
const MIN_PUSH = 0.03;
const PUSH_GAIN = 3;
// Stay with the face being pushed unless another scores this much better, or it scores below KEEP.
const SWITCH_MARGIN = 0.25;
const KEEP = 0.4;
const DONE = 0.0015;
// A stick that can reach its next face in a straight line at push height, this far clear of the
// T, slides there instead of going over the top (lift, travel and descent cost about 10 steps).
const SLIDE_CLEARANCE = STICK_RADIUS + 0.003;
// Once the T covers this share of the goal the stick holds still.
const HOLD = 0.95;
const HOLD_ERROR = 0.02;
// A push that leaves the T this much further from the goal (m, yaw weighed by TURN_WEIGHT) than
// it has been during the push is given up, and that place (and its neighbours) barred for the
// next choice: a stick caught in the T's inner corner carries the T off in a straight line.
const WORSE = 0.01;
// Steps to reach the next face before giving it up (a T pushed past the arm's reach).
const REACH_STEPS = 20;

const enum Phase {
  Choose,
  Lift,
  Travel,
  Descend,
  Push,
  Slide,
}

/** A place on the T's outline to push: its point and outward normal in the T's frame. */
interface Contact {
  x: number;
  y: number;
  nx: number;
  ny: number;
}

/**
 * A scripted expert for PushT-v1 in pd_ee_delta_pose (panda_stick: six entries, no gripper).
 * ManiSkill has no solution for PushT; this one pushes by a quasi-static model: each candidate
 * place on the T's outline, pushed along its inward normal, would move the T along (force,
 * torque / C^2) (an ellipsoidal limit surface); it picks the place whose motion best matches the
 * remaining translation and rotation to the goal (the yaw weighed heavily, so the turn comes
 * first), slides there at push height when the way is clear or else lifts the stick over the T,
 * and pushes, aiming anew every step, re-approaching when another face would do much better and
 * giving up a push that carries the T away or a face it cannot reach; it holds still once the T
 * covers 95% of the goal. It reads only the observation (tcp_pose, obj_pose, goal_pos) and the goal's yaw,
 * which is fixed in PushT-v1 and not observed.
 */
export class PushTExpert extends PhasedExpert {
  override readonly actionDim = 6;
  private readonly offsets: { tcp: number; obj: number; goal: number };
  private contact = new Uint8Array(0);
  private barred = new Int16Array(0);
  private pushBest = new Float32Array(0);
  private far = new Uint8Array(0);
  private sized: Uint8Array | null = null;
  private readonly tilt = vec3();
  private readonly overlap = new TeeOverlap(PUSH_T_GOAL.x, PUSH_T_GOAL.y, PUSH_T_GOAL.yaw);

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.offsets = fieldOffsets(observationSpace, { tcp: 'tcp_pose', obj: 'obj_pose', goal: 'goal_pos' });
  }

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    if (this.sized !== this.phase) {
      // A new batch or new episodes: PhasedExpert made a new phase array.
      this.sized = this.phase;
      this.contact = new Uint8Array(this.phase.length);
      this.barred = new Int16Array(this.phase.length).fill(-1);
      this.pushBest = new Float32Array(this.phase.length);
      this.far = new Uint8Array(this.phase.length);
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
    const ex = o[base + goal]! + gc * AIM.x - gs * AIM.y - tx;
    const ey = o[base + goal + 1]! + gs * AIM.x + gc * AIM.y - ty;
    const eth = wrap(PUSH_T_GOAL.yaw - yaw);
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    const err = Math.hypot(ex, ey, C * eth);

    let phase = this.phase[e] as Phase;
    const current = this.contact[e]!;
    const away = Math.hypot(ex, ey);
    if (away > FAR) this.far[e] = 1;
    else if (away < FAR - FAR_BAND) this.far[e] = 0;
    const turn = this.far[e] ? C : TURN_WEIGHT;
    const weighed = Math.hypot(ex, ey, turn * eth);
    if (phase === Phase.Push) {
      if (weighed > this.pushBest[e]! + WORSE) {
        this.barred[e] = current;
        phase = Phase.Choose;
      }
      this.pushBest[e] = Math.min(this.pushBest[e]!, weighed);
    }
    if ((phase === Phase.Travel || phase === Phase.Slide) && ++this.counter[e]! > REACH_STEPS) {
      this.barred[e] = current;
      phase = Phase.Choose;
    }
    const best = bestContact(c, s, ex, ey, turn * eth, this.barred[e]!);
    if (phase === Phase.Push) {
      const keep = score(CONTACTS[current]!, c, s, ex, ey, turn * eth);
      if (keep < KEEP || best.score > keep + SWITCH_MARGIN) phase = Phase.Choose;
    }
    const k = CONTACTS[phase === Phase.Choose ? best.index : this.contact[e]!]!;
    // The face's point and inward direction in the world.
    const px = tx + c * k.x - s * k.y;
    const py = ty + s * k.x + c * k.y;
    const dx = -(c * k.nx - s * k.ny);
    const dy = -(s * k.nx + c * k.ny);
    const target = vec3(px - dx * STANDOFF, py - dy * STANDOFF, TRAVEL_HEIGHT);
    const low = t.z < PUSH_HEIGHT + DOWN;
    if (phase === Phase.Choose) {
      this.contact[e] = best.index;
      this.counter[e] = 0;
      if (low && clearPath(t.x, t.y, target.x, target.y, tx, ty, c, s)) phase = Phase.Slide;
      else phase = low ? Phase.Lift : Phase.Travel;
    }
    let speed = TRAVEL_SPEED;
    const off = Math.hypot(t.x - target.x, t.y - target.y);
    switch (phase) {
      case Phase.Lift:
        target.x = t.x;
        target.y = t.y;
        if (t.z > LIFTED) phase = Phase.Travel;
        break;
      case Phase.Travel:
        // Down while still moving once the rest of the way is clear at push height.
        if (clearPath(t.x, t.y, target.x, target.y, tx, ty, c, s, 0)) target.z = PUSH_HEIGHT;
        if (off < ARRIVED) {
          if (low) {
            phase = Phase.Push;
            this.pushBest[e] = weighed;
          } else phase = Phase.Descend;
        }
        break;
      case Phase.Slide:
        target.z = PUSH_HEIGHT;
        if (off < ARRIVED) {
          phase = Phase.Push;
          this.pushBest[e] = weighed;
        }
        else if (!clearPath(t.x, t.y, target.x, target.y, tx, ty, c, s)) phase = Phase.Lift;
        break;
      case Phase.Descend:
        target.z = PUSH_HEIGHT;
        if (off > 2 * ARRIVED) phase = Phase.Lift;
        else if (t.z < PUSH_HEIGHT + DOWN) {
          phase = Phase.Push;
          this.pushBest[e] = weighed;
        }
        break;
      case Phase.Push: {
        // Into the face, as far as the remaining error asks; a stick that lost the face goes round again.
        const step = Math.min(MAX_PUSH, Math.max(MIN_PUSH, PUSH_GAIN * err)) * 0.1;
        const along = (t.x - px) * dx + (t.y - py) * dy;
        const side = Math.abs((t.x - px) * dy - (t.y - py) * dx);
        target.x = t.x + dx * step;
        target.y = t.y + dy * step;
        // Back onto the line through the face's point.
        const lateral = (px - t.x) * -dy + (py - t.y) * dx;
        target.x += -dy * lateral;
        target.y += dx * lateral;
        target.z = PUSH_HEIGHT;
        speed = MAX_PUSH;
        if (err < DONE || (err < HOLD_ERROR && this.overlap.of(tx, ty, teeYaw(qw, qz)) >= HOLD)) {
          target.x = t.x;
          target.y = t.y;
        }
        if (side > 0.02 || along < -STANDOFF - 0.02) phase = Phase.Choose;
        break;
      }
    }
    this.phase[e] = phase;
    writeEeDeltaPose(out, at, t, target, speed, pointDownAnyYawError(o, base + tcp + 3, this.tilt));
  }
}

function wrap(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}

/** How well pushing `k` would move the T toward the goal: cosine of its motion with the error (yaw error times its weight in `turn`). */
function score(k: Contact, c: number, s: number, ex: number, ey: number, turn: number): number {
  const dx = -(c * k.nx - s * k.ny);
  const dy = -(s * k.nx + c * k.ny);
  const rx = c * (k.x - CENTROID.x) - s * (k.y - CENTROID.y);
  const ry = s * (k.x - CENTROID.x) + c * (k.y - CENTROID.y);
  const w = (rx * dy - ry * dx) / C;
  const m = Math.hypot(dx, dy, w);
  const n = Math.hypot(ex, ey, turn);
  return n < 1e-9 ? 0 : (dx * ex + dy * ey + w * turn) / (m * n);
}

/** The best place to push, leaving out `barred` and its neighbours. */
function bestContact(c: number, s: number, ex: number, ey: number, turn: number, barred: number): { index: number; score: number } {
  let index = 0;
  let top = -Infinity;
  for (let i = 0; i < CONTACTS.length; i++) {
    if (barred >= 0 && Math.abs(i - barred) <= 1) continue;
    const v = score(CONTACTS[i]!, c, s, ex, ey, turn);
    if (v > top) {
      top = v;
      index = i;
    }
  }
  return { index, score: top };
}

/**
 * Whether the stick can go from (ax, ay) to (bx, by) at push height, world frame, clear of the T
 * at (tx, ty) turned by (c, s); `from` 1 lets the start touch the T (a stick leaving its face).
 */
function clearPath(ax: number, ay: number, bx: number, by: number, tx: number, ty: number, c: number, s: number, from = 1): boolean {
  const n = 12;
  for (let i = from; i <= n; i++) {
    const wx = ax + ((bx - ax) * i) / n - tx;
    const wy = ay + ((by - ay) * i) / n - ty;
    if (distanceToTee(c * wx + s * wy, -s * wx + c * wy) < SLIDE_CLEARANCE) return false;
  }
  return true;
}

/** Distance from a point to the T (0 inside), in the T's frame. */
function distanceToTee(x: number, y: number): number {
  let d = Infinity;
  for (const p of TEE_PARTS) {
    const qx = Math.max(0, Math.abs(x - p.at.x) - p.halfExtents.x);
    const qy = Math.max(0, Math.abs(y - p.at.y) - p.halfExtents.y);
    d = Math.min(d, Math.hypot(qx, qy));
  }
  return d;
}

// Places on the outline every centimetre or so, kept where the waiting stick clears every other face.
const CONTACTS: readonly Contact[] = (() => {
  const [bar, stem] = TEE_PARTS;
  const bx = bar.halfExtents.x;
  const by0 = bar.at.y - bar.halfExtents.y;
  const by1 = bar.at.y + bar.halfExtents.y;
  const sx = stem.halfExtents.x;
  const sy1 = stem.at.y + stem.halfExtents.y;
  const edges: [number, number, number, number, number, number][] = [
    // x0, y0, x1, y1, nx, ny
    [-bx, by0, bx, by0, 0, -1],
    [-bx, by0, -bx, by1, -1, 0],
    [bx, by0, bx, by1, 1, 0],
    [-bx, by1, -sx, by1, 0, 1],
    [sx, by1, bx, by1, 0, 1],
    [-sx, by1, -sx, sy1, -1, 0],
    [sx, by1, sx, sy1, 1, 0],
    [-sx, sy1, sx, sy1, 0, 1],
  ];
  const out: Contact[] = [];
  for (const [x0, y0, x1, y1, nx, ny] of edges) {
    const len = Math.hypot(x1 - x0, y1 - y0);
    const n = Math.max(1, Math.round(len / 0.01));
    for (let i = 0; i <= n; i++) {
      const x = x0 + ((x1 - x0) * i) / n;
      const y = y0 + ((y1 - y0) * i) / n;
      const wx = x + nx * STANDOFF;
      const wy = y + ny * STANDOFF;
      if (distanceToTee(wx, wy) < CLEARANCE) continue;
      // The stick touching here must touch this face only: a centre one radius out, clear of the rest.
      if (distanceToTee(x + nx * STICK_RADIUS, y + ny * STICK_RADIUS) < STICK_RADIUS - 1e-9) continue;
      if (Math.abs(x - x0) + Math.abs(y - y0) < 0.004 || Math.abs(x - x1) + Math.abs(y - y1) < 0.004) continue;
      out.push({ x, y, nx, ny });
    }
  }
  return out;
})();

/** The candidate places the expert pushes at (for tests). */
export function pushTContacts(): readonly Contact[] {
  return CONTACTS;
}

