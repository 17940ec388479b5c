import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES, judge, runArmkit, type FuzzCase, type Verdict } from './cli-cases.js';

/**
 * `npm run fuzz:cli`: every case of test/fuzz/cli-cases.ts through the real `armkit`, judged
 * by the harness's rules; prints good/poor/bad by class and every case that is not good, and
 * exits 1 unless all are good.
 */
async function main(): Promise<number> {
  const only = process.argv[2];
  const cases = only ? CASES.filter((c) => c.kind.includes(only) || c.name.includes(only)) : CASES;
  const results: { c: FuzzCase; v: Verdict; ms: number }[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const c = cases[i]!;
      const dir = mkdtempSync(join(tmpdir(), 'armkit-fuzz-'));
      c.setup?.(dir);
      const o = await runArmkit(c.args(dir));
      const v = judge(c, o, dir);
      results.push({ c, v, ms: o.ms });
      process.stderr.write(`\r${results.length}/${cases.length} cases\x1b[K`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(4, cpus().length)) }, worker));
  process.stderr.write('\n');
  const kinds = [...new Set(cases.map((c) => c.kind))];
  const count = (k: string, v: Verdict['verdict']) => results.filter((r) => r.c.kind === k && r.v.verdict === v).length;
  process.stdout.write(`${'class'.padEnd(24)} good  poor  bad\n`);
  for (const k of kinds) process.stdout.write(`${k.padEnd(24)} ${String(count(k, 'good')).padStart(4)}  ${String(count(k, 'poor')).padStart(4)}  ${String(count(k, 'bad')).padStart(3)}\n`);
  const total = (v: Verdict['verdict']) => results.filter((r) => r.v.verdict === v).length;
  process.stdout.write(`${'all'.padEnd(24)} ${String(total('good')).padStart(4)}  ${String(total('poor')).padStart(4)}  ${String(total('bad')).padStart(3)}   (${results.length} invocations)\n`);
  for (const r of results) if (r.v.verdict !== 'good') process.stdout.write(`${r.v.verdict.toUpperCase()} [${r.c.kind}] ${r.c.name}: ${r.v.why}\n`);
  return total('good') === results.length ? 0 : 1;
}

process.exitCode = await main();
