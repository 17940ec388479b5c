import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import onnxProto from 'onnx-proto';
import { modelPath, references } from '../../test/policies/fixtures.js';
import { ModelContractError } from '../policy-errors.js';
import { DiffusionPredictor } from './diffusion-predictor.js';

const { onnx } = onnxProto;
const cpu = { providers: ['cpu'] as const };

/**
 * The diffusion fixture as diffusion_policy's ConditionalUnet1D is exported as it is: the window
 * comes in as `global_cond` [batch, flatSize] and a Reshape inside the graph makes the network's
 * [batch, To, D] of it. The network itself is unchanged.
 */
function flatWindowUnet(flatSize: number | null): Uint8Array {
  const model = onnx.ModelProto.decode(readFileSync(modelPath('diffusion-unet-small')));
  const graph = model.graph!;
  const obs = graph.input!.find((i) => i.name === 'obs')!;
  const dims = obs.type!.tensorType!.shape!.dim!;
  const to = Number(dims[1]!.dimValue);
  const d = Number(dims[2]!.dimValue);
  const cond = onnx.ValueInfoProto.create({
    name: 'global_cond',
    type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimValue: flatSize ?? to * d }] } } },
  });
  graph.input = graph.input!.map((i) => (i.name === 'obs' ? cond : i));
  graph.initializer!.push(onnx.TensorProto.create({ name: 'window_shape', dataType: 7, dims: [3], int64Data: [-1, to, d] }));
  graph.node!.unshift(onnx.NodeProto.create({ opType: 'Reshape', input: ['global_cond', 'window_shape'], output: ['obs'], name: 'window_from_global_cond' }));
  return onnx.ModelProto.encode(model).finish();
}

test("a diffusion_policy-style UNet taking global_cond [B, To*D] is accepted and samples exactly as the obs [B, To, D] one", async () => {
  const ref = references()['diffusion-unet-small']!.ddim10!;
  const options = { ...cpu, sampler: 'ddim' as const, inferenceSteps: 10 };
  await using flat = await DiffusionPredictor.load(flatWindowUnet(null), options);
  await using windowed = await DiffusionPredictor.load(modelPath('diffusion-unet-small'), options);
  assert.equal(flat.model.contract.flatObservation, true);
  assert.equal(windowed.model.contract.flatObservation, false);
  const a = new Float32Array(ref.action.data.length);
  const b = new Float32Array(ref.action.data.length);
  await flat.denoise(Float32Array.from(ref.raw_obs.data), 2, Float32Array.from(ref.initial_noise.data), [], a);
  await windowed.denoise(Float32Array.from(ref.raw_obs.data), 2, Float32Array.from(ref.initial_noise.data), [], b);
  assert.deepEqual(a, b);
});

test('a global_cond of the wrong size is refused, naming the size the contract implies', async () => {
  await assert.rejects(DiffusionPredictor.load(flatWindowUnet(17), cpu), (e: unknown) => {
    assert.ok(e instanceof ModelContractError);
    const m = e.mismatches.find((x) => x.where === "input 'global_cond' shape");
    assert.ok(m, e.message);
    assert.match(m.expected, /^\[batch, \d+\]$/);
    assert.equal(m.found, '[batch, 17]');
    return true;
  });
});
