// The PushT expert's geometry and planning: the pushes it knows, where the stick starts one,
// which one to choose next, and how a planned turn moves the T. Pure functions of the T's pose.

import { TEE_PARTS } from '../../tasks/maniskill/push-t.js';

/** The stick's radius (m). */
export const STICK_RADIUS = 0.008;
// The stick waits this far behind its contact point along the push, and passes this far clear of the T.
const GAP = 0.012;
const SLIDE_CLEARANCE = STICK_RADIUS + 0.004;
/** Turn first until the yaw is this close (rad), then translate. */
export const TURN_DONE = 0.025;
/**
 * A translating push may turn the push direction this far (rad) from its face's inward normal:
 * within that cone the T follows the stick without turning (Rapier's friction, measured to 0.9).
 */
export const CONE = 0.8;
// A stick this far off its contact point (m) has lost it.
const LOST = 0.02;

/** A push: where on the T (its frame), the face's inward normal there, and whether it turns the T. */
export interface Contact {
  x: number;
  y: number;
  nx: number;
  ny: number;
  /** +1 or -1: the turn's sign for turning pushes (which go out along the face, `tx, ty`), 0 for translating ones. */
  turn: number;
  tx: number;
  ty: number;
  /** A turning push's drift: how far the T's origin goes per radian of turn, in the T's frame (measured). */
  dx: number;
  dy: number;
}

const [BAR, STEM] = TEE_PARTS;
const BAR_TOP = BAR.at.y - BAR.halfExtents.y;
const BAR_BOTTOM = BAR.at.y + BAR.halfExtents.y;
const STEM_END = STEM.at.y + STEM.halfExtents.y;
// How far out along the face a turning push at the bar's tip goes (rad from the inward normal).
const TURN_ANGLE = 0.7;
// One turning push turns the T at most this far before the next is chosen (its drift grows with the turn).
export const MAX_TURN = 2;
// The arm's base and how far from it (xy) the stick reaches at push height.
const BASE = { x: -0.615, y: 0 } as const;
const REACH = 0.76;
// Nearer the base than this the arm cannot bring the stick down to the table.
const NEAR = 0.28;
// The workspace's sides (SimConfig.workspace: |y| <= 0.5, x >= -0.45) less a little.
const WORKSPACE_Y = 0.48;
const WORKSPACE_X = -0.43;

/**
 * The pushes the expert uses, found by pushing the T in the sim: the T follows a stick that
 * pushes within about 0.9 rad of a face's normal without turning when the push passes near its
 * centre (translating pushes, one per side), and turns at 4-5.5 rad per metre when the stick
 * pushes the bar's outer face near a tip outward along it, or the stem's side near its end
 * (turning pushes, one per sense and place).
 */
export const CONTACTS: readonly Contact[] = [
  // Translating: the bar's outer face, the stem's end, the bar's two ends near the stem's side of it.
  { x: 0, y: BAR_TOP, nx: 0, ny: -1, turn: 0, tx: 0, ty: 0, dx: 0, dy: 0 },
  { x: 0, y: STEM_END, nx: 0, ny: 1, turn: 0, tx: 0, ty: 0, dx: 0, dy: 0 },
  { x: -BAR.halfExtents.x, y: BAR_BOTTOM - 0.0075, nx: -1, ny: 0, turn: 0, tx: 0, ty: 0, dx: 0, dy: 0 },
  { x: BAR.halfExtents.x, y: BAR_BOTTOM - 0.0075, nx: 1, ny: 0, turn: 0, tx: 0, ty: 0, dx: 0, dy: 0 },
  // Turning: the bar's outer face near each tip, out toward the tip.
  { x: 0.085, y: BAR_TOP, nx: 0, ny: -1, turn: 1, tx: 1, ty: 0, dx: 0.065, dy: 0.07 },
  { x: -0.085, y: BAR_TOP, nx: 0, ny: -1, turn: -1, tx: -1, ty: 0, dx: -0.065, dy: 0.07 },
  // Turning: the stem's sides near its end, straight in.
  { x: STEM.halfExtents.x, y: STEM_END - 0.0175, nx: 1, ny: 0, turn: 1, tx: 0, ty: 0, dx: -0.088, dy: 0 },
  { x: -STEM.halfExtents.x, y: STEM_END - 0.0175, nx: -1, ny: 0, turn: -1, tx: 0, ty: 0, dx: 0.088, dy: 0 },
];

