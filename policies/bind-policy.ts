import { InvalidArgumentError } from '../errors.js';
import type { Policy } from './policy.js';
import type { BoxSpace } from '../tasks/space.js';
import type { BatchPolicy } from '../tasks/evaluation/batch-policy.js';

/**
 * Let a Policy act on an env's flat observations. When the model's observation keys are the
 * env's fields in the same order, frames pass through untouched; otherwise each key the model
 * reads is cut out of the flat batch by name. Each env's random stream follows the policy seed
 * and its episode's seed, so results do not depend on the batch size.
 * @throws InvalidArgumentError listing every key the env lacks or sizes differently, and an action size mismatch.
 */
export function adaptPolicy(policy: Policy, space: BoxSpace, actionSpace: BoxSpace, seed = 0): BatchPolicy {
  const layout = policy.layout;
  const problems: string[] = [];
  if (policy.actionDim !== actionSpace.size) problems.push(`actions: the model gives ${policy.actionDim} floats, the env's control mode takes ${actionSpace.size}`);
  const slices = layout.keys.map((k, i) => {
    const field = space.fields.find((f) => f.key === k.name);
    if (!field) problems.push(`'${k.name}' [${layout.sizes[i]}]: the env has no such observation`);
    else if (field.size !== layout.sizes[i]) problems.push(`'${k.name}': the model reads ${layout.sizes[i]} floats, the env gives ${field.size}`);
    return field;
  });
  if (problems.length) {
    throw new InvalidArgumentError(`policy and env do not match (env: ${space.fields.map((f) => `${f.key}[${f.size}]`).join(', ')}):\n  ${problems.join('\n  ')}`);
  }
  const passThrough = layout.frameSize === space.size && slices.every((f, i) => f!.offset === layout.offsets[i]);
  return {
    // Each env's stream follows its episode seed, so results do not depend on the batch size.
    reset: (_n: number, seeds?: readonly number[]) => policy.reset(seeds ? { seed, seeds: seeds.map((s) => seed * 1_000_003 + s) } : { seed }),
    close: () => policy.dispose(),
    act(obs: Float32Array, n: number) {
      if (passThrough) return policy.act(obs, n);
      const byKey: Record<string, Float32Array> = {};
      slices.forEach((f, i) => {
        const size = f!.size;
        const out = new Float32Array(n * size);
        for (let e = 0; e < n; e++) out.set(obs.subarray(e * space.size + f!.offset, e * space.size + f!.offset + size), e * size);
        byKey[layout.keys[i]!.name] = out;
      });
      return policy.act(byKey, n);
    },
  };
}
