// npm run bench:parity -- [--episodes N] [--seed S] [--out FILE]
// For every task with a scripted expert: the expert through plain `armkit eval` and through the
// simulated arm as a robot (`armkit eval --robot sim:TASK`, the deploy code path), episode by
// episode and action by action. Writes JSON (default out/bench/parity.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { SCRIPTED_EXPERTS } from '../policies/scripted/scripted-experts.js';
import { robotParity, type ParityReport } from './robot-parity.js';

const { values } = parseArgs({ options: { episodes: { type: 'string', default: '50' }, seed: { type: 'string', default: '0' }, out: { type: 'string', default: 'out/bench/parity.json' } } });
const episodes = Number(values.episodes);
const seed = Number(values.seed);
const reports: ParityReport[] = [];
let ok = true;
for (const task of SCRIPTED_EXPERTS.ids()) {
  const t0 = performance.now();
  const r = await robotParity(task, seed, episodes);
  reports.push(r);
  const same = r.equalEpisodes === r.episodes && r.actionMismatches === 0;
  ok &&= same;
  process.stdout.write(
    `${task.padEnd(12)} episodes equal ${r.equalEpisodes}/${r.episodes}, success ${r.successPlain} vs ${r.successRobot}, ` +
      `${r.clippedSteps}/${r.steps} steps clipped, ${r.actionMismatches} unclipped actions differ  (${((performance.now() - t0) / 1000).toFixed(1)} s)${same ? '' : `  ${r.differences.join('; ')}`}\n`,
  );
}
mkdirSync(dirname(values.out!), { recursive: true });
writeFileSync(values.out!, `${JSON.stringify({ episodes, seed, reports }, null, 2)}\n`);
process.stdout.write(`parity ${ok ? 'holds' : 'FAILS'} over seeds ${seed}..${seed + episodes - 1}; wrote ${values.out}\n`);
process.exitCode = ok ? 0 : 1;
