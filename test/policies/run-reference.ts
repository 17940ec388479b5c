import assert from 'node:assert/strict';
import { Tensor } from 'onnxruntime-node';
import type { ExecutionProviderName } from '../../policies/model/execution-provider.js';
import { OnnxModel } from '../../policies/model/onnx-model.js';
import { modelPath, references, type ModelReference } from './fixtures.js';

/** Run a fixture model on its reference inputs with the given providers; outputs by name. */
export async function runReference(name: string, providers: readonly ExecutionProviderName[]): Promise<Record<string, Float32Array>> {
  const ref: ModelReference = references()[name]!;
  await using model = await OnnxModel.load(modelPath(name), { providers });
  assert.equal(model.provider, providers[0]);
  const feeds: Record<string, Tensor> = {};
  for (const [key, t] of Object.entries(ref.inputs)) {
    feeds[key] = key === 'timestep'
      ? new Tensor('int64', BigInt64Array.from(t.data, (v) => BigInt(v)), t.shape)
      : new Tensor('float32', Float32Array.from(t.data), t.shape);
  }
  const fetches: Record<string, Tensor> = {};
  const out: Record<string, Float32Array> = {};
  for (const [key, t] of Object.entries(ref.outputs)) {
    out[key] = new Float32Array(t.data.length);
    fetches[key] = new Tensor('float32', out[key], t.shape);
  }
  await model.run(feeds, fetches);
  return out;
}

