import type { BoxSpace } from '../../tasks/space.js';
import type { PolicyResetOptions } from '../policy.js';
import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// Heights are the TCP's; the puck is 0.03 m thick and the fingertips reach 1 cm below the TCP.
// Coming to the puck and leaving it, the hand stays this low: clear of the puck's top, and below
// the net's crossbar (0.166 m up), which the palm (up to 0.103 m above the TCP) and the wrist
// would otherwise reach in front of the mouth; near the robot the Panda also cannot hold its hand
// pointing down higher up (joint 4 reaches its limit at y < 0.49, z 0.1).
const ABOVE = 0.06;
const DONE_HEIGHT = 0.05;
// Pushing a face: the fingertips 4 mm above the table.
const PUSH_HEIGHT = 0.014;
// Dragging: the shut fingertips 3 mm into the puck's top, so that they grip it.
const DRAG_HEIGHT = 0.037;
// The open fingers' outer faces reach 0.06 m along y from the TCP, their faces 0.01 m along x.
const OPEN_REACH = 0.06;
const FINGER_HALF = 0.01;
const PUCK_HALF = 0.05;
// Stand off a face by this much more coming down.
const CLEARANCE = 0.015;
const XY_TOLERANCE = 0.006;
const Z_TOLERANCE = 0.004;
// Off its place on the puck by more than this, the hand starts over.
const LOST = 0.03;
// Meta-World's action moves the hand 0.01 m per unit.
const STEP = 0.01;

/** One leg of a plate expert's plan: from where on the puck the hand moves it, and to where. */
export interface PlateLeg {
  /** The TCP's place relative to the puck's centre while moving it, m (its height is absolute). */
  hold(puck: Readonly<Xyz>, goal: Readonly<Xyz>): Xyz;
  /** The puck's aim for this step. */
  aim(puck: Readonly<Xyz>, goal: Readonly<Xyz>): Xyz;
  /** Whether this leg is over. */
  done(puck: Readonly<Xyz>, goal: Readonly<Xyz>): boolean;
  /** The most the hand moves a step, in action units (1 = 0.01 m). */
  speed: number;
}

/** How a plate expert moves the puck: its legs in order, and how. */
export interface PlatePlan {
  /** 'push': a face with the fingers open (-1); 'drag': pressing on the top with them shut (+1). */
  mode: 'push' | 'drag';
  legs: readonly PlateLeg[];
  /** The lowest x the TCP may take (the side shot keeps the arm out of the net's mouth). */
  minTcpX?: number;
}

// plate-slide: the net's mouth is 0.0685 m in front of the goal, its posts 0.1 m either side
// (0.042 m of play for the puck). The puck cannot turn, and a finger on its back face carries it
// sideways only as far as friction allows, so it is first pushed along x, by a side face, to the
// goal's x, then along y into the net, to 0.02 m short of the goal: further, the arm's wrist
// (link 7, 4.5 cm about the TCP, 0.13 m behind the puck here) would reach the crossbar.
const ALIGNED = 0.01;
const SHORT = 0.02;
const side = (p: Readonly<Xyz>, g: Readonly<Xyz>) => (g[0] > p[0] ? 1 : -1);

/** plate-slide-v3: push the puck along x to the goal's x, then along y into the net. */
export const PLATE_SLIDE: PlatePlan = {
  mode: 'push',
  legs: [
    {
      hold: (p, g) => [-side(p, g) * (PUCK_HALF + FINGER_HALF), 0, PUSH_HEIGHT],
      aim: (p, g) => [g[0] - side(p, g) * 0.005, p[1], p[2]],
      done: (p, g) => Math.abs(g[0] - p[0]) < ALIGNED,
      speed: 0.25,
    },
    {
      hold: () => [0, -(PUCK_HALF + OPEN_REACH), PUSH_HEIGHT],
      aim: (_p, g) => [g[0], g[1] - SHORT + 0.01, g[2]],
      done: (p, g) => p[1] >= g[1] - SHORT,
      speed: 0.5,
    },
  ],
};

// plate-slide-side: the net's mouth faces +x; the Panda's hand (0.2 m along y, as wide as the
// mouth) and wrist cannot follow the puck in, so the TCP stops 4.5 cm (the wrist's radius) clear
// of the crossbar and the puck, pushed at full speed, coasts on past every goal's x.
const SIDE_STOP = -0.175;

/** plate-slide-side-v3: push the puck's +x face at full speed and let it coast into the net. */
export const PLATE_SLIDE_SIDE: PlatePlan = {
  mode: 'push',
  legs: [
    {
      hold: () => [PUCK_HALF + FINGER_HALF, 0, PUSH_HEIGHT],
      aim: (p) => [SIDE_STOP - 0.1, p[1], p[2]],
      // Past where the fingers can follow: it coasts on.
      done: (p) => p[0] < SIDE_STOP - PUCK_HALF - FINGER_HALF - 0.005,
      speed: 1,
    },
  ],
  minTcpX: SIDE_STOP,
};

// The back tasks: press on the part of the puck outside the net's mouth, 2 cm in from its outer
// edge (the wrist then stays clear of the crossbar), and drag it to the goal; the y stop holds it
// at the goal's y = 0.6 in plate-slide-back.
const IN_FROM_EDGE = 0.02;
const DRAG_DONE = 0.008;
const drag = (hold: Xyz): PlateLeg => ({
  hold: () => hold,
  aim: (_p, g) => [g[0], g[1], g[2]],
  done: (p, g) => Math.hypot(p[0] - g[0], p[1] - g[1]) < DRAG_DONE,
  speed: 0.4,
});

