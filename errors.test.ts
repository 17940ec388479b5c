import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ArmkitError, ResourceError, resourceError } from './errors.js';
import { assetPath } from './robot/asset-path.js';

// Files allowed to throw plain Errors: none. Nothing may join this list.
const NOT_YET_CONVERTED = new Set<string>();

const PLAIN_ERROR = /\bnew\s+(Error|RangeError|TypeError)\s*\(/;
const OWN_ERROR_CLASS = /\bclass\s+\w+\s+extends\s+(Error|RangeError|TypeError)\b/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'bench', 'test', 'shared']);

/** The project's own TypeScript sources, tests and benchmarks left out, relative to the root. */
function sources(dir = assetPath(''), root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name.startsWith('.') || SKIPPED_DIRS.has(d.name) ? [] : sources(path, root);
    return d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') && !d.name.endsWith('.d.ts') ? [relative(root, path)] : [];
  });
}

test('no source throws a plain Error, RangeError or TypeError: every error is an ArmkitError', () => {
  const files = sources();
  assert.ok(files.includes('errors.ts') && files.includes('sim/scene.ts'), `the walk found the sources (${files.length} files)`);
  const offenders = files.filter((f) => !NOT_YET_CONVERTED.has(f)).flatMap((f) =>
    readFileSync(assetPath(f), 'utf8')
      .split('\n')
      .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
      .filter(({ line }) => PLAIN_ERROR.test(line) || (f !== 'errors.ts' && OWN_ERROR_CLASS.test(line)))
      .map(({ line, at }) => `${at}: ${line.trim()}`),
  );
  assert.deepEqual(offenders, [], 'throw an ArmkitError subclass (errors.ts, or the area\'s *-errors.ts) instead');
  const stale = [...NOT_YET_CONVERTED].filter((f) => !files.includes(f) || !PLAIN_ERROR.test(readFileSync(assetPath(f), 'utf8')));
  assert.deepEqual(stale, [], 'converted or gone: take these off NOT_YET_CONVERTED');
});

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
