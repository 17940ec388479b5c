import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArmkitError, ResourceError, resourceError } from './errors.js';

test('resourceError names what failed and why for a system error, and leaves any other error alone', () => {
  const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/nope/x.png'"), { code: 'ENOENT', syscall: 'open' });
  const e = resourceError('cannot write /nope/x.png', enoent);
  assert.ok(e instanceof ResourceError && e instanceof ArmkitError);
  assert.equal(e.message, 'cannot write /nope/x.png: no such file or directory');
  assert.equal(e.cause, enoent);
  const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:9090'), { code: 'EADDRINUSE' });
  assert.equal((resourceError('cannot listen on 127.0.0.1:9090', inUse) as Error).message, 'cannot listen on 127.0.0.1:9090: address already in use');
  const odd = Object.assign(new Error('x'), { code: 'EMFILE' });
  assert.equal((resourceError('cannot read f', odd) as Error).message, 'cannot read f: EMFILE');
  const bug = new TypeError('not a function');
  assert.equal(resourceError('cannot write x', bug), bug);
  const typed = Object.assign(new TypeError('bad'), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.equal(resourceError('cannot write x', typed), typed, "Node's ERR_* codes are bugs, not the user's");
});
