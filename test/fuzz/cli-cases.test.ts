import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES, judge, runArmkit } from './cli-cases.js';

// Each class of bad input of `npm run fuzz:cli` is a test: every case in it must be good by the
// harness's rules (one clear line, non-zero exit, nothing lost; valid runs quiet).
for (const kind of [...new Set(CASES.map((c) => c.kind))]) {
  test(`fuzz class "${kind}": every case gets a good answer`, async () => {
    const cases = CASES.filter((c) => c.kind === kind);
    const verdicts = [];
    for (let i = 0; i < cases.length; i += 2) {
      verdicts.push(
        ...(await Promise.all(
          cases.slice(i, i + 2).map(async (c) => {
            const dir = mkdtempSync(join(tmpdir(), 'armkit-fuzz-'));
            c.setup?.(dir);
            return { name: c.name, ...judge(c, await runArmkit(c.args(dir)), dir) };
          }),
        )),
      );
    }
    const bad = verdicts.filter((v) => v.verdict !== 'good').map((v) => `${v.name}: ${v.verdict}: ${'why' in v ? v.why : ''}`);
    assert.deepEqual(bad, [], `${bad.length} of ${verdicts.length} cases not good`);
  });
}
