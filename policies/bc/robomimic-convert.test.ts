import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import onnxProto from 'onnx-proto';
import { Tensor } from 'onnxruntime-node';
import { maxAbsDiff, REPO_ROOT, type ReferenceTensor } from '../../test/policies/fixtures.js';
import { referenceFrames, replayRollout } from '../../test/policies/reference-rollout.js';
import { InvalidArgumentError } from '../../errors.js';
import { loadPolicy, loadPredictor } from '../load-policy.js';
import { OnnxModel } from '../model/onnx-model.js';
import { RecurrentBcPolicy } from './recurrent-bc-policy.js';

const { onnx } = onnxProto;

/**
 * robomimic checkpoints converted by python/armkit_convert.py robomimic (test/python/
 * test_robomimic_convert.py checks it still writes these files) against what robomimic's own
 * policy_from_checkpoint RolloutPolicy returned for the same raw observations, step by step, at
 * the commit references.json names (made once by make_references.py beside them).
 */
const DIR = join(REPO_ROOT, 'test', 'python', 'fixtures', 'robomimic');
const cpu = { execution: { providers: ['cpu'] as const } };

interface CaseReference {
  readonly upstream: string;
  readonly algo: string;
  readonly observations: Record<string, ReferenceTensor>;
  readonly actions: ReferenceTensor;
  readonly network: { obs: Record<string, ReferenceTensor>; action: ReferenceTensor; state?: ReferenceTensor[] };
}

const references = JSON.parse(readFileSync(join(DIR, 'references.json'), 'utf8')) as Record<string, CaseReference>;

for (const name of ['bc-mlp', 'bc-gaussian', 'bc-rnn-lstm', 'bc-rnn-gru', 'bc-rnn-open-loop']) {
  const ref = references[name]!;
  test(`robomimic ${name} (${ref.algo}): armkit's actions equal RolloutPolicy's within 1e-4, step by step`, async (t) => {
    assert.match(ref.upstream, /^ARISE-Initiative\/robomimic@[0-9a-f]{40}$/);
    await using policy = await loadPolicy(join(DIR, `${name}.onnx`), cpu);
    assert.equal(policy instanceof RecurrentBcPolicy, name === 'bc-rnn-lstm' || name === 'bc-rnn-gru');
    const diff = await replayRollout(policy, ref);
    t.diagnostic(`${ref.actions.shape[0]} steps x ${ref.actions.shape[1]} envs: max |armkit - robomimic| = ${diff.toExponential(2)}`);
    assert.ok(diff <= 1e-4, `max diff ${diff}`);
  });
}

test('robomimic bc-rnn-lstm: the network over a sequence from the zero state equals RNNActorNetwork, final state included', async () => {
  const ref = references['bc-rnn-lstm']!;
  await using model = await OnnxModel.load(join(DIR, 'bc-rnn-lstm.onnx'), { providers: ['cpu'] });
  const keys = model.contract.observationKeys;
  const steps = ref.network.action.shape[1]!;
  const d = keys.reduce((a, k) => a + k.shape[0]!, 0);
  const [layers, hidden] = model.contract.recurrent!.state[0]!.shape as [number, number];
  let h = new Float32Array(layers * hidden);
  let c = new Float32Array(layers * hidden);
  const actions: number[] = [];
  for (let s = 0; s < steps; s++) {
    const obs = new Float32Array(d);
    let at = 0;
    for (const k of keys) {
      const r = ref.network.obs[k.name]!;
      obs.set(r.data.slice(s * k.shape[0]!, (s + 1) * k.shape[0]!), at);
      at += k.shape[0]!;
    }
    const out = { action: new Float32Array(4), h: new Float32Array(h.length), c: new Float32Array(c.length) };
    await model.run(
      { obs: new Tensor('float32', obs, [1, 1, d]), 'state.h': new Tensor('float32', h, [1, layers, hidden]), 'state.c': new Tensor('float32', c, [1, layers, hidden]) },
      { action: new Tensor('float32', out.action, [1, 1, 4]), 'next_state.h': new Tensor('float32', out.h, [1, layers, hidden]), 'next_state.c': new Tensor('float32', out.c, [1, layers, hidden]) },
    );
    actions.push(...out.action);
    [h, c] = [out.h, out.c];
  }
  assert.ok(maxAbsDiff(Float32Array.from(actions), ref.network.action.data) <= 1e-5);
  // torch keeps the state [layers, batch, hidden]; with one env that is the same floats.
  assert.ok(maxAbsDiff(h, ref.network.state![0]!.data) <= 1e-5);
  assert.ok(maxAbsDiff(c, ref.network.state![1]!.data) <= 1e-5);
});

/** A converted file with its `armkit.recurrent` entry replaced. */
function withRecurrent(name: string, text: string): Uint8Array {
  const model = onnx.ModelProto.decode(readFileSync(join(DIR, `${name}.onnx`)));
  model.metadataProps = model.metadataProps!.filter((p) => p.key !== 'armkit.recurrent');
  model.metadataProps.push(onnx.StringStringEntryProto.create({ key: 'armkit.recurrent', value: text }));
  return onnx.ModelProto.encode(model).finish();
}

test("robomimic bc-rnn: without the reset every rnn.horizon steps armkit would part from robomimic after the first horizon", async (t) => {
  const ref = references['bc-rnn-lstm']!;
  const spec = JSON.parse(withRecurrentText('bc-rnn-lstm')) as { state: unknown; reset_every: number };
  assert.equal(spec.reset_every, 4);
  await using never = await RecurrentBcPolicy.load(withRecurrent('bc-rnn-lstm', JSON.stringify({ state: spec.state })), { providers: ['cpu'] });
  assert.equal(never.recurrent.resetEvery, null);
  const diff = await replayRollout(never, ref);
  t.diagnostic(`state carried through: max |armkit - robomimic| = ${diff.toExponential(2)}`);
  assert.ok(diff > 1e-3, `the reset should matter, diff ${diff}`);
});

function withRecurrentText(name: string): string {
  const model = onnx.ModelProto.decode(readFileSync(join(DIR, `${name}.onnx`)));
  return model.metadataProps!.find((p) => p.key === 'armkit.recurrent')!.value!;
}

test('a recurrent model: partial resets restart one env, chunk options and serving are refused by name', async () => {
  const ref = references['bc-rnn-gru']!;
  const path = join(DIR, 'bc-rnn-gru.onnx');
  await using policy = await loadPolicy(path, cpu);
  const batch = ref.actions.shape[1]!;
  policy.reset();
  const first = Float32Array.from(await policy.act(referenceFrames(policy, ref, 0), batch));
  await policy.act(referenceFrames(policy, ref, 1), batch);
  // Env 1 restarts: fed step 0's observation again, it gives step 0's action; env 0 carries on.
  policy.reset({ envs: [1] });
  const again = await policy.act(referenceFrames(policy, ref, 0), batch);
  const d = policy.actionDim;
  assert.ok(maxAbsDiff(again.slice(d, 2 * d), first.slice(d, 2 * d)) <= 1e-6);
  assert.ok(maxAbsDiff(again.slice(0, d), first.slice(0, d)) > 1e-4);
  await assert.rejects(loadPolicy(path, { ...cpu, actionHorizon: 2 }), (e: unknown) => e instanceof InvalidArgumentError && /got an action horizon/.test(e.message));
  await assert.rejects(loadPredictor(path, cpu), (e: unknown) => e instanceof InvalidArgumentError && /recurrent/.test(e.message));
});
