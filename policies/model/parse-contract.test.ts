import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelContractError, type ContractMismatch } from '../policy-errors.js';
import { parseContract } from './parse-contract.js';

const GOOD = {
  'armkit.contract_version': '1',
  'armkit.kind': 'diffusion',
  'armkit.observation_keys': JSON.stringify([{ name: 'qpos', shape: [9] }, { name: 'base_camera', shape: [3, 16, 16], type: 'rgb' }]),
  'armkit.action_dim': '7',
  'armkit.horizons': JSON.stringify({ observation: 2, prediction: 16, action: 8 }),
  'armkit.normalization': JSON.stringify({ observation: { base_camera: { mode: 'mean_std', mean: [0.5, 0.5, 0.5], std: [0.2, 0.2, 0.2] } }, action: { mode: 'min_max', min: Array(7).fill(-1), max: Array(7).fill(1) } }),
  'armkit.scheduler': JSON.stringify({ num_train_timesteps: 100, beta_schedule: 'squaredcos_cap_v2', prediction_type: 'epsilon' }),
};

function parse(entries: Record<string, string>): { parsed: ReturnType<typeof parseContract>; out: ContractMismatch[] } {
  const out: ContractMismatch[] = [];
  return { parsed: parseContract(new Map(Object.entries(entries)), out), out };
}

test('good metadata parses with its defaults filled in', () => {
  const { parsed, out } = parse(GOOD);
  assert.deepEqual(out, []);
  assert.deepEqual(parsed.horizons, { observation: 2, prediction: 16, action: 8, actionOffset: 1 });
  assert.equal(parsed.scheduler?.betaStart, 0.0001);
  assert.deepEqual(parsed.normalization?.observation['qpos'], undefined);
});

test('metadata with several mistakes lists every one, each where it is', () => {
  const { out } = parse({
    ...GOOD,
    'armkit.contract_version': '2',
    'armkit.observation_keys': JSON.stringify([{ name: 'qpos', shape: [9] }, { name: 'base_camera', shape: [3, 16], type: 'rgb' }]),
    'armkit.action_dim': '0',
    'armkit.horizons': JSON.stringify({ observation: 2, prediction: 4, action: 8 }),
    'armkit.normalization': JSON.stringify({ observation: { qpos: { mode: 'mean_std', mean: [0], std: [1] }, gripper: { mode: 'identity' } }, action: { mode: 'scale' } }),
    'armkit.scheduler': JSON.stringify({ num_train_timesteps: 1, beta_schedule: 'squaredcos_cap_v2', variance_type: 'learned' }),
  });
  const expected: [string, RegExp, RegExp][] = [
    ["metadata 'armkit.contract_version'", /^"1"$/, /^"2"$/],
    ["metadata 'armkit.observation_keys'[1].shape", /\[C, H, W\] for rgb/, /^\[3,16\]$/],
    ["metadata 'armkit.action_dim'", /positive integer/, /^"0"$/],
    ["metadata 'armkit.horizons'", /action_offset \+ action <= prediction/, /^1 \+ 8 > 4$/],
    // The observation keys are broken, so normalization names and sizes go unchecked; the
    // action statistics are still read.
    ["metadata 'armkit.normalization'.action.mode", /one of min_max, mean_std, affine, identity/, /^"scale"$/],
    ["metadata 'armkit.scheduler'.num_train_timesteps", /integer > 1/, /^1$/],
    ["metadata 'armkit.scheduler'.variance_type", /no learned variance/, /^"learned"$/],
  ];
  for (const [where, exp, found] of expected) {
    const m = out.find((x) => x.where === where);
    assert.ok(m, `no mismatch at ${where}; got:\n${out.map((x) => `${x.where}: ${x.expected} / ${x.found}`).join('\n')}`);
    assert.match(m.expected, exp);
    assert.match(m.found, found);
  }
  assert.equal(out.length, expected.length, out.map((x) => x.where).join('\n'));
  const message = new ModelContractError('broken.onnx', out).message;
  assert.match(message, /^model broken\.onnx breaks the armkit model contract in 7 places:/);
  for (const [where] of expected) assert.ok(message.includes(`  - ${where}: expected `), where);
});

test('with good observation keys, normalization names and statistics sizes are checked against them', () => {
  const { out } = parse({
    ...GOOD,
    'armkit.normalization': JSON.stringify({ observation: { qpos: { mode: 'mean_std', mean: [0], std: Array(9).fill(1) }, gripper: { mode: 'identity' } }, action: { mode: 'identity' } }),
  });
  assert.deepEqual(
    out.map((m) => `${m.where}: expected ${m.expected}, found ${m.found}`),
    [
      "metadata 'armkit.normalization'.observation.qpos.mean: expected 9 finite numbers, found 1 values",
      "metadata 'armkit.normalization'.observation.qpos: expected mean and std of equal length with std >= 0, found {\"mode\":\"mean_std\",\"mean\":[0],\"std\":[1,1,1,1,1,1,1,1,1]}",
      "metadata 'armkit.normalization'.observation.gripper: expected one of the fields qpos, base_camera, found an unknown field",
    ],
  );
});

test('missing and unreadable entries say what they should hold', () => {
  const { out } = parse({ 'armkit.kind': 'bc', 'armkit.horizons': '{observation: 1}' });
  const lines = out.map((m) => `${m.where}: expected ${m.expected}, found ${m.found}`);
  assert.ok(lines.includes("metadata 'armkit.contract_version': expected \"1\", found no such entry"), lines.join('\n'));
  assert.ok(lines.includes("metadata 'armkit.horizons': expected JSON: {observation, prediction, action}, found {observation: 1}"), lines.join('\n'));
  assert.ok(lines.includes("metadata 'armkit.head': expected deterministic or gaussian, found no such entry"), lines.join('\n'));
});
