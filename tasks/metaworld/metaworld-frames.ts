import { pose } from '../../math/pose.js';
import type { ObservationDict } from '../env.js';
import { type Quat, multiply, quat, rotate } from '../../math/quat.js';
import { type Vec3, add, vec3 } from '../../math/vec3.js';
import type { TaskWorld } from '../task-world.js';
import { handPosition } from './metaworld-hand.js';

/** Meta-World's 39-d observation: this frame, the previous frame, the goal. */
export const METAWORLD_FIELDS = [
  { key: 'hand_pos', size: 3 },
  { key: 'gripper_distance_apart', size: 1 },
  { key: 'obj_pose', size: 7 },
  { key: 'obj2_pose', size: 7 },
  { key: 'prev_hand_pos', size: 3 },
  { key: 'prev_gripper_distance_apart', size: 1 },
  { key: 'prev_obj_pose', size: 7 },
  { key: 'prev_obj2_pose', size: 7 },
  { key: 'goal_pos', size: 3 },
] as const;

// Meta-World's entry is the distance between its two claw bodies / 0.1 m, clipped to [0, 1]:
// about 1.0 open and 0.3 shut, since the claws' origins stay 3 cm apart when the pads touch.
// The Panda's pads separate by 0 to 0.08 m; mapped linearly onto that 0.03-0.1 m claw span.
const CLAW_NORMALIZER = 0.1;
const CLAW_SHUT = 0.03;
const CLAW_OPEN = 0.1;
const PANDA_OPEN = 0.08;

/** The observation's gripper entry on Meta-World's scale: 1.0 open, 0.3 shut. */
export function gripperDistanceApart(world: TaskWorld): number {
  const separation = world.fingerQ[0]! + world.fingerQ[1]!;
  const claws = CLAW_SHUT + (separation * (CLAW_OPEN - CLAW_SHUT)) / PANDA_OPEN;
  return Math.min(1, Math.max(0, claws / CLAW_NORMALIZER));
}

// Meta-World clips every observation to its observation space: the hand to this box, the goal
// to the task's goal box (the objects are unbounded).
const HAND_LOW = [-0.525, 0.348, -0.0525] as const;
const HAND_HIGH = [0.525, 1.025, 0.7] as const;

/**
 * How a task's Meta-World source fills obs[7:11], the object's quaternion: from the observed
 * body's rotation times a fixed `offset` (a geom's or a parent's frame the armkit body lacks),
 * written x, y, z, w (scipy's as_quat, most tasks) or w, x, y, z (MuJoCo's xquat, which some
 * read raw), four zeros (tasks whose _get_quat_objects returns np.zeros(4)), or (1, 0, 0, 0)
 * ('upright': tasks that read the raw xquat of an upright fixed body, the faucet's or the
 * dial's base, or return that constant).
 */
export interface ObservedQuat {
  order: 'xyzw' | 'wxyz' | 'zeros' | 'upright';
  offset?: Quat;
}

const BODY_XYZW: ObservedQuat = { order: 'xyzw' };

/**
 * The frame stacking of Meta-World's observation. A frame is the hand's position (Meta-World's
 * hand body, HAND_TCP_OFFSET above the TCP), the normalized
 * finger separation, the object's position and quaternion (x, y, z, w, as Meta-World's scipy
 * conversion gives it) and a second object's 7 numbers (zeros: these tasks have one object).
 * The previous frame is the one the last observation showed; at reset it equals the current one.
 */
export class MetaWorldFrames {
  private readonly prev = new Float32Array(18);
  private readonly current = new Float32Array(18);
  private fresh = true;
  private readonly object = pose();
  private readonly hand = vec3();
  private readonly at = vec3();
  private readonly rotated = quat();

  /**
   * @param goalBox the task's goal box, which the observed goal is clipped to.
   * @param site the observed point in the object's frame (peg-insert-side reports its peg's
   *   grasp site), its origin by default.
   * @param quat how obs[7:11] is written; the body's rotation x, y, z, w by default.
   */
  constructor(
    private readonly objectName: string,
    private readonly goalBox: { low: Vec3; high: Vec3 },
    private readonly site: Vec3 | null = null,
    private readonly quat: ObservedQuat = BODY_XYZW,
  ) {}

  /** A new episode: the next observation's previous frame is its own. */
  reset(): void {
    this.fresh = true;
  }

  /** Write the 39 numbers for the world's state and `goal` into `out`'s arrays, then remember this frame. */
  observe(world: TaskWorld, goal: { x: number; y: number; z: number }, out: ObservationDict): void {
    const c = this.current;
    const hand = handPosition(world.tcp, this.hand);
    const { p, q } = world.objectPose(this.objectName, this.object);
    if (this.site) {
      rotate(q, this.site, this.at);
      add(p, this.at, p);
    }
    c[0] = clip(hand.x, HAND_LOW[0], HAND_HIGH[0]);
    c[1] = clip(hand.y, HAND_LOW[1], HAND_HIGH[1]);
    c[2] = clip(hand.z, HAND_LOW[2], HAND_HIGH[2]);
    c[3] = gripperDistanceApart(world);
    c[4] = p.x;
    c[5] = p.y;
    c[6] = p.z;
    this.writeQuat(q, c);
    if (this.fresh) this.prev.set(c);
    this.fresh = false;
    copyRange(c, 0, out['hand_pos']!);
    copyRange(c, 3, out['gripper_distance_apart']!);
    copyRange(c, 4, out['obj_pose']!);
    copyRange(c, 11, out['obj2_pose']!);
    copyRange(this.prev, 0, out['prev_hand_pos']!);
    copyRange(this.prev, 3, out['prev_gripper_distance_apart']!);
    copyRange(this.prev, 4, out['prev_obj_pose']!);
    copyRange(this.prev, 11, out['prev_obj2_pose']!);
    const g = out['goal_pos']!;
    const { low, high } = this.goalBox;
    g[0] = clip(goal.x, low.x, high.x);
    g[1] = clip(goal.y, low.y, high.y);
    g[2] = clip(goal.z, low.z, high.z);
    this.prev.set(c);
  }

  // obs[7:11] into the current frame, as the task's source writes it.
  private writeQuat(body: Quat, c: Float32Array): void {
    const { order, offset } = this.quat;
    if (order === 'zeros' || order === 'upright') {
      c.fill(0, 7, 11);
      if (order === 'upright') c[7] = 1;
      return;
    }
    const q = offset ? multiply(body, offset, this.rotated) : body;
    const wFirst = order === 'wxyz' ? 1 : 0;
    c[7 + 3 * (1 - wFirst)] = q.w;
    c[7 + wFirst] = q.x;
    c[8 + wFirst] = q.y;
    c[9 + wFirst] = q.z;
  }

  /** JSON state: the remembered frame and whether an episode just started. */
  getState(): unknown {
    return { prev: Array.from(this.prev), fresh: this.fresh ? 1 : 0 };
  }

  /** Restore getState()'s value. */
  setState(state: unknown): void {
    const s = state as { prev: number[]; fresh: number };
    this.prev.set(s.prev);
    this.fresh = s.fresh === 1;
  }
}

// Copy out.length floats of `from` starting at `at` (no subarray views: a step allocates nothing).
function copyRange(from: Float32Array, at: number, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = from[at + i]!;
}

function clip(v: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, v));
}
