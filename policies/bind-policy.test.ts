import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../errors.js';
import { loadPolicy } from './load-policy.js';
import { assetPath } from '../robot/asset-path.js';
import { SyncVectorEnv } from '../tasks/vector/sync-vector-env.js';
import { BoxSpace } from '../tasks/space.js';
import { makeEnv } from '../tasks/make-env.js';
import { bindPolicy } from './bind-policy.js';
import { runEvaluation } from '../rollout/evaluate.js';

const model = (name: string) => assetPath(`test/fixtures/models/${name}`);
const execution = { execution: { providers: ['cpu' as const] } };

test('an ONNX policy evaluates in the sim, the same per seed whatever the batch size', async () => {
  const run = async (envs: number) => {
    using vec = new SyncVectorEnv(Array.from({ length: envs }, () => makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' })));
    const policy = await loadPolicy(model('bc-gaussian.onnx'), { ...execution, rerank: model('q-mlp.onnx'), candidates: 4 });
    const adapted = bindPolicy(policy, vec.observationSpace, vec.actionSpace, 3);
    const r = await runEvaluation(vec, adapted, { episodes: 2, seed: 10 });
    await adapted.dispose();
    return r.episodes.map((e) => e.return);
  };
  assert.deepEqual(await run(1), await run(2));
});

test('observation keys are matched by name, and mismatches are listed', async () => {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
  const policy = await loadPolicy(model('bc-mlp.onnx'), execution);
  try {
    // The same fields in another order still work: keys are cut out by name.
    const shuffled = new BoxSpace(env.observationSpace.low, env.observationSpace.high, [...env.observationSpace.fields].reverse());
    const adapted = bindPolicy(policy, shuffled, env.actionSpace);
    adapted.reset();
    const a = await adapted.act(new Float32Array(42), 1);
    assert.equal(a.length, 7);
    const missing = new BoxSpace(new Float32Array(9), new Float32Array(9), [{ key: 'qpos', offset: 0, size: 9 }]);
    const jointEnv = makeEnv('PickCube-v1', { controlMode: 'pd_joint_delta_pos' });
    assert.throws(
      () => bindPolicy(policy, missing, jointEnv.actionSpace),
      (e: Error) => e instanceof InvalidArgumentError && /gives 7 floats, the env's control mode takes 8/.test(e.message) && /'tcp_pose' \[7\]: the env has no such observation/.test(e.message),
    );
    jointEnv.close();
  } finally {
    await policy.dispose();
  }
});
