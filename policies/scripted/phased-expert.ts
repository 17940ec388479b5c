import type { BoxSpace } from '../../tasks/space.js';

/**
 * The batching shared by the scripted experts: one phase and one step counter per env of a
 * batch, reset together, and an action per row of the flat state written by actOne().
 */
export abstract class PhasedExpert {
  /** Length of the action vector (pd_ee_delta_pose: 6 + gripper). */
  readonly actionDim: number = 7;
  protected phase = new Uint8Array(0);
  protected counter = new Uint16Array(0);
  private readonly obsDim: number;

  /** @param observationSpace the env's flat observation space. */
  constructor(observationSpace: BoxSpace) {
    this.obsDim = observationSpace.size;
  }

  /** Start new episodes for a batch of `n` envs. */
  reset(n = 1): void {
    this.phase = new Uint8Array(n);
    this.counter = new Uint16Array(n);
  }

  /** Actions for a batch of observations (n rows of the flat state), written to `target`. */
  act(obs: Float32Array, n = 1, target = new Float32Array(n * this.actionDim)): Float32Array {
    if (this.phase.length !== n) this.reset(n);
    for (let e = 0; e < n; e++) this.actOne(obs, e * this.obsDim, e, target, e * this.actionDim);
    return target;
  }

  /** Write env `e`'s action at `out[at..]` from its state row at `o[base..]`. */
  protected abstract actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void;
}

/** Offsets of named fields of a flat observation space, e.g. `{ tcp: 'tcp_pose' }`: what an expert reads. */
export function fieldOffsets<K extends string>(space: BoxSpace, fields: Record<K, string>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of Object.keys(fields) as K[]) out[k] = space.field(fields[k]).offset;
  return out;
}
