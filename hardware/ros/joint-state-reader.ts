import type { DriverObservation } from '../robot-driver.js';

/**
 * Reads sensor_msgs/JointState messages into an observation, by joint name: the robot may list
 * its joints in any order and add others. A message that is not a well-formed JointState with
 * finite positions for every configured joint is refused with a reason and changes nothing; a
 * missing or non-finite velocity reads as 0.
 */
export class JointStateReader {
  private cachedNames: string[] = [];
  private readonly index: Int32Array;

  /** @param joints robot-side names: arm joints, then fingers, in the description's order. */
  constructor(private readonly joints: readonly string[], private readonly armCount: number) {
    this.index = new Int32Array(joints.length).fill(-1);
  }

  /**
   * Write the message's joints into obs (positions, velocities, stamp).
   * @returns null when read, else why the message was refused.
   */
  read(msg: unknown, obs: DriverObservation, receivedAt: number): string | null {
    if (typeof msg !== 'object' || msg === null) return `expected a JointState object, got ${typeof msg}`;
    const m = msg as Record<string, unknown>;
    const name = m['name'];
    const position = m['position'];
    const velocity = m['velocity'];
    if (!Array.isArray(name) || !Array.isArray(position)) return 'expected name[] and position[]';
    if (position.length !== name.length) return `name[] has ${name.length} entries, position[] ${position.length}`;
    const hasVel = Array.isArray(velocity) && velocity.length === name.length;
    if (!this.sameNames(name)) {
      const why = this.map(name);
      if (why) return why;
    }
    const n = this.joints.length;
    for (let j = 0; j < n; j++) {
      const p = position[this.index[j]!];
      if (typeof p !== 'number' || !Number.isFinite(p)) return `position of ${this.joints[j]} is ${JSON.stringify(p)}`;
    }
    const a = this.armCount;
    for (let j = 0; j < n; j++) {
      const p = position[this.index[j]!] as number;
      // rosbridge writes NaN and Inf as null, and grippers often report NaN velocities: a
      // velocity that is not a finite number reads as 0 (positions must be finite).
      const raw = hasVel ? (velocity as unknown[])[this.index[j]!] : 0;
      const v = typeof raw === 'number' && Number.isFinite(raw) ? raw : 0;
      if (j < a) {
        obs.armQ[j] = p;
        obs.armQd[j] = v;
      } else {
        obs.gripperQ[j - a] = p;
        obs.gripperQd[j - a] = v;
      }
    }
    obs.stamp = stampMs(m['header']) || receivedAt;
    obs.receivedAt = receivedAt;
    return null;
  }

  private sameNames(name: unknown[]): boolean {
    const c = this.cachedNames;
    if (c.length !== name.length) return false;
    for (let i = 0; i < c.length; i++) if (c[i] !== name[i]) return false;
    return true;
  }

  private map(name: unknown[]): string | null {
    if (name.some((x) => typeof x !== 'string')) return 'name[] holds a non-string';
    for (let j = 0; j < this.joints.length; j++) {
      const k = name.indexOf(this.joints[j]);
      if (k < 0) {
        this.cachedNames = [];
        return `joint ${this.joints[j]} missing from name[]`;
      }
      this.index[j] = k;
    }
    this.cachedNames = name as string[];
    return null;
  }
}

/** A ROS 1 ({secs, nsecs}) or ROS 2 ({sec, nanosec}) header stamp as epoch ms; 0 when absent. */
export function stampMs(header: unknown): number {
  if (typeof header !== 'object' || header === null) return 0;
  const s = (header as Record<string, unknown>)['stamp'] as Record<string, unknown> | undefined;
  if (!s) return 0;
  const secs = (s['secs'] ?? s['sec']) as number;
  const nsecs = (s['nsecs'] ?? s['nanosec']) as number;
  if (typeof secs !== 'number' || typeof nsecs !== 'number') return 0;
  return secs * 1000 + nsecs / 1e6;
}
