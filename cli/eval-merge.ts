import * as v from 'valibot';
import { readUserFile } from '../errors.js';
import { summarize } from '../rollout/evaluate.js';
import type { EpisodeResult } from '../rollout/rollout.js';
import { checkSchema } from '../schema-problems.js';
import { TASKS } from '../tasks/registered-tasks.js';
import { type EvalReport, formatSummary, writeReport } from './eval-report.js';
import { checkWritable } from './write-output.js';
import { readOptions, text } from './options.js';
import { UsageError } from './usage-error.js';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const EPISODE = v.object({
  episode: count,
  seed: count,
  attempts: count,
  successOnce: v.boolean(),
  successAtEnd: v.boolean(),
  return: v.number(),
  length: count,
  steps: count,
  interventions: count,
});
const SHARD_REPORT = v.object({
  task: v.string(),
  policy: v.string(),
  controlMode: v.string(),
  robot: v.nullable(v.string()),
  episodes: v.pipe(count, v.minValue(1)),
  seed: count,
  envs: count,
  workers: count,
  shard: v.object({ index: count, count: v.pipe(count, v.minValue(1)) }),
  seconds: v.number(),
  controlSteps: count,
  results: v.array(EPISODE),
});
type ShardReport = v.InferOutput<typeof SHARD_REPORT>;

// What every shard of one run shares.
const RUN_FIELDS = ['task', 'policy', 'controlMode', 'robot', 'episodes', 'seed'] as const;

/**
 * `armkit eval merge A.json B.json ... [--out M.json]`: the shards of one run (`armkit eval --shard I/N --json`)
 * combined into that run's report: every episode once, in seed order, and the metrics over them,
 * exactly what one run over all the seeds gives. Refuses reports of different runs, a shard given
 * twice or missing, and an episode twice or absent, naming the file.
 */
export async function runEvalMerge(argv: string[]): Promise<number> {
  const { values: o, positionals } = readOptions('eval merge', argv, { out: text(), json: text(), plot: text() }, true);
  if (o.out !== undefined && o.json !== undefined) throw new UsageError('armkit eval merge: --out and --json name the same file (the merged JSON report); give one');
  const json = o.out ?? o.json;
  if (positionals.length === 0) throw new UsageError('armkit eval merge: expected the shard reports (SHARD.json ...), got none');
  for (const path of [json, o.plot]) if (path) checkWritable(path);
  const shards = positionals.map((path) => ({ path, report: readShard(path) }));
  const first = shards[0]!.report;
  const seen = new Map<number, string>();
  for (const { path, report } of shards) {
    for (const k of RUN_FIELDS) {
      if (report[k] !== first[k]) throw new UsageError(`${path}: ${k} is ${JSON.stringify(report[k])}, ${shards[0]!.path} has ${JSON.stringify(first[k])}: not shards of one run`);
    }
    if (report.shard.count !== first.shard.count) throw new UsageError(`${path}: shard of ${report.shard.count}, ${shards[0]!.path} is a shard of ${first.shard.count}`);
    const twin = seen.get(report.shard.index);
    if (twin !== undefined) throw new UsageError(`${path}: shard ${report.shard.index}/${report.shard.count} is also ${twin}`);
    seen.set(report.shard.index, path);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new UsageError(`eval merge: shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${first.shard.count} missing`);
  const bySeed = new Map<number, { path: string; result: EpisodeResult }>();
  for (const { path, report } of shards) {
    for (const result of report.results) {
      const other = bySeed.get(result.seed);
      if (other) throw new UsageError(`${path}: seed ${result.seed} is also in ${other.path}`);
      if (result.seed < first.seed || result.seed >= first.seed + first.episodes) throw new UsageError(`${path}: seed ${result.seed} is outside the run's seeds ${first.seed}..${first.seed + first.episodes - 1}`);
      bySeed.set(result.seed, { path, result });
    }
  }
  const absent = first.episodes - bySeed.size;
  if (absent > 0) throw new UsageError(`eval merge: ${absent} of the run's ${first.episodes} seeds have no episode (a shard stopped early?)`);
  const results = [...bySeed.values()].map((r) => r.result).sort((a, b) => a.seed - b.seed);
  // The run's fields as every shard names them; the shard's own go.
  const { shard: _shard, seconds: _seconds, controlSteps: _steps, results: _results, ...run } = first;
  const seconds = shards.reduce((a, s) => a + s.report.seconds, 0);
  const report: EvalReport = { ...run, metrics: summarize(results), seconds, controlSteps: shards.reduce((a, s) => a + s.report.controlSteps, 0), results };
  process.stdout.write(`merged ${shards.length} shards\n${formatSummary(report, report.seed, report.episodes)}`);
  writeReport(report, TASKS.has(report.task) ? TASKS.get(report.task).create().maxEpisodeSteps : Math.max(...results.map((r) => r.length)), { json, plot: o.plot });
  return 0;
}

function readShard(path: string): ShardReport {
  const raw = readUserFile(path).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`${path}: expected the JSON report of armkit eval --shard, got text that is not JSON (${(e as Error).message})`);
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && !('shard' in json)) {
    throw new UsageError(`${path}: expected a shard's report (armkit eval --shard I/N --json), got one without a shard field (a whole run's?)`);
  }
  const checked = checkSchema(SHARD_REPORT, json);
  if ('problems' in checked) {
    throw new UsageError(`${path}: not a shard report of armkit eval: ${checked.problems.map((p) => `${p.path || 'the file'}: expected ${p.expected}, got ${p.found}`).join('; ')}`);
  }
  return checked.output;
}
