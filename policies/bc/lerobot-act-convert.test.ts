import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Tensor } from 'onnxruntime-node';
import { maxAbsDiff, REPO_ROOT, type ReferenceTensor } from '../../test/policies/fixtures.js';
import { replayRollout } from '../../test/policies/reference-rollout.js';
import { loadPolicy } from '../load-policy.js';
import { OnnxModel } from '../model/onnx-model.js';

/**
 * LeRobot ACT pretrained_model folders converted by python/armkit_convert.py lerobot
 * (test/python/test_lerobot_convert.py checks it still writes these files) against what
 * LeRobot's ACTPolicy.select_action between its pre- and post-processors returned for the same
 * raw observations, step by step, at the commit references.json names.
 */
const DIR = join(REPO_ROOT, 'test', 'python', 'fixtures', 'lerobot');
const cpu = { execution: { providers: ['cpu'] as const } };

interface ActReference {
  readonly upstream: string;
  readonly observations: Record<string, ReferenceTensor>;
  readonly actions: ReferenceTensor;
  readonly temporal_ensemble_coeff: number | null;
}

const references = JSON.parse(readFileSync(join(DIR, 'references.json'), 'utf8')) as Record<string, ActReference>;

for (const name of ['act-post-norm', 'act-pre-norm-ensemble']) {
  const ref = references[name]!;
  test(`LeRobot ${name}: armkit's actions equal select_action's within 1e-4, step by step (the file's execution defaults)`, async (t) => {
    assert.match(ref.upstream, /^huggingface\/lerobot@[0-9a-f]{40}$/);
    await using policy = await loadPolicy(join(DIR, `${name}.onnx`), cpu);
    const diff = await replayRollout(policy, ref);
    t.diagnostic(`${ref.actions.shape[0]} steps x ${ref.actions.shape[1]} envs: max |armkit - LeRobot| = ${diff.toExponential(2)}`);
    assert.ok(diff <= 1e-4, `max diff ${diff}`);
  });
}

test('LeRobot ACT: temporal ensembling comes from the file; executing chunks instead would part from LeRobot', async (t) => {
  const ref = references['act-pre-norm-ensemble']!;
  await using model = await OnnxModel.load(join(DIR, 'act-pre-norm-ensemble.onnx'), { providers: ['cpu'] });
  assert.deepEqual(model.contract.execution, { temporalEnsemble: ref.temporal_ensemble_coeff });
  await using chunked = await loadPolicy(join(DIR, 'act-pre-norm-ensemble.onnx'), { ...cpu, actionHorizon: 1 });
  const diff = await replayRollout(chunked, ref);
  t.diagnostic(`without ensembling: max |armkit - LeRobot| = ${diff.toExponential(2)}`);
  assert.ok(diff > 1e-3, `ensembling should matter, diff ${diff}`);
});

test('LeRobot ACT: the graph takes raw observations (normalization inside, a constant state element included)', async () => {
  const ref = references['act-post-norm']!;
  await using model = await OnnxModel.load(join(DIR, 'act-post-norm.onnx'), { providers: ['cpu'] });
  assert.deepEqual(model.contract.normalization.observation, {});
  assert.deepEqual(model.contract.normalization.action, { mode: 'identity' });
  // Every env's state element 0 is the dataset's constant; LeRobot divides its 0 by 1e-8.
  const state = ref.observations['observation.state']!;
  const first = state.data[0]!;
  for (let i = 0; i < state.data.length; i += 5) assert.equal(state.data[i], first);
  const d = 12;
  const obs = new Float32Array(d);
  obs.set(state.data.slice(0, 5), 0);
  obs.set(ref.observations['observation.environment_state']!.data.slice(0, 7), 5);
  const out = new Float32Array(6 * 4);
  await model.run({ obs: new Tensor('float32', obs, [1, 1, d]) }, { action: new Tensor('float32', out, [1, 6, 4]) });
  assert.ok(maxAbsDiff(out.slice(0, 4), ref.actions.data.slice(0, 4)) <= 1e-5);
});
