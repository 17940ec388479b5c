/**
 * Policy server benchmark (issue 15's floors), one run, ratios side by side:
 *
 * 1. BC fixture, batch 1, loopback: the added latency of a remote policy step (`armkit serve` in
 *    another process, ChunkedPolicy over a RemotePredictor) over the same model in process.
 *    Floor: <= 0.15 ms median.
 * 2. 16 clients on the small diffusion UNet (DDIM-10), each asking for one env's chunk in a
 *    loop: chunks/s with server-side batching (--max-batch 16) over without (--max-batch 1).
 *    Floor: >= 4x.
 * 3. Sharded evaluation: PickCube-v1, scripted, 100 seeds as one 16-env run and as 4 shards
 *    (`--shard I/4`) merged (`armkit eval merge`); and bc-mlp as 4 shards sharing one `armkit
 *    serve` (cluster/eval-shared-server.sh) against one in-process run. Floor: the merged report's
 *    per-episode results and metrics equal the single run's exactly.
 * 4. Async inference: a 10 Hz control loop over the simulated PickCube-v1 env, the small diffusion
 *    UNet at DDIM-20 served by `armkit serve` (one chunk takes longer than the 100 ms period
 *    here), executed by the sync client (ChunkedPolicy: plans when its queue is empty) and by the
 *    async client (AsyncChunkedPolicy: asks at half a chunk left, latest wins). Floor: no missed
 *    period after the episode's first step with async; the sync client's misses reported beside.
 *
 * 5. The same against the twin: `armkit deploy`'s robot (openRobot over a robot config, RobotEnv
 *    at 10 Hz through rosbridge) on the twin (a worker thread), DDIM-50 served with one ORT
 *    thread (the twin and the loop need the other core of this 2-core machine). Missed periods:
 *    ticks that came more than half a period late, after the first step, plus RateKeeper overruns.
 *
 *   npm run bench:serve [-- --budget-ms MS --only latency,batching,shards,async,twin --out out/bench/serve.json]
 *
 * Timings on a shared machine are noisy; the machine's load is printed with the figures.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { dirname, join } from 'node:path';
import { Rng } from '../math/rng.js';
import { loadPolicy } from '../policies/load-policy.js';
import { RemotePredictor } from '../policies/remote/remote-predictor.js';
import { ChunkedPolicy } from '../policies/runner/chunked-policy.js';
import { AsyncChunkedPolicy } from '../policies/remote/async-chunked-policy.js';
import { bindPolicy } from '../policies/bind-policy.js';
import type { Policy } from '../policies/policy.js';
import { makeEnv } from '../tasks/make-env.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { openRobot } from '../cli/open-robot.js';
import { resolvePolicy } from '../cli/policy-choices.js';
import { WorkerTwin } from '../test/hardware/worker-twin.js';
import { ROOT, arg, output, startArmkit, stopChild } from './armkit-child.js';
import { machineLoad } from './machine-load.js';
import { timeSteps } from './policy-timing.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'models');
const CLIENTS = 16;

/** `armkit serve` of a fixture model in a child process, on `port`. */
function startServer(model: string, port: number, extra: string[]): Promise<{ child: ChildProcess; endpoint: string }> {
  return startArmkit(['serve', '--policy', join(FIXTURES, model), '--bind', `tcp://127.0.0.1:${port}`, ...extra]);
}

async function latency(budgetMs: number) {
  const local = await loadPolicy(join(FIXTURES, 'bc-mlp.onnx'));
  const { child, endpoint } = await startServer('bc-mlp.onnx', 5700 + (process.pid % 200), ['--threads', '1']);
  const remote = new ChunkedPolicy(await RemotePredictor.connect(endpoint, { timeoutMs: 10_000 }));
  const obs = Float32Array.from({ length: local.layout.frameSize }, (_, i) => Math.sin(i));
  const target = new Float32Array(local.actionDim);
  local.reset();
  remote.reset();
  // Interleaved rounds, so a burst of load from other processes hits both sides alike.
  const localMs: number[] = [];
  const remoteMs: number[] = [];
  for (let round = 0; round < 4; round++) {
    localMs.push((await timeSteps(() => Promise.resolve(local.act(obs, 1, target)), { budgetMs: budgetMs / 8, maxSamples: 5000 })).medianMs);
    remoteMs.push((await timeSteps(() => Promise.resolve(remote.act(obs, 1, target)), { budgetMs: budgetMs / 8, maxSamples: 5000 })).medianMs);
  }
  await remote.dispose();
  await local.dispose();
  await stopChild(child);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const inProcessMs = med(localMs);
  const remoteStepMs = med(remoteMs);
  return { inProcessMs, remoteMs: remoteStepMs, addedMs: remoteStepMs - inProcessMs, floorMs: 0.15, pass: remoteStepMs - inProcessMs <= 0.15 };
}

