import type { Policy } from '../../policies/policy.js';
import { maxAbsDiff, type ReferenceTensor } from './fixtures.js';

/** An upstream rollout: raw observations per key [steps, batch, d] and the actions upstream took [steps, batch, da]. */
export interface ReferenceRollout {
  readonly observations: Record<string, ReferenceTensor>;
  readonly actions: ReferenceTensor;
}

/** Step `step`'s observations as flat frames (batch x frameSize) in the policy's key order. */
export function referenceFrames(policy: Policy, ref: ReferenceRollout, step: number): Float32Array {
  const batch = ref.actions.shape[1]!;
  const f = policy.layout.frameSize;
  const out = new Float32Array(batch * f);
  policy.layout.keys.forEach((key, k) => {
    const r = ref.observations[key.name];
    if (!r) throw new Error(`the reference has no observation ${key.name}`);
    const size = r.shape[2]!;
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < size; j++) out[b * f + policy.layout.offsets[k]! + j] = r.data[(step * batch + b) * size + j]!;
    }
  });
  return out;
}

/** Run the policy over the reference's steps from a reset; the max |policy - upstream| over every action. */
export async function replayRollout(policy: Policy, ref: ReferenceRollout): Promise<number> {
  const [steps, batch, d] = ref.actions.shape as [number, number, number];
  policy.reset({ seed: 0 });
  let worst = 0;
  for (let t = 0; t < steps; t++) {
    const actions = await policy.act(referenceFrames(policy, ref, t), batch);
    worst = Math.max(worst, maxAbsDiff(actions, ref.actions.data.slice(t * batch * d, (t + 1) * batch * d)));
  }
  return worst;
}
