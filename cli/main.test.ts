import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArmkitError, InvalidArgumentError } from '../errors.js';
import { reportError, splitGlobalFlags } from './main.js';
import { UsageError } from './usage-error.js';

/** What reportError writes to stderr, and the exit code it returns. */
function report(e: unknown, debug = false): { code: number; stderr: string } {
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    return { code: reportError(e, debug), stderr };
  } finally {
    process.stderr.write = write;
  }
}

test('an ArmkitError is its message: exit 2 for a bad command line, 1 otherwise', () => {
  assert.deepEqual(report(new UsageError('--episodes: expected an integer')), { code: 2, stderr: 'armkit: --episodes: expected an integer\n' });
  assert.deepEqual(report(new InvalidArgumentError('simHz (7) must be a multiple of controlHz (20)')), { code: 1, stderr: 'armkit: InvalidArgumentError: simHz (7) must be a multiple of controlHz (20)\n' });
});

test('anything else is one internal-error line, exit 1, pointing at --debug', () => {
  const r = report(new TypeError('Cannot read properties of undefined (reading "x")\n    more detail'));
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'armkit: internal error: TypeError: Cannot read properties of undefined (reading "x") (run with --debug for the stack)\n');
  assert.equal(report('a thrown string').stderr, 'armkit: internal error: string: a thrown string (run with --debug for the stack)\n');
});

test('with debug, the stack and the cause follow the line', () => {
  const r = report(new ArmkitError('outer', { cause: new Error('inner') }), true);
  assert.equal(r.code, 1);
  const [first, ...rest] = r.stderr.split('\n');
  assert.equal(first, 'armkit: ArmkitError: outer');
  assert.match(rest.join('\n'), /^\s+at /m);
  assert.match(rest.join('\n'), /\[cause\]: Error: inner/);
  const internal = report(new RangeError('bug'), true);
  assert.match(internal.stderr, /^armkit: internal error: RangeError: bug\nRangeError: bug\n\s+at /);
});

test('--debug and --verbose are taken out of argv wherever they stand before a "--"', () => {
  const saved = process.env['ARMKIT_DEBUG'];
  delete process.env['ARMKIT_DEBUG'];
  delete process.env['ARMKIT_VERBOSE'];
  try {
    assert.deepEqual(splitGlobalFlags(['eval', '--debug', '--episodes', '3']), { args: ['eval', '--episodes', '3'], debug: true, verbose: false });
    assert.deepEqual(splitGlobalFlags(['--debug', 'tasks', '--verbose']), { args: ['tasks'], debug: true, verbose: true });
    assert.deepEqual(splitGlobalFlags(['view', '--', '--debug']), { args: ['view', '--', '--debug'], debug: false, verbose: false });
    assert.deepEqual(splitGlobalFlags(['tasks']), { args: ['tasks'], debug: false, verbose: false });
    process.env['ARMKIT_DEBUG'] = '1';
    assert.deepEqual(splitGlobalFlags(['tasks']), { args: ['tasks'], debug: true, verbose: false });
  } finally {
    if (saved === undefined) delete process.env['ARMKIT_DEBUG'];
    else process.env['ARMKIT_DEBUG'] = saved;
  }
});
