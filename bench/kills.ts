// npm run bench:kills -- [--kills N] [--seed S]
// `armkit collect` killed at seeded random times, N kills (default 30) cycling kill -9, SIGINT and
// SIGTERM, all on one file (so each run after a kill -9 takes over its stale lock). Counts the
// finished episodes (the recorder's own progress lines and summary) and those h5py finds in the
// file; after SIGINT and SIGTERM the file must have its masks, the exit status be 130/143 and the
// summary count what the file holds. Exits 1 when anything finished was lost.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '../math/rng.js';
import { killCollect, type KillKind } from './kill-collect.js';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '30' }, seed: { type: 'string', default: '0' } } });
const kills = Number(values.kills);
const rng = new Rng(Number(values.seed));
const file = join(mkdtempSync(join(tmpdir(), 'armkit-kills-')), 'demos.hdf5');
const KINDS: KillKind[] = ['SIGKILL', 'SIGINT', 'SIGTERM'];
const EXIT: Record<KillKind, number | null> = { SIGKILL: null, SIGINT: 130, SIGTERM: 143 };
const totals = Object.fromEntries(KINDS.map((k) => [k, { kills: 0, finished: 0, lost: 0, unreadable: 0, bad: 0 }]));
let done = 0;
let missed = 0;
while (done < kills) {
  const kind = KINDS[done % KINDS.length]!;
  // Up to 1.4 s after the first progress line: a 20-episode run has about 2.5 s of episodes left here.
  const delay = Math.round(rng.uniform(0, 1400));
  const r = await killCollect(file, kind, delay, rng.int(100_000));
  if (!r.killed) {
    missed++;
    continue;
  }
  done++;
  const t = totals[kind]!;
  t.kills++;
  t.finished += r.finished;
  t.lost += r.lost;
  if (r.found < 0) t.unreadable++;
  // A handled signal: the file closed with masks, the status of the signal, a summary of what the file holds.
  const handled = kind === 'SIGKILL' || (r.masks && r.code === EXIT[kind] && r.summary.includes(`wrote ${r.found} demos`));
  if (!handled) t.bad++;
  process.stdout.write(`${String(done).padStart(3)} ${kind.padEnd(7)} after ${String(delay).padStart(4)} ms: ${r.finished} finished, ${r.found} in the file, ${r.lost} lost, masks ${r.masks ? 'yes' : 'no'}, exit ${r.code ?? 'by signal'}${handled ? '' : `  BAD: ${r.summary}`}\n`);
}
let ok = true;
for (const [kind, t] of Object.entries(totals)) {
  ok &&= t.lost === 0 && t.unreadable === 0 && t.bad === 0;
  process.stdout.write(`${kind.padEnd(7)} ${t.kills} kills: ${t.lost} of ${t.finished} finished episodes lost, ${t.unreadable} files unreadable, ${t.bad} not closed with masks and status\n`);
}
const all = Object.values(totals).reduce((s, t) => ({ finished: s.finished + t.finished, lost: s.lost + t.lost }), { finished: 0, lost: 0 });
process.stdout.write(`all: ${all.lost} of ${all.finished} finished episodes lost over ${kills} kills (${missed} runs ended before their kill, not counted)\n`);
process.exitCode = ok ? 0 : 1;