/** An angle wrapped into [-pi, pi]. */
export function wrap(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}

/** The push's direction in the world: a turning push's fixed one, or a translating push's aim at the goal, inside the cone. */
export function direction(k: Contact, c: number, s: number, ex: number, ey: number): { x: number; y: number } {
  let bx: number;
  let by: number;
  if (k.turn !== 0) {
    const a = k.tx !== 0 || k.ty !== 0 ? TURN_ANGLE : 0;
    bx = -k.nx * Math.cos(a) + k.tx * Math.sin(a);
    by = -k.ny * Math.cos(a) + k.ty * Math.sin(a);
  } else {
    // The error in the T's frame, turned into the cone around the inward normal.
    const lx = c * ex + s * ey;
    const ly = -s * ex + c * ey;
    const inward = Math.atan2(-k.ny, -k.nx);
    let d = wrap(Math.atan2(ly, lx) - inward);
    d = Math.max(-CONE, Math.min(CONE, d));
    bx = Math.cos(inward + d);
    by = Math.sin(inward + d);
  }
  return { x: c * bx - s * by, y: s * bx + c * by };
}

/** Angle between the error and a face's inward normal, in the T's frame. */
export function angleToNormal(k: Contact, c: number, s: number, ex: number, ey: number): number {
  const lx = c * ex + s * ey;
  const ly = -s * ex + c * ey;
  return Math.abs(wrap(Math.atan2(ly, lx) - Math.atan2(-k.ny, -k.nx)));
}

/** Where the stick waits before a push, world frame: behind the contact along the push, one radius off the face. */
export function start(k: Contact, tx: number, ty: number, c: number, s: number, ex: number, ey: number): { x: number; y: number } {
  const u = direction(k, c, s, ex, ey);
  const px = k.x + k.nx * STICK_RADIUS;
  const py = k.y + k.ny * STICK_RADIUS;
  return { x: tx + c * px - s * py - u.x * GAP, y: ty + s * px + c * py - u.y * GAP };
}

/** How far the stick's surface is from the contact's face, along its normal (negative: pressed in). */
export function gapToFace(k: Contact, sx: number, sy: number, tx: number, ty: number, c: number, s: number): number {
  const wx = sx - tx;
  const wy = sy - ty;
  const lx = c * wx + s * wy;
  const ly = -s * wx + c * wy;
  return (lx - k.x) * k.nx + (ly - k.y) * k.ny - STICK_RADIUS;
}

/** The stick's offset from the contact point along the face (toward (ny, -nx) in the T's frame). */
export function alongFace(k: Contact, sx: number, sy: number, tx: number, ty: number, c: number, s: number): number {
  const wx = sx - tx;
  const wy = sy - ty;
  const lx = c * wx + s * wy;
  const ly = -s * wx + c * wy;
  return (lx - k.x) * k.ny - (ly - k.y) * k.nx;
}

/** Whether the stick has left its contact: too far off the face, or slid off the point along it. */
export function lostContact(k: Contact, sx: number, sy: number, tx: number, ty: number, c: number, s: number): boolean {
  return gapToFace(k, sx, sy, tx, ty, c, s) > LOST + GAP || Math.abs(alongFace(k, sx, sy, tx, ty, c, s)) > LOST;
}

/** What choose() picks: the push, its turn (rad; turning pushes), whether it first translates the T toward (x, y), and the plan's second turning place (-1: none). */
export interface Plan {
  index: number;
  turn: number;
  pre: boolean;
  x: number;
  y: number;
  next: number;
}

/**
 * The next push and, for a turning one, how far it may turn the T. While the yaw is off it plans
 * the rest of the turn as one turning place then the other of the same sense (each turns the T
 * about its own fixed point in the T's frame, found from its measured drift), at a few splits:
 * such a turn moves the T by the same amount wherever it starts, so the plan says where the T
 * should start for the turn to end at the goal. It takes the plan with the shortest way there
 * that keeps the T within the arm's reach, and translates the T there first (`pre`, toward
 * `x, y`) when that is more than PRE_TOL away. Else the translating face whose normal is nearest
 * the way to the goal (then the nearer).
 */
