import { InvalidArgumentError } from '../errors.js';
import type { BoxSpace } from '../tasks/space.js';
import { ObservationLayout, type ObservationBatch } from './observation-layout.js';
import type { Policy, PolicyResetOptions } from './policy.js';

/**
 * A policy made to act on an env's flat observations. When the policy's observation keys are
 * the env's fields in the same order, frames pass through untouched; otherwise each key it
 * reads is cut out of the flat batch by name (buffers kept between steps). Each env's random
 * stream follows the policy seed and its episode's seed, so results do not depend on the batch
 * size. The bound policy owns `policy` and disposes it.
 * @throws InvalidArgumentError listing every key the env lacks or sizes differently, and an action size mismatch.
 */
export function bindPolicy(policy: Policy, space: BoxSpace, actionSpace: BoxSpace, seed = 0): Policy {
  const layout = policy.layout;
  const problems: string[] = [];
  if (policy.actionDim !== actionSpace.size) problems.push(`actions: the model gives ${policy.actionDim} floats, the env's control mode takes ${actionSpace.size}`);
  const slices = layout.keys.map((k, i) => {
    const field = space.fields.find((f) => f.key === k.name);
    if (!field) problems.push(`'${k.name}' [${layout.sizes[i]}]: the env has no such observation`);
    else if (field.size !== layout.sizes[i]) problems.push(`'${k.name}': the model reads ${layout.sizes[i]} floats, the env gives ${field.size}`);
    return field!;
  });
  if (problems.length) {
    throw new InvalidArgumentError(`policy and env do not match (env: ${space.fields.map((f) => `${f.key}[${f.size}]`).join(', ')}):\n  ${problems.join('\n  ')}`);
  }
  const passThrough = layout.frameSize === space.size && slices.every((f, i) => f.offset === layout.offsets[i]);
  const byKey: Record<string, Float32Array> = {};
  let batch = 0;
  const cut = (obs: Float32Array, n: number): ObservationBatch => {
    if (n !== batch) {
      batch = n;
      slices.forEach((f, i) => (byKey[layout.keys[i]!.name] = new Float32Array(n * f.size)));
    }
    slices.forEach((f, i) => {
      const out = byKey[layout.keys[i]!.name]!;
      for (let e = 0; e < n; e++) out.set(obs.subarray(e * space.size + f.offset, e * space.size + f.offset + f.size), e * f.size);
    });
    return byKey;
  };
  return {
    layout: ObservationLayout.fromFields(space.fields),
    actionDim: policy.actionDim,
    reset(options: PolicyResetOptions = {}) {
      const seeds = options.seeds?.map((s) => seed * 1_000_003 + s);
      policy.reset({ ...options, ...(seeds ? { seeds } : {}), ...(options.envs ? {} : { seed: options.seed ?? seed }) });
    },
    act(obs: ObservationBatch, n: number, target?: Float32Array) {
      if (passThrough || !(obs instanceof Float32Array)) return policy.act(obs, n, target);
      return policy.act(cut(obs, n), n, target);
    },
    dispose: () => policy.dispose(),
    [Symbol.asyncDispose]: () => policy.dispose(),
  };
}
