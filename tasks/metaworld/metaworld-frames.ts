import type { Scene } from '../../sim/scene.js';
import type { ObservationDict } from '../env.js';

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
const fingers = new Float64Array(2);
const fingerVel = new Float64Array(2);

/** The observation's gripper entry: finger separation / 0.1 m, clipped to [0, 1]. */
export function gripperDistanceApart(scene: Scene): number {
  scene.arm.fingerState(fingers, fingerVel);
  return Math.min(1, Math.max(0, (fingers[0]! + fingers[1]!) / GRIPPER_SPAN));
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

  constructor(private readonly objectName: string) {}

  /** A new episode: the next observation's previous frame is its own. */
  reset(): void {
    this.fresh = true;
  }

  /** Write the 39 numbers for the scene's state and `goal`, then remember this frame. */
  observe(scene: Scene, goal: { x: number; y: number; z: number }, out: ObservationDict): void {
    const c = this.current;
    const tcp = scene.arm.tcpWorld().p;
    const body = scene.body(this.objectName);
    const p = body.translation();
    const q = body.rotation();
    c.set([tcp.x, tcp.y, tcp.z, gripperDistanceApart(scene), p.x, p.y, p.z, q.x, q.y, q.z, q.w, 0, 0, 0, 0, 0, 0, 0]);
    if (this.fresh) this.prev.set(c);
    this.fresh = false;
    out['hand_pos'] = c.slice(0, 3);
    out['gripper_distance_apart'] = c.slice(3, 4);
    out['obj_pose'] = c.slice(4, 11);
    out['obj2_pose'] = c.slice(11, 18);
    out['prev_hand_pos'] = this.prev.slice(0, 3);
    out['prev_gripper_distance_apart'] = this.prev.slice(3, 4);
    out['prev_obj_pose'] = this.prev.slice(4, 11);
    out['prev_obj2_pose'] = this.prev.slice(11, 18);
    out['goal_pos'] = Float32Array.of(goal.x, goal.y, goal.z);
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