export function choose(sx: number, sy: number, tx: number, ty: number, yaw: number, ex: number, ey: number, eth: number, barred: number, mayMove: boolean): Plan {
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  if (Math.abs(eth) <= TURN_DONE) return { index: translating(sx, sy, tx, ty, c, s, ex, ey, barred), turn: 0, pre: false, x: 0, y: 0, next: -1 };
  let best = -1;
  let turn = MAX_TURN;
  let top = Infinity;
  let ox = tx;
  let oy = ty;
  let next = -1;
  const sense = Math.abs(eth);
  for (let i = 0; i < CONTACTS.length; i++) {
    if (i === barred) continue;
    const k = CONTACTS[i]!;
    if (k.turn !== Math.sign(eth)) continue;
    const w = start(k, tx, ty, c, s, ex, ey);
    const reach = Math.hypot(sx - w.x, sy - w.y) + (clearPath(sx, sy, w.x, w.y, tx, ty, c, s) ? 0 : 0.1);
    const j = CONTACTS.findIndex((o, n) => n !== i && o.turn === k.turn);
    const other = CONTACTS[j]!;
    for (const f of SPLITS) {
      const first = f * sense;
      const moved = turnPlan(0, 0, yaw, k, first, other, sense - first);
      const px = tx + ex - moved.x;
      const py = ty + ey - moved.y;
      const arc = turnPlan(px, py, yaw, k, first, other, sense - first);
      const way = Math.hypot(px - tx, py - ty);
      const here = way < PRE_TOL || !mayMove;
      if (!(here ? reachable(w.x, w.y, 0) : teeReachable(px, py))) continue;
      const cost = reach + way + OUT_OF_REACH * (arc.out + (teeReachable(px, py) ? 0 : 1)) + (f < 1 ? SPLIT_COST : 0);
      if (cost < top) {
        top = cost;
        best = i;
        turn = Math.min(MAX_TURN, Math.max(first, TURN_DONE));
        ox = here ? tx : px;
        oy = here ? ty : py;
        next = f < 1 ? j : -1;
      }
    }
  }
  if (best < 0) return { index: translating(sx, sy, tx, ty, c, s, ex, ey, barred), turn: 0, pre: true, x: tx + ex, y: ty + ey, next: -1 };
  if (ox === tx && oy === ty) return { index: best, turn, pre: false, x: 0, y: 0, next };
  return { index: translating(sx, sy, tx, ty, c, s, ox - tx, oy - ty, barred), turn: 0, pre: true, x: ox, y: oy, next: -1 };
}

/** The translating face whose normal is nearest the way (ex, ey), then the nearer for the stick. */
function translating(sx: number, sy: number, tx: number, ty: number, c: number, s: number, ex: number, ey: number, barred: number): number {
  let best = 0;
  let top = Infinity;
  for (let i = 0; i < CONTACTS.length; i++) {
    const k = CONTACTS[i]!;
    if (i === barred || k.turn !== 0) continue;
    const w = start(k, tx, ty, c, s, ex, ey);
    if (!reachable(w.x, w.y, 0)) continue;
    const reach = Math.hypot(sx - w.x, sy - w.y) + (clearPath(sx, sy, w.x, w.y, tx, ty, c, s) ? 0 : 0.1);
    const cost = angleToNormal(k, c, s, ex, ey) + reach;
    if (cost < top) {
      top = cost;
      best = i;
    }
  }
  return best;
}

