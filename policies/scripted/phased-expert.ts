import type { Pose } from '../../math/pose.js';
import { quat } from '../../math/quat.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import { yawOf } from '../../tasks/maniskill/table-top.js';
import { InvalidArgumentError } from '../../errors.js';
import type { BoxSpace } from '../../tasks/space.js';
import { ObservationLayout } from '../observation-layout.js';
import type { Policy, PolicyResetOptions } from '../policy.js';

/**
 * The batching shared by the scripted experts: one phase and one step counter per env of a
 * batch, and an action per row of the flat state written by actOne(). Experts read the env's
 * own flat frames, so their layout is the env's observation space.
 */
export abstract class PhasedExpert implements Policy {
  /** Length of the action vector (pd_ee_delta_pose: 6 + gripper). */
  readonly actionDim: number = 7;
  readonly layout: ObservationLayout;
  /** The env's flat observation space: a subclass names the fields it reads from it (fieldOffsets). */
  protected readonly space: BoxSpace;
  protected phase = new Uint8Array(0);
  protected counter = new Uint16Array(0);
  private readonly obsDim: number;

  /** @param observationSpace the env's flat observation space. */
  constructor(observationSpace: BoxSpace) {
    this.space = observationSpace;
    this.obsDim = observationSpace.size;
    this.layout = ObservationLayout.fromFields(observationSpace.fields);
  }

  /** Start new episodes: every env (the next act() sizes the batch), or only `options.envs`. */
  reset(options: PolicyResetOptions | number = {}): void {
    if (typeof options === 'number') return this.resize(options);
    if (!options.envs) return this.resize(0);
    for (const e of options.envs) {
      this.phase[e] = 0;
      this.counter[e] = 0;
    }
  }

  /** Actions for a batch of observations (n rows of the flat state), written to `target`. */
  act(obs: Float32Array | Readonly<Record<string, Float32Array>>, n = 1, target: Float32Array = new Float32Array(n * this.actionDim)): Float32Array {
    if (!(obs instanceof Float32Array)) throw new InvalidArgumentError(`${this.constructor.name}: expected flat observation frames, got observations by key`);
    if (this.phase.length !== n) this.resize(n);
    for (let e = 0; e < n; e++) this.actOne(obs, e * this.obsDim, e, target, e * this.actionDim);
    return target;
  }

  /** Nothing to free. */
  async dispose(): Promise<void> {}

  async [Symbol.asyncDispose](): Promise<void> {}

  /** Write env `e`'s action at `out[at..]` from its state row at `o[base..]`. */
  protected abstract actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void;

  private resize(n: number): void {
    this.phase = new Uint8Array(n);
    this.counter = new Uint16Array(n);
  }
}

/** The pose (xyz, then quaternion wxyz) at `o[at..at+7)` of a flat observation, into `target`. */
export function readPose(o: Float32Array, at: number, target: Pose): Pose {
  target.p.x = o[at]!;
  target.p.y = o[at + 1]!;
  target.p.z = o[at + 2]!;
  target.q = quat(o[at + 3]!, o[at + 4]!, o[at + 5]!, o[at + 6]!);
  return target;
}

/** The position (xyz) at `o[at..at+3)` of a flat observation, as a new Vec3. */
export function readPosition(o: Float32Array, at: number): Vec3 {
  return vec3(o[at]!, o[at + 1]!, o[at + 2]!);
}

/** The yaw about world z (rad) of the pose (xyz, then quaternion wxyz) at `o[at..at+7)` of a flat observation. */
export function readYaw(o: Float32Array, at: number): number {
  return yawOf(o[at + 3]!, o[at + 4]!, o[at + 5]!, o[at + 6]!);
}

/** Offsets of named fields of a flat observation space, e.g. `{ tcp: 'tcp_pose' }`: what an expert reads. */
export function fieldOffsets<K extends string>(space: BoxSpace, fields: Record<K, string>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of Object.keys(fields) as K[]) out[k] = space.field(fields[k]).offset;
  return out;
}