/** plate-slide-back-v3: drag the puck by its top toward the robot, to the goal. */
export const PLATE_SLIDE_BACK: PlatePlan = { mode: 'drag', legs: [drag([0, -(PUCK_HALF - IN_FROM_EDGE), DRAG_HEIGHT])] };

/** plate-slide-back-side-v3: drag the puck by its top along +x, out of the net, to the goal. */
export const PLATE_SLIDE_BACK_SIDE: PlatePlan = { mode: 'drag', legs: [drag([PUCK_HALF - IN_FROM_EDGE, 0, DRAG_HEIGHT])] };

const enum Phase {
  Above,
  Down,
  Move,
}

/**
 * A scripted expert for Meta-World's plate-slide tasks in its 4-d action, in the phases of
 * Meta-World's policies: for each leg of the plan, over the place on the puck the leg holds the
 * hand at, down to it, then move the puck (pushing a face, or pressing on its top and dragging
 * it) along a straight line; lift off once the last leg is over. A hand that loses its place
 * goes back up and comes down again. Reads hand_pos, obj_pose and goal_pos.
 */
export class PlateSlideExpert extends MetaWorldExpert {
  /**
   * @param observationSpace the env's flat observation space.
   * @param plan the task's plan: PLATE_SLIDE, PLATE_SLIDE_SIDE, PLATE_SLIDE_BACK or PLATE_SLIDE_BACK_SIDE.
   */
  constructor(observationSpace: BoxSpace, private readonly plan: PlatePlan) {
    super(observationSpace);
  }

  /** The leg each env is on. */
  private leg = new Uint8Array(0);

  override reset(options: PolicyResetOptions | number = {}): void {
    super.reset(options);
    if (typeof options === 'number' || !options.envs) this.leg = new Uint8Array(typeof options === 'number' ? options : 0);
    else for (const e of options.envs) this.leg[e] = 0;
  }

  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const plan = this.plan;
    if (this.leg.length !== this.phase.length) this.leg = new Uint8Array(this.phase.length);
    const tcp = this.tcp(o, b);
    const puck = this.obj(o, b);
    const goal = this.goal(o, b);
    const leg = plan.legs[this.leg[e]!];
    const gripper = plan.mode === 'push' ? -1 : 1;
    if (!leg) return moveStraight([tcp[0], tcp[1], DONE_HEIGHT], tcp, 1, gripper, out, at);
    const h = leg.hold(puck, goal);
    // Coming down to a face, stand off it a little more.
    const off = plan.mode === 'push' ? CLEARANCE : 0;
    const place: Xyz = [puck[0] + h[0] + Math.sign(h[0]) * off, puck[1] + h[1] + Math.sign(h[1]) * off, h[2]];
    if (plan.minTcpX !== undefined) place[0] = Math.max(plan.minTcpX, place[0]);
    let aim = this.overThenDown(e, place, tcp, ABOVE, Phase.Move, XY_TOLERANCE, Z_TOLERANCE) ?? place;
    let speed = 1;
    switch (this.phase[e] as Phase) {
      case Phase.Move: {
        const p = leg.aim(puck, goal);
        aim = [p[0] + h[0], p[1] + h[1], h[2]];
        if (plan.minTcpX !== undefined) aim[0] = Math.max(plan.minTcpX, aim[0]);
        speed = leg.speed;
        if (leg.done(puck, goal)) {
          this.leg[e]!++;
          this.phase[e] = Phase.Above;
        } else if (Math.hypot(puck[0] + h[0] - tcp[0], puck[1] + h[1] - tcp[1]) > LOST) this.phase[e] = Phase.Above;
        break;
      }
    }
    // Going to a place, first rise (or come down) to ABOVE, then move across.
    if (this.phase[e] === Phase.Above && Math.abs(tcp[2] - ABOVE) > 0.01 && Math.hypot(place[0] - tcp[0], place[1] - tcp[1]) > XY_TOLERANCE) aim = [tcp[0], tcp[1], ABOVE];
    moveStraight(aim, tcp, speed, gripper, out, at);
  }
}

// Move toward `aim`, closing half the remaining distance a step: across along the straight line,
// its larger axis at most `speed` (action units; a dragged or pushed puck follows the hand only
// while the sideways part of its motion is within the contact's friction), and up or down apart
// from that (a dragging hand keeps pressing).
function moveStraight(aim: Readonly<Xyz>, tcp: Readonly<Xyz>, speed: number, gripper: number, out: Float32Array, at: number): void {
  const dx = (0.5 * (aim[0] - tcp[0])) / STEP;
  const dy = (0.5 * (aim[1] - tcp[1])) / STEP;
  const largest = Math.max(Math.abs(dx), Math.abs(dy));
  const scale = largest > speed ? speed / largest : 1;
  out[at] = dx * scale;
  out[at + 1] = dy * scale;
  out[at + 2] = Math.min(1, Math.max(-1, (0.5 * (aim[2] - tcp[2])) / STEP));
  out[at + 3] = gripper;
}