async function throughput(maxBatch: number, seconds: number): Promise<{ chunksPerSecond: number; modelCallsHint: string }> {
  const { child, endpoint } = await startServer('diffusion-unet-small.onnx', 5900 + (process.pid % 90) + maxBatch, ['--max-batch', String(maxBatch), '--max-wait-ms', '20', '--diffusion-steps', '10']);
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => RemotePredictor.connect(endpoint, { timeoutMs: 60_000 })));
  const p = clients[0]!;
  const windows = new Float32Array(p.horizons.observation * p.layout.frameSize).fill(0.1);
  const out = new Float32Array(p.horizons.prediction * p.actionDim);
  let done = 0;
  let stop = false;
  const loop = async (c: RemotePredictor, i: number) => {
    const rngs = [new Rng(i)];
    const mine = new Float32Array(out.length);
    while (!stop) {
      await c.predict(windows, 1, rngs, mine);
      done++;
    }
  };
  // Warm up (ORT's first calls at each batch size), then count.
  await Promise.all(clients.map((c, i) => c.predict(windows, 1, [new Rng(i)], new Float32Array(out.length))));
  const t0 = performance.now();
  const loops = clients.map(loop);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  stop = true;
  await Promise.all(loops);
  const elapsed = (performance.now() - t0) / 1000;
  for (const c of clients) await c.dispose();
  await stopChild(child);
  return { chunksPerSecond: done / elapsed, modelCallsHint: `${done} chunks in ${elapsed.toFixed(2)} s` };
}

interface Report {
  readonly results: unknown[];
  readonly metrics: unknown;
}

const readReport = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Report;
const same = (a: Report, b: Report) => isDeepStrictEqual(a.results, b.results) && isDeepStrictEqual(a.metrics, b.metrics);

