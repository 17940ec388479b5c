import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxAbsDiff, modelPath, references } from '../../test/policies/fixtures.js';
import { runReference } from '../../test/policies/run-reference.js';
import { PolicyError } from '../policy-errors.js';
import { OnnxModel } from './onnx-model.js';

for (const name of ['bc-mlp', 'bc-gaussian', 'diffusion-unet-small', 'q-mlp']) {
  test(`${name} matches its PyTorch reference within 1e-5 on the CPU provider`, async (t) => {
    const out = await runReference(name, ['cpu']);
    for (const [key, ref] of Object.entries(references()[name]!.outputs)) {
      const diff = maxAbsDiff(out[key]!, ref.data);
      assert.ok(diff <= 1e-5, `${name} ${key}: max |onnx - torch| = ${diff}`);
      t.diagnostic(`${key}: max |onnx - torch| = ${diff.toExponential(2)}`);
    }
  });
}

test('a disposed model refuses to run, and disposing twice is harmless', async () => {
  const model = await OnnxModel.load(modelPath('bc-mlp'), { providers: ['cpu'] });
  await model.dispose();
  await model.dispose();
  await assert.rejects(model.run({}, {}), PolicyError);
});
