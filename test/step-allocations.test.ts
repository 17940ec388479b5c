import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SCRIPTED_EXPERTS } from '../policies/scripted/scripted-experts.js';
import { CONTROL_MODES } from '../robot/controllers/controller-config.js';
import { makeEnv } from '../tasks/make-env.js';
import { TASKS } from '../tasks/registered-tasks.js';

// Count every typed array made while a block runs: the global constructors are swapped for
// counting subclasses (calls resolve the global at run time; of() and from() build through the
// subclass), and slice() and subarray() of every typed array (views too) are counted; all is
// put back afterwards.
function countTypedArrays(block: () => void): number {
  const g = globalThis as unknown as Record<string, unknown>;
  const names = ['Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array', 'Uint16Array'] as const;
  const saved = names.map((n) => g[n]);
  const proto = Object.getPrototypeOf(Float32Array.prototype) as Record<'slice' | 'subarray', (...a: unknown[]) => unknown>;
  const methods = { slice: proto.slice, subarray: proto.subarray };
  let made = 0;
  for (const m of ['slice', 'subarray'] as const) {
    proto[m] = function (this: unknown, ...a: unknown[]) {
      made++;
      return methods[m].apply(this, a);
    };
  }
  names.forEach((n, i) => {
    const Base = saved[i] as new (...a: unknown[]) => object;
    g[n] = class extends Base {
      constructor(...a: unknown[]) {
        super(...a);
        made++;
      }
    };
  });
  try {
    block();
  } finally {
    names.forEach((n, i) => (g[n] = saved[i]));
    proto.slice = methods.slice;
    proto.subarray = methods.subarray;
  }
  return made;
}

for (const id of TASKS.ids()) {
  test(`${id}: a control step makes no typed arrays in the env, controller and observation (every control mode)`, () => {
    for (const controlMode of CONTROL_MODES) {
      using env = makeEnv(id, { controlMode });
      const action = new Float32Array(env.actionSpace.size);
      env.reset({ seed: 1 });
      for (let t = 0; t < 3; t++) env.step(action); // first-use buffers
      const made = countTypedArrays(() => {
        for (let t = 0; t < 20; t++) env.step(action);
      });
      assert.equal(made, 0, `${controlMode}: ${made} typed arrays in 20 steps`);
    }
  });
}

test('the check sees allocations: a step plus a copy of its observation is counted', () => {
  const expert = SCRIPTED_EXPERTS.get('PickCube-v1');
  using env = makeEnv('PickCube-v1', { controlMode: expert.controlMode });
  env.reset({ seed: 1 });
  const action = new Float32Array(env.actionSpace.size);
  assert.equal(countTypedArrays(() => void Float32Array.from(env.step(action).obs as Float32Array)), 1);
});
