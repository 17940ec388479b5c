import { pose } from '../../math/pose.js';
import type { ObservationDict } from '../env.js';
import type { TaskWorld } from '../task-world.js';

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

// Meta-World normalizes the finger separation by 0.1 m and clips it to [0, 1].
const GRIPPER_SPAN = 0.1;

/** The observation's gripper entry: finger separation / 0.1 m, clipped to [0, 1]. */
export function gripperDistanceApart(world: TaskWorld): number {
  return Math.min(1, Math.max(0, (world.fingerQ[0]! + world.fingerQ[1]!) / GRIPPER_SPAN));
}

/**
 * The frame stacking of Meta-World's observation. A frame is the TCP position, the normalized
 * finger separation, the object's position and quaternion (x, y, z, w, as Meta-World's scipy
 * conversion gives it) and a second object's 7 numbers (zeros: these tasks have one object).
 * The previous frame is the one the last observation showed; at reset it equals the current one.
 */
export class MetaWorldFrames {
  private readonly prev = new Float32Array(18);
  private readonly current = new Float32Array(18);
  private fresh = true;
  private readonly object = pose();

  constructor(private readonly objectName: string) {}

  /** A new episode: the next observation's previous frame is its own. */
  reset(): void {
    this.fresh = true;
  }

  /** Write the 39 numbers for the world's state and `goal` into `out`'s arrays, then remember this frame. */
  observe(world: TaskWorld, goal: { x: number; y: number; z: number }, out: ObservationDict): void {
    const c = this.current;
    const tcp = world.tcp.p;
    const { p, q } = world.objectPose(this.objectName, this.object);
    c[0] = tcp.x;
    c[1] = tcp.y;
    c[2] = tcp.z;
    c[3] = gripperDistanceApart(world);
    c[4] = p.x;
    c[5] = p.y;
    c[6] = p.z;
    c[7] = q.x;
    c[8] = q.y;
    c[9] = q.z;
    c[10] = q.w;
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
    g[0] = goal.x;
    g[1] = goal.y;
    g[2] = goal.z;
    this.prev.set(c);
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