// A pre-turn place this near the T (m) is where it is; a translation there is done this near.
const PRE_TOL = 0.1;
export const PRE_DONE = 0.015;
// At most this many translations to a pre-turn place an episode (the plan is made again after each push; 1 measured 84% against 89%).
export const PRE_MAX = 9;
// What a plan that turns with both places pays for the extra trip (m of way).
const SPLIT_COST = 0.04;
// The shares of the remaining turn the first turning place of a plan makes (the other the rest).
const SPLITS = [1, 0.75, 0.5, 0.25] as const;
// A plan's cost per sampled pose with the T out of the arm's reach (m of end error it is worth).
const OUT_OF_REACH = 0.05;
// The measured drifts run this much short of the drags long turns showed (0.12 m over 1 rad, against 0.095).
const DRAG_SCALE = 1.25;
// How near the T's origin may come to the limits of the arm's reach while it turns (its pushing places lie up to 0.12 m out).
const TURN_MARGIN = 0.08;

/**
 * Where turning the T by `a` with place `p` then `b` with place `q` leaves its origin, as each
 * place turns the T about a fixed point of its frame; `out` counts sampled poses out of reach.
 */
function turnPlan(x: number, y: number, yaw: number, p: Contact, a: number, q: Contact, b: number): { x: number; y: number; out: number } {
  let out = 0;
  for (const [k, total] of [[p, a], [q, b]] as const) {
    const n = Math.ceil(total / 0.15);
    const h = (k.turn * total) / Math.max(n, 1);
    // The fixed point: the origin moves by the drift per radian of turn, perpendicular to the way to it.
    const bx = -k.turn * k.dy * DRAG_SCALE;
    const by = k.turn * k.dx * DRAG_SCALE;
    for (let i = 0; i < n; i++) {
      const c = Math.cos(yaw);
      const s = Math.sin(yaw);
      const px = x + c * bx - s * by;
      const py = y + s * bx + c * by;
      const ch = Math.cos(h);
      const sh = Math.sin(h);
      const rx = x - px;
      const ry = y - py;
      x = px + ch * rx - sh * ry;
      y = py + sh * rx + ch * ry;
      yaw += h;
      if (!teeReachable(x, y)) out++;
    }
  }
  return { x, y, out };
}

/**
 * Whether the rest of a split turn (`eth`, rad) may go to the plan's second place `next` without
 * planning again: the stick reaches its start, the T stays within reach all the way, and the
 * turn is predicted to leave the T within CARRY_ON_WAY of the goal (`ex, ey` from the T).
 */
export function mayCarryOn(next: number, tx: number, ty: number, yaw: number, ex: number, ey: number, eth: number): boolean {
  const k = CONTACTS[next]!;
  if (k.turn !== Math.sign(eth)) return false;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const w = start(k, tx, ty, c, s, ex, ey);
  if (!reachable(w.x, w.y, 0)) return false;
  const end = turnPlan(tx, ty, yaw, k, Math.min(MAX_TURN, Math.abs(eth)), k, 0);
  return end.out === 0 && Math.hypot(tx + ex - end.x, ty + ey - end.y) < CARRY_ON_WAY;
}

// How far from the goal (m) the rest of a split turn may leave the T and still go on without a new
// plan (seeds 0..99 / 100..199 / 200..299: 0.03 95/93/95%, 0.05 94/93/96%, 0.1 89/93/-%, none 94/88/88%).
const CARRY_ON_WAY = 0.05;

/** Whether the stick reaches all round the T with its origin at (x, y): TURN_MARGIN inside the arm's reach either way. */
function teeReachable(x: number, y: number): boolean {
  const r = Math.hypot(x - BASE.x, y - BASE.y);
  return reachable(x, y, TURN_MARGIN) && r > NEAR + TURN_MARGIN;
}

/** Whether the stick reaches (x, y) at push height with `margin` (m) to spare: the arm's reach and the workspace's sides. */
function reachable(x: number, y: number, margin: number): boolean {
  const r = Math.hypot(x - BASE.x, y - BASE.y);
  return r < REACH - margin && r > NEAR && Math.abs(y) < WORKSPACE_Y - margin && x > WORKSPACE_X + margin;
}

/**
 * Whether the stick can go from (ax, ay) to (bx, by) at push height, world frame, clear of the T
 * at (tx, ty) turned by (c, s); `from` 1 lets the start touch the T (a stick leaving its face).
 */
export function clearPath(ax: number, ay: number, bx: number, by: number, tx: number, ty: number, c: number, s: number, from = 1): boolean {
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
