import type { Vec3 } from '../../math/vec3.js';
import { DetectorError } from '../hardware-errors.js';
import type { Detection, Detector, DetectorInput } from './detector.js';

/** Which point is tested, and the region: a fixed box, or a box around another observation key. */
export interface PoseRegionConfig {
  kind: 'pose';
  /** "tcp", or an observation key whose first three entries are a position (e.g. "obj_pose"). */
  point: string;
  /** A fixed world-frame box... */
  box?: { low: Vec3; high: Vec3 };
  /** ...or a box of this half-extent (m) around the position in this key (e.g. "goal_pos"). */
  around?: { key: string; halfExtent: number };
}

/** Success while a point (the TCP or an object) lies inside a region. */
export class PoseRegionDetector implements Detector {
  constructor(readonly config: PoseRegionConfig) {
    if (!config.box === !config.around) throw new DetectorError('pose detector: give exactly one of box and around');
  }

  reset(): void {}

  detect(input: DetectorInput): Detection {
    const c = this.config;
    const p = this.position(input, c.point);
    let inside: boolean;
    if (c.box) {
      const { low, high } = c.box;
      inside = p[0] >= low.x && p[0] <= high.x && p[1] >= low.y && p[1] <= high.y && p[2] >= low.z && p[2] <= high.z;
    } else {
      const a = c.around!;
      const q = this.position(input, a.key);
      inside = Math.abs(p[0] - q[0]) <= a.halfExtent && Math.abs(p[1] - q[1]) <= a.halfExtent && Math.abs(p[2] - q[2]) <= a.halfExtent;
    }
    return { success: inside, reward: inside ? 1 : 0, confidence: 1 };
  }

  private position(input: DetectorInput, key: string): [number, number, number] {
    if (key === 'tcp') {
      const t = input.observation.tcp.p;
      return [t.x, t.y, t.z];
    }
    const v = input.views.get(key) ?? input.observation.extras.get(key);
    if (!v || v.length < 3) throw new DetectorError(`pose detector: observation '${key}' is missing or shorter than 3`);
    return [v[0]!, v[1]!, v[2]!];
  }
}