/** One run against 4 shards merged: in process (scripted, 100 seeds) and over one shared `armkit serve` (bc-mlp). */
async function shardedEval() {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-bench-shards-'));
  const armkit = join(ROOT, 'bin', 'armkit.js');
  const base = ['eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '100', '--seed', '0', '--quiet'];
  const t0 = performance.now();
  await output(process.execPath, [armkit, ...base, '--envs', '16', '--json', join(dir, 'whole.json')]);
  const wholeS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await Promise.all([0, 1, 2, 3].map((i) => output(process.execPath, [armkit, ...base, '--envs', '4', '--shard', `${i}/4`, '--json', join(dir, `shard-${i}.json`)])));
  const shardsS = (performance.now() - t1) / 1000;
  await output(process.execPath, [armkit, 'eval', 'merge', ...[3, 1, 0, 2].map((i) => join(dir, `shard-${i}.json`)), '--out', join(dir, 'merged.json')]);
  const scripted = { episodes: 100, wholeSeconds: wholeS, shardsSeconds: shardsS, equal: same(readReport(join(dir, 'whole.json')), readReport(join(dir, 'merged.json'))) };

  const model = join(FIXTURES, 'bc-mlp.onnx');
  const shared = join(dir, 'shared');
  await output('bash', [join(ROOT, 'cluster', 'eval-shared-server.sh')], { MODEL: model, EPISODES: '20', SHARDS: '4', ENVS: '2', PORT: String(6700 + (process.pid % 200)), OUT: shared, ARMKIT: `${process.execPath} ${armkit}` });
  await output(process.execPath, [armkit, 'eval', '--task', 'PickCube-v1', '--policy', model, '--episodes', '20', '--envs', '8', '--quiet', '--json', join(dir, 'bc-whole.json')]);
  const sharedServer = { episodes: 20, equal: same(readReport(join(dir, 'bc-whole.json')), readReport(join(shared, 'eval.json'))) };
  return { scripted, sharedServer, pass: scripted.equal && sharedServer.equal };
}

const PERIOD_MS = 100;

/** One served chunk's time, ms (the mean of 3, after a first call that warms ORT). */
async function timeChunk(endpoint: string): Promise<number> {
  const probe = await RemotePredictor.connect(endpoint, { timeoutMs: 30_000 });
  const windows = new Float32Array(probe.horizons.observation * probe.layout.frameSize).fill(0.1);
  const chunk = new Float32Array(probe.horizons.prediction * probe.actionDim);
  await probe.predict(windows, 1, [new Rng(0)], chunk);
  const t0 = performance.now();
  for (let k = 0; k < 3; k++) await probe.predict(windows, 1, [new Rng(k)], chunk);
  const chunkMs = (performance.now() - t0) / 3;
  await probe.dispose();
  return chunkMs;
}

/** One episode-long stretch of a 10 Hz loop: the periods the policy and the env step overran (the first step excluded: it waits for a first chunk in any mode). */
async function controlLoop(policy: Policy, steps: number): Promise<{ missed: number; worstMs: number; firstMs: number }> {
  const env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
  try {
    let obs = env.reset({ seed: 0 }).obs as Float32Array;
    policy.reset({ seed: 0 });
    let missed = 0;
    let worstMs = 0;
    let firstMs = 0;
    for (let s = 0; s < steps; s++) {
      const t0 = performance.now();
      const action = await policy.act(obs, 1);
      obs = (env.step(action).obs as Float32Array).slice();
      const spent = performance.now() - t0;
      if (s === 0) firstMs = spent;
      else {
        worstMs = Math.max(worstMs, spent);
        if (spent > PERIOD_MS) missed++;
      }
      await sleep(Math.max(0, PERIOD_MS - spent));
    }
    return { missed, worstMs, firstMs };
  } finally {
    env.close();
  }
}

async function asyncInference(steps: number) {
  // DDIM-20: a chunk well over one period on this machine even when its load drops (DDIM-10 takes 40-210 ms here).
  const { child, endpoint } = await startServer('diffusion-unet-small.onnx', 6400 + (process.pid % 200), ['--diffusion-steps', '20']);
  try {
    const chunkMs = await timeChunk(endpoint);
    const space = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
    const bind = (p: Policy) => bindPolicy(p, space.observationSpace, space.actionSpace);
    const sync = bind(new ChunkedPolicy(await RemotePredictor.connect(endpoint, { timeoutMs: 30_000 })));
    const syncRun = await controlLoop(sync, steps);
    await sync.dispose();
    const inner = new AsyncChunkedPolicy(await RemotePredictor.connect(endpoint, { timeoutMs: 30_000 }), { threshold: 0.5, aggregation: { kind: 'latest' } });
    const asyncPolicy = bind(inner);
    const asyncRun = await controlLoop(asyncPolicy, steps);
    const stats = { ...inner.stats };
    await asyncPolicy.dispose();
    space.close();
    return { periodMs: PERIOD_MS, steps, chunkMs, sync: syncRun, async: { ...asyncRun, ...stats }, pass: asyncRun.missed === 0 && chunkMs > PERIOD_MS };
  } finally {
    await stopChild(child);
  }
}

/** 60 steps of a 10 Hz deploy loop on the twin with `policyId`: missed periods after the first step. */
async function twinRun(config: string, policyId: string, steps: number) {
  await using robot = await openRobot(config, { keys: null, log: () => {}, maxSteps: steps + 1 });
  const choice = await resolvePolicy(policyId);
  await using policy = await choice.create({ task: robot.taskId, observationSpace: robot.vec.observationSpace, actionSpace: robot.vec.actionSpace, seed: 0 });
  let obs = await robot.vec.reset([0]);
  policy.reset({ seeds: [0] });
  let interrupted: string | null = null;
  const keeper = robot.env.rateKeeper;
  // The first step waits for the episode's first chunk in any mode: its overruns are counted apart.
  let firstOverruns = 0;
  try {
    for (let k = 0; k < steps; k++) {
      obs = (await robot.vec.step(await policy.act(obs, 1))).obs;
      if (k === 0) firstOverruns = keeper.overruns;
    }
  } catch (e) {
    interrupted = (e as Error).message;
  }
  const late = keeper.jitter().filter((j) => j > keeper.periodMs / 2).length;
  return { late, overruns: keeper.overruns - firstOverruns, firstOverruns, worstLateMs: Math.max(0, ...keeper.jitter()), interrupted };
}

async function twinDeploy(steps: number) {
  await using twin = await WorkerTwin.start({ task: 'PickCube-v1', port: 0, rateHz: 250, seed: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'armkit-bench-twin-'));
  const config = JSON.parse(readFileSync(join(ROOT, 'hardware', 'examples', 'twin-pickcube.json'), 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  const path = join(dir, 'twin-10hz.json');
  writeFileSync(path, JSON.stringify({ ...config, url: twin.url, controlHz: PERIOD_MS === 100 ? 10 : 1000 / PERIOD_MS }));
  const { child, endpoint } = await startServer('diffusion-unet-small.onnx', 6600 + (process.pid % 200), ['--diffusion-steps', '50', '--threads', '1']);
  try {
    const url = `zmq://${endpoint.slice('tcp://'.length)}?timeout=30000`;
    // Warm the server's model first, so neither run pays ORT's first calls.
    const chunkMs = await timeChunk(endpoint);
    const sync = await twinRun(path, url, steps);
    // Ask at 0.8 of a chunk left (12 actions, 1.2 s): chunks here take 0.1-1 s as the load swings.
    const asyncRun = await twinRun(path, `${url}&async=0.8`, steps);
    return { periodMs: PERIOD_MS, steps, chunkMs, sync, async: asyncRun, pass: asyncRun.late === 0 && asyncRun.overruns === 0 && asyncRun.interrupted === null && chunkMs > PERIOD_MS };
  } finally {
    await stopChild(child);
  }
}

async function main(): Promise<void> {
  const budgetMs = Number(arg('budget-ms', '4000'));
  const only = new Set(arg('only', 'latency,batching,shards,async,twin').split(','));
  const out = arg('out', join(ROOT, 'out', 'bench', 'serve.json'));
  const load = machineLoad();
  const f = (x: number) => x.toFixed(3);
  process.stdout.write(`${load}\n`);
  const report: Record<string, unknown> = { machine: load };
  if (only.has('latency')) {
    const lat = await latency(budgetMs);
    report.bcBatch1Loopback = lat;
    process.stdout.write(`BC batch 1 loopback: in process ${f(lat.inProcessMs)} ms, remote ${f(lat.remoteMs)} ms, added ${f(lat.addedMs)} ms median (floor <= 0.15): ${lat.pass ? 'PASS' : 'FAIL'}\n`);
  }
  if (only.has('batching')) {
    const batched = await throughput(CLIENTS, budgetMs / 1000);
    const single = await throughput(1, budgetMs / 1000);
    const ratio = batched.chunksPerSecond / single.chunksPerSecond;
    report.diffusion16Clients = { batched, unbatched: single, ratio, floor: 4, pass: ratio >= 4 };
    process.stdout.write(`diffusion DDIM-10, ${CLIENTS} clients: batched ${batched.chunksPerSecond.toFixed(1)} chunks/s (${batched.modelCallsHint}), unbatched ${single.chunksPerSecond.toFixed(1)} chunks/s (${single.modelCallsHint}): ${ratio.toFixed(2)}x (floor >= 4): ${ratio >= 4 ? 'PASS' : 'FAIL'}\n`);
  }
  if (only.has('shards')) {
    const sh = await shardedEval();
    report.shardedEval = sh;
    const word = (x: boolean) => (x ? 'equal' : 'DIFFERENT');
    process.stdout.write(`sharded eval, PickCube-v1 scripted, 100 seeds: 4 shards merged vs one run: per-episode results and metrics ${word(sh.scripted.equal)} (one run ${sh.scripted.wholeSeconds.toFixed(1)} s, 4 shards side by side ${sh.scripted.shardsSeconds.toFixed(1)} s); bc-mlp, 20 seeds, 4 shards on one armkit serve vs one in-process run: ${word(sh.sharedServer.equal)}: ${sh.pass ? 'PASS' : 'FAIL'}\n`);
  }
  if (only.has('async')) {
    const a = await asyncInference(60);
    report.asyncInference = a;
    process.stdout.write(`async inference, 10 Hz loop over PickCube-v1, diffusion DDIM-20 over armkit serve (${a.chunkMs.toFixed(0)} ms a chunk, period ${a.periodMs} ms), ${a.steps} steps: sync client missed ${a.sync.missed} periods (worst step ${a.sync.worstMs.toFixed(0)} ms), async client missed ${a.async.missed} (worst ${a.async.worstMs.toFixed(0)} ms, ${a.async.requests} chunks asked, ${a.async.waits} wait: the first step's) (floor: async 0 with a chunk slower than a period): ${a.pass ? 'PASS' : 'FAIL'}\n`);
  }
  if (only.has('twin')) {
    const t = await twinDeploy(60);
    report.asyncTwinDeploy = t;
    const side = (r: typeof t.sync) => `${r.late} late ticks, ${r.overruns} overruns after the first step (worst ${r.worstLateMs.toFixed(0)} ms late)${r.interrupted ? `, interrupted: ${r.interrupted}` : ''}`;
    process.stdout.write(`async inference, 10 Hz deploy loop on the twin (rosbridge), diffusion DDIM-50 over armkit serve (${t.chunkMs.toFixed(0)} ms a chunk, 1 ORT thread), ${t.steps} steps: sync ${side(t.sync)}; async ${side(t.async)} (floor: async 0 late ticks and overruns after the first step, a chunk slower than a period): ${t.pass ? 'PASS' : 'FAIL'}\n`);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
}

await main();
