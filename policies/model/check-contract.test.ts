import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import onnxProto from 'onnx-proto';
import { modelPath } from '../../test/policies/fixtures.js';
import { ModelContractError } from '../policy-errors.js';
import { OnnxModel } from './onnx-model.js';

const { onnx } = onnxProto;
const cpu = { providers: ['cpu'] as const };

/** The BC fixture, decoded, changed by `edit`, and encoded again. */
function editedBc(edit: (m: onnxProto.onnx.ModelProto) => void): Uint8Array {
  const model = onnx.ModelProto.decode(readFileSync(modelPath('bc-mlp')));
  edit(model);
  return onnx.ModelProto.encode(model).finish();
}

function obsInput(m: onnxProto.onnx.ModelProto): onnxProto.onnx.ValueInfoProto {
  return m.graph!.input!.find((i) => i.name === 'obs') as onnxProto.onnx.ValueInfoProto;
}

async function refusal(bytes: Uint8Array): Promise<ModelContractError> {
  try {
    await OnnxModel.load(bytes, { ...cpu, label: 'edited' });
  } catch (e) {
    assert.ok(e instanceof ModelContractError, `expected ModelContractError, got ${String(e)}`);
    return e;
  }
  assert.fail('the model was accepted');
}

function hasMismatch(e: ModelContractError, where: string, expected: RegExp, found: RegExp): void {
  const m = e.mismatches.find((x) => x.where === where);
  assert.ok(m, `no mismatch at ${where}; got:\n${e.message}`);
  assert.match(m.expected, expected);
  assert.match(m.found, found);
  assert.ok(e.message.includes(where), 'the message names the mismatch');
}

test('every fixture satisfies the contract', async () => {
  const kinds: Record<string, string> = {
    'bc-mlp': 'bc', 'bc-gaussian': 'bc', 'diffusion-unet-small': 'diffusion', 'q-mlp': 'q', 'q-quadratic': 'q', 'reward-classifier': 'reward-classifier',
  };
  for (const [name, kind] of Object.entries(kinds)) {
    await using model = await OnnxModel.load(modelPath(name), cpu);
    assert.equal(model.contract.kind, kind);
    assert.equal(model.contract.observationKeys.length, 8);
  }
});

test('a wrong input name is refused, naming the missing and the unexpected input', async () => {
  const e = await refusal(editedBc((m) => {
    obsInput(m).name = 'observation';
    for (const node of m.graph!.node!) node.input = node.input!.map((x) => (x === 'obs' ? 'observation' : x));
  }));
  hasMismatch(e, "input 'obs'", /float32 \[batch, 1, 42\]/, /no such input.*'observation'/);
  hasMismatch(e, "input 'observation'", /no such input/, /float32/);
});

test('a wrong dimension is refused with the expected and found shapes', async () => {
  const e = await refusal(editedBc((m) => {
    const dim = obsInput(m).type!.tensorType!.shape!.dim![2]!;
    dim.dimValue = 41;
  }));
  hasMismatch(e, "input 'obs' shape", /^\[batch, 1, 42\]$/, /^\[batch, 1, 41\]$/);
  assert.equal(e.mismatches.length, 1);
});

test('a fixed batch axis is refused', async () => {
  const e = await refusal(editedBc((m) => {
    const dim = obsInput(m).type!.tensorType!.shape!.dim![0]! as onnxProto.onnx.TensorShapeProto.Dimension;
    dim.dimParam = undefined as unknown as string;
    dim.dimValue = 1;
    dim.value = 'dimValue';
  }));
  hasMismatch(e, "input 'obs' shape", /^\[batch, 1, 42\]$/, /^\[1, 1, 42\]$/);
});

test('a wrong dtype is refused', async () => {
  const e = await refusal(editedBc((m) => {
    obsInput(m).type!.tensorType!.elemType = onnx.TensorProto.DataType.DOUBLE;
  }));
  hasMismatch(e, "input 'obs' dtype", /^float32$/, /^float64$/);
});

test('missing metadata is refused, listing every missing entry', async () => {
  const e = await refusal(editedBc((m) => {
    m.metadataProps = [];
  }));
  for (const key of ['armkit.contract_version', 'armkit.kind', 'armkit.observation_keys', 'armkit.action_dim', 'armkit.horizons', 'armkit.normalization']) {
    hasMismatch(e, `metadata '${key}'`, /./, /no such entry/);
  }
});

test('several faults at once are all listed in one error', async () => {
  const e = await refusal(editedBc((m) => {
    obsInput(m).type!.tensorType!.elemType = onnx.TensorProto.DataType.DOUBLE;
    m.graph!.output![0]!.type!.tensorType!.shape!.dim![2]!.dimValue = 8;
    m.metadataProps.find((p) => p.key === 'armkit.contract_version')!.value = '2';
    const horizons = m.metadataProps.find((p) => p.key === 'armkit.horizons')!;
    horizons.value = '{"observation": 0, "prediction": 1, "action": 1}';
  }));
  hasMismatch(e, "input 'obs' dtype", /float32/, /float64/);
  hasMismatch(e, "output 'action' shape", /\[batch, \*, 7\]/, /\[batch, 1, 8\]/);
  hasMismatch(e, "metadata 'armkit.contract_version'", /"1"/, /"2"/);
  hasMismatch(e, "metadata 'armkit.horizons'.observation", /positive integer/, /^0$/);
  assert.match(e.message, /in 4 places/);
});

test('a model of another kind than asked for is refused', async () => {
  await assert.rejects(OnnxModel.load(modelPath('q-mlp'), { ...cpu, expectKind: 'bc' }), (e: unknown) => {
    assert.ok(e instanceof ModelContractError);
    hasMismatch(e, 'model kind', /^bc/, /^q$/);
    return true;
  });
});

test('bytes that are not ONNX are refused', async () => {
  const e = await refusal(new Uint8Array([1, 2, 3, 4, 5, 6, 7]));
  assert.equal(e.mismatches[0]!.where, 'file');
});
