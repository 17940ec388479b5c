/**
 * Env server benchmark (issue 15's floor): Python's ArmkitVectorEnv over `armkit serve-env`,
 * PickCube-v1, 16 envs, uniform random actions, against `armkit eval`'s own 16-env loop (the
 * vector env eval builds by default: 16 envs on one worker thread) stepping the same kind of
 * actions in process. Both reset every episode (50 steps). Rounds alternate so that load from
 * other processes hits both sides alike; the medians are compared. Floor: >= 0.6x.
 *
 *   npm run bench:serve-env [-- --seconds S --rounds R --out out/bench/serve-env.json]
 *
 * Also printed, not judged: the server with --workers 1 (eval's vector env behind the socket),
 * and `armkit eval --policy scripted --envs 16`'s own steps/s (its policy's cost included).
 * Timings on a shared machine are noisy; the machine's load is printed with the figures.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Rng } from '../math/rng.js';
import { WorkerVectorEnv } from '../tasks/vector/worker-vector-env.js';
import { ROOT, arg, output, startArmkit, stopChild } from './armkit-child.js';
import { machineLoad } from './machine-load.js';

const TASK = 'PickCube-v1';
const ENVS = 16;
const MODE = 'pd_ee_delta_pose' as const;
const PYTHON = '/usr/bin/python3';

function startServeEnv(extra: string[]): Promise<{ child: ChildProcess; endpoint: string }> {
  return startArmkit(['serve-env', '--task', TASK, '--envs', String(ENVS), '--control-mode', MODE, '--bind', 'tcp://127.0.0.1:*', ...extra]);
}

/** The Python client's env steps/s over one server. */
async function python(endpoint: string, seconds: number): Promise<number> {
  const line = await output(PYTHON, [join(ROOT, 'bench', 'serve-env-client.py'), endpoint, String(seconds)]);
  return (JSON.parse(line) as { envStepsPerSecond: number }).envStepsPerSecond;
}

/** eval's vector env (16 envs, 1 worker) stepping uniform random actions in process: env steps/s. */
async function inProcess(vec: WorkerVectorEnv, seconds: number): Promise<number> {
  const rng = new Rng(0);
  const actions = new Float32Array(ENVS * vec.actionSpace.size);
  const random = () => {
    for (let i = 0; i < actions.length; i++) actions[i] = rng.uniform(-1, 1);
    return actions;
  };
  const seeds = (from: number) => Array.from({ length: ENVS }, (_, i) => from + i);
  vec.reset(seeds(0));
  for (let k = 0; k < 20; k++) vec.step(random());
  const horizon = vec.spec.maxEpisodeSteps;
  let steps = 0;
  let episode = 1;
  const t0 = performance.now();
  vec.reset(seeds(1000));
  while (performance.now() - t0 < seconds * 1000) {
    for (let k = 0; k < horizon; k++) {
      vec.step(random());
      steps += ENVS;
    }
    vec.reset(seeds(1000 + episode++ * ENVS));
  }
  return steps / ((performance.now() - t0) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '3'));
  const rounds = Number(arg('rounds', '3'));
  const out = arg('out', join(ROOT, 'out', 'bench', 'serve-env.json'));
  const load = machineLoad();
  process.stdout.write(`${load}\n`);
  const vec = await WorkerVectorEnv.create(TASK, { controlMode: MODE, obsMode: 'state' }, ENVS, 1);
  const sync = await startServeEnv([]);
  const worker = await startServeEnv(['--workers', '1']);
  const local: number[] = [];
  const remote: number[] = [];
  const remoteWorker: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      local.push(await inProcess(vec, seconds));
      remote.push(await python(sync.endpoint, seconds));
      remoteWorker.push(await python(worker.endpoint, seconds));
    }
  } finally {
    vec.close();
    await stopChild(sync.child);
    await stopChild(worker.child);
  }
  const dir = mkdtempSync(join(tmpdir(), 'armkit-bench-serve-env-'));
  await output(process.execPath, [join(ROOT, 'bin', 'armkit.js'), 'eval', '--task', TASK, '--policy', 'scripted', '--episodes', '64', '--envs', String(ENVS), '--quiet', '--json', join(dir, 'eval.json')]);
  const evalReport = JSON.parse(readFileSync(join(dir, 'eval.json'), 'utf8')) as { controlSteps: number; seconds: number };
  const evalScripted = evalReport.controlSteps / evalReport.seconds;
  const ratio = median(remote) / median(local);
  const report = {
    machine: load,
    task: TASK, envs: ENVS, controlMode: MODE, seconds, rounds,
    inProcessEnvStepsPerSecond: local,
    pythonServeEnvStepsPerSecond: remote,
    pythonServeEnvWorkersStepsPerSecond: remoteWorker,
    evalScriptedStepsPerSecond: evalScripted,
    ratio, floor: 0.6, pass: ratio >= 0.6,
  };
  const f = (x: number) => x.toFixed(0);
  process.stdout.write(`${TASK}, ${ENVS} envs, random actions: eval's 16-env loop in process ${f(median(local))} env steps/s (rounds ${local.map(f).join(', ')}); Python ArmkitVectorEnv over serve-env ${f(median(remote))} env steps/s (rounds ${remote.map(f).join(', ')}): ${ratio.toFixed(2)}x (floor >= 0.6): ${ratio >= 0.6 ? 'PASS' : 'FAIL'}\n`);
  process.stdout.write(`  serve-env --workers 1 (eval's vector env behind the socket): ${f(median(remoteWorker))} env steps/s (${(median(remoteWorker) / median(local)).toFixed(2)}x); armkit eval --policy scripted --envs 16 reports ${f(evalScripted)} steps/s (its policy included)\n`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
}

await main();
