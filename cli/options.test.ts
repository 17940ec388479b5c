import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED_MAX, checkSeeds, flag, int, num, oneOf, readOptions, refuseGiven, required, text } from './options.js';
import { UsageError } from './usage-error.js';

const SPECS = {
  task: required('a task id'),
  episodes: int(1, SEED_MAX + 1, 100),
  seed: int(0, SEED_MAX, 0),
  temperature: num(0, 1e6, 0),
  mode: oneOf(['a', 'b']),
  out: text(),
  quiet: flag(),
};

function refused(argv: string[]): string {
  try {
    readOptions('eval', argv, SPECS);
  } catch (e) {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
    return e.message;
  }
  assert.fail(`${argv.join(' ')} was accepted`);
}

test('values are checked and typed; absent ones take their defaults, and the given ones are known', () => {
  const { values, given } = readOptions('eval', ['--task', 'T', '--seed', '7', '--quiet', '--temperature=0.5'], SPECS);
  assert.deepEqual({ ...values }, { task: 'T', episodes: 100, seed: 7, temperature: 0.5, quiet: true });
  assert.equal(values.mode, undefined);
  assert.deepEqual([...given].sort(), ['quiet', 'seed', 'task', 'temperature']);
});

test('a required option that is missing is named with what it holds, not defaulted', () => {
  assert.equal(refused(['--seed', '1']), 'armkit eval: --task: expected a task id, got nothing');
});

test('negative numbers are values out of range, not options: --seed -1, --episodes -5', () => {
  assert.equal(refused(['--task', 'T', '--seed', '-1']), 'armkit eval: --seed: expected an integer in [0, 4294967295], got "-1"');
  assert.match(refused(['--task', 'T', '--episodes', '-5']), /--episodes: expected an integer in \[1, 4294967296\], got "-5"/);
});

test('non-finite, unsafe and fractional numbers are refused: 1e400, 2^53, 1.5', () => {
  assert.match(refused(['--task', 'T', '--temperature', '1e400']), /--temperature: expected a finite number in \[0, 1000000\], got "1e400"/);
  assert.match(refused(['--task', 'T', '--seed', String(2 ** 53)]), /--seed: expected an integer in \[0, 4294967295\]/);
  assert.match(refused(['--task', 'T', '--episodes', '1.5']), /--episodes: expected an integer/);
});

test('every bad option is named in one error', () => {
  const m = refused(['--seed', 'x', '--mode', 'c', '--temperature', 'nan']);
  assert.match(m, /^armkit eval: 4 bad options:/);
  for (const p of [/--task: expected a task id, got nothing/, /--seed: expected an integer in/, /--mode: expected one of a, b, got "c"/, /--temperature: expected a finite number/]) assert.match(m, p);
});

test('unknown options and a value option without its value say which options exist', () => {
  assert.match(refused(['--task', 'T', '--frobnicate']), /Unknown option '--frobnicate' \(options: --task, --episodes/);
  assert.match(refused(['--task']), /--task/);
});

test('the last episode seed must stay in range too, and options a choice does not use are refused', () => {
  assert.throws(() => checkSeeds('eval', SEED_MAX, 2), /--seed 4294967295 with --episodes 2 runs seeds up to 4294967296; expected seeds within \[0, 4294967295\]/);
  checkSeeds('eval', SEED_MAX, 1);
  assert.throws(() => refuseGiven('eval', new Set(['rerank', 'seed', 'temperature']), ['rerank', 'temperature'], 'to .onnx model policies'), /--rerank, --temperature apply only to \.onnx model policies/);
  refuseGiven('eval', new Set(['seed']), ['rerank'], 'to .onnx model policies');
});
