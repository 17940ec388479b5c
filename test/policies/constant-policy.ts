import { ObservationLayout } from '../../policies/observation-layout.js';
import type { Policy } from '../../policies/policy.js';
import type { BoxSpace } from '../../tasks/space.js';

/** A policy that always gives `value` in every action entry (zero actions: the arm holds still). */
export function constantPolicy(space: BoxSpace, actionDim: number, value = 0): Policy {
  return {
    layout: ObservationLayout.fromFields(space.fields),
    actionDim,
    reset() {},
    act: (_obs, n, target) => (target ?? new Float32Array(n * actionDim)).fill(value),
    dispose: async () => {},
    [Symbol.asyncDispose]: async () => {},
  };
}
