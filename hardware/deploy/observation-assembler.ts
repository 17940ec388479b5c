import type { ObservationLayout } from '../../policies/observation-layout.js';
import { DeployError } from '../hardware-errors.js';
import type { DriverObservation } from '../robot-driver.js';

type Source = (obs: DriverObservation, out: Float32Array, at: number) => void;

/**
 * Builds a policy's flat observation frame from a driver observation, key by key in the model's
 * order: qpos and qvel (arm then fingers), tcp_pose (world xyz, wxyz), the driver's extras (object
 * pose, goal), and the relative vectors tcp_to_obj_pos and obj_to_goal_pos when the driver does
 * not provide them. A key nothing can provide is refused at construction, naming what exists.
 */
export class ObservationAssembler {
  /** The frame, rewritten by each assemble(). */
  readonly frame: Float32Array;
  /** Each key's view into the frame, for detectors and recording. */
  readonly views = new Map<string, Float32Array>();
  private readonly sources: { source: Source; offset: number; size: number }[] = [];

  /**
   * @param layout the policy's keys, sizes and order.
   * @param available keys the driver fills (observationFeatures keys).
   */
  constructor(readonly layout: ObservationLayout, available: readonly string[]) {
    this.frame = new Float32Array(layout.frameSize);
    layout.keys.forEach((k, i) => {
      const offset = layout.offsets[i]!;
      const size = layout.sizes[i]!;
      const source = pick(k.name, available);
      if (!source) {
        throw new DeployError(`the policy reads observation '${k.name}', which the driver cannot provide; it has: ${[...available, 'tcp_to_obj_pos (from obj_pose)', 'obj_to_goal_pos (from obj_pose, goal_pos)'].join(', ')}`);
      }
      this.sources.push({ source, offset, size });
      this.views.set(k.name, this.frame.subarray(offset, offset + size));
    });
  }

  /** Fill the frame from `obs`. @throws DeployError when an extra has the wrong size. */
  assemble(obs: DriverObservation): Float32Array {
    for (const s of this.sources) s.source(obs, this.frame, s.offset);
    return this.frame;
  }
}

function extra(obs: DriverObservation, key: string): Float32Array {
  const v = obs.extras.get(key);
  if (!v || v.length === 0) throw new DeployError(`observation '${key}' has not arrived from the robot yet`);
  return v;
}

function pick(key: string, available: readonly string[]): Source | null {
  switch (key) {
    case 'qpos':
      return (o, out, at) => {
        for (let i = 0; i < o.armQ.length; i++) out[at + i] = o.armQ[i]!;
        for (let i = 0; i < o.gripperQ.length; i++) out[at + o.armQ.length + i] = o.gripperQ[i]!;
      };
    case 'qvel':
      return (o, out, at) => {
        for (let i = 0; i < o.armQd.length; i++) out[at + i] = o.armQd[i]!;
        for (let i = 0; i < o.gripperQd.length; i++) out[at + o.armQd.length + i] = o.gripperQd[i]!;
      };
    case 'tcp_pose':
      return (o, out, at) => {
        const t = o.tcp;
        out[at] = t.p.x;
        out[at + 1] = t.p.y;
        out[at + 2] = t.p.z;
        out[at + 3] = t.q.w;
        out[at + 4] = t.q.x;
        out[at + 5] = t.q.y;
        out[at + 6] = t.q.z;
      };
  }
  if (available.includes(key)) return (o, out, at) => out.set(extra(o, key), at);
  if (key === 'tcp_to_obj_pos' && available.includes('obj_pose')) {
    return (o, out, at) => {
      const b = extra(o, 'obj_pose');
      out[at] = b[0]! - o.tcp.p.x;
      out[at + 1] = b[1]! - o.tcp.p.y;
      out[at + 2] = b[2]! - o.tcp.p.z;
    };
  }
  if (key === 'obj_to_goal_pos' && available.includes('obj_pose') && available.includes('goal_pos')) {
    return (o, out, at) => {
      const b = extra(o, 'obj_pose');
      const g = extra(o, 'goal_pos');
      for (let i = 0; i < 3; i++) out[at + i] = g[i]! - b[i]!;
    };
  }
  return null;
}
