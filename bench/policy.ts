/**
 * Policy runtime benchmark: per-step latency of armkit's ONNX policies (BC, diffusion DDIM-10 at
 * two UNet sizes, V-GPS with K = 10 over each base) at batch 1 and 64, against the same
 * networks in PyTorch eager with the same thread count, plus V-GPS's draw and scoring costs.
 *
 *   npm run bench:policy [-- --threads N --budget-ms MS --out out/bench/policy.json]
 *
 * Needs Debian's python3-torch, python3-onnx and python3-numpy for the PyTorch side and for
 * generating the large UNet (out/models/diffusion-unet-large.onnx) on first run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng } from '../math/rng.js';
import { BcPredictor } from '../policies/bc/bc-predictor.js';
import { DiffusionPredictor } from '../policies/diffusion/diffusion-predictor.js';
import type { ExecutionOptions } from '../policies/model/execution-provider.js';
import type { CandidateSampler, ChunkPredictor } from '../policies/runner/chunk-predictor.js';
import { ChunkedPolicy } from '../policies/runner/chunked-policy.js';
import { OnnxQFunction } from '../policies/vgps/onnx-q-function.js';
import { VgpsPredictor } from '../policies/vgps/vgps-predictor.js';
import { denseMacsPerRow } from './dense-macs.js';
import { timeSteps, type Latency } from './policy-timing.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'models');
const PYTHON = '/usr/bin/python3';
const OBS_DIM = 42;
const BATCHES = [1, 64] as const;
const K = 10;

interface CaseResult extends Latency {
  case: string;
  batch: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { threads: { type: 'string', default: '1' }, 'budget-ms': { type: 'string', default: '2000' }, out: { type: 'string', default: join(ROOT, 'out', 'bench', 'policy.json') } } });
  const args = { threads: Number(values.threads), budgetMs: Number(values['budget-ms']), out: values.out };
  if (!Number.isInteger(args.threads) || args.threads < 1) throw new TypeError(`--threads: expected an integer >= 1, got ${values.threads}`);
  const exec: ExecutionOptions = { providers: ['cpu'], intraOpThreads: args.threads, interOpThreads: 1 };
  const models = {
    bc: join(FIXTURES, 'bc-mlp.onnx'),
    gaussian: join(FIXTURES, 'bc-gaussian.onnx'),
    small: join(FIXTURES, 'diffusion-unet-small.onnx'),
    large: join(ROOT, 'out', 'models', 'diffusion-unet-large.onnx'),
    q: join(FIXTURES, 'q-mlp.onnx'),
  };
  ensureLargeModel(models.large);
  const inputs = Object.fromEntries(BATCHES.map((b) => [b, observations(b, 1000 + b)])) as Record<number, Float32Array>;
  mkdirSync(dirname(args.out), { recursive: true });
  const inputsPath = join(dirname(args.out), 'policy-inputs.json');
  writeFileSync(inputsPath, JSON.stringify(Object.fromEntries(BATCHES.map((b) => [b, Array.from(inputs[b]!)]))));

  console.log(`armkit policy benchmark: ${args.threads} thread(s), CPU provider, ${cpus()[0]?.model ?? 'cpu'} x ${cpus().length}`);
  const armkit: CaseResult[] = [];
  const record = (name: string, batch: number, l: Latency) => {
    armkit.push({ case: name, batch, ...l });
    console.log(`  armkit ${name} batch ${batch}: median ${l.medianMs.toFixed(3)} ms, p99 ${l.p99Ms.toFixed(3)} ms (${l.samples} steps)`);
  };
  const budget = (batch: number) => ({ budgetMs: args.budgetMs, warmup: batch === 1 ? 3 : 1 });

  // Whole policy steps: act() with a plan at every step (action horizon 1).
  const steps: [string, () => Promise<ChunkPredictor>][] = [
    ['bc', () => BcPredictor.load(models.bc, exec)],
    ['diffusion-small-ddim10', () => DiffusionPredictor.load(models.small, { ...exec, inferenceSteps: 10 })],
    ['diffusion-large-ddim10', () => DiffusionPredictor.load(models.large, { ...exec, inferenceSteps: 10 })],
    ['vgps-k10-bc-gaussian', async () => new VgpsPredictor(await BcPredictor.load(models.gaussian, { ...exec, gaussian: 'sample' }), await OnnxQFunction.load(models.q, exec), { candidates: K })],
    ['vgps-k10-diffusion-small', async () => new VgpsPredictor(await DiffusionPredictor.load(models.small, { ...exec, inferenceSteps: 10 }), await OnnxQFunction.load(models.q, exec), { candidates: K })],
  ];
  for (const [name, load] of steps) {
    await using policy = new ChunkedPolicy(await load(), { actionHorizon: 1 });
    for (const batch of BATCHES) {
      policy.reset({ seed: 0 });
      const obs = inputs[batch]!;
      const target = new Float32Array(batch * policy.actionDim);
      record(name, batch, await timeSteps(() => policy.act(obs, batch, target), budget(batch)));
    }
  }

  // V-GPS parts: K candidates in one batched draw vs K sequential draws, and the full step.
  const vgpsParts: Record<string, unknown>[] = [];
  const bases: [string, () => Promise<CandidateSampler>, readonly number[]][] = [
    ['bc-gaussian', () => BcPredictor.load(models.gaussian, { ...exec, gaussian: 'sample' }), BATCHES],
    ['diffusion-small', () => DiffusionPredictor.load(models.small, { ...exec, inferenceSteps: 10 }), [1]],
  ];
  for (const [name, load, batches] of bases) {
    await using vgps = new VgpsPredictor(await load(), await OnnxQFunction.load(models.q, exec), { candidates: K });
    const base = vgps.base;
    for (const batch of batches) {
      const to = vgps.horizons.observation;
      const windows = new Float32Array(batch * to * OBS_DIM);
      for (let t = 0; t < batch * to; t++) windows.set(inputs[batch]!.subarray((t % batch) * OBS_DIM, (t % batch + 1) * OBS_DIM), t * OBS_DIM);
      const rngs = Array.from({ length: batch }, (_, i) => new Rng(i));
      const chunk = base.horizons.prediction * base.actionDim;
      const candidates = new Float32Array(batch * K * chunk);
      const one = new Float32Array(batch * chunk);
      const b = budget(batch);
      const batched = await timeSteps(() => base.sampleCandidates(windows, batch, K, rngs, candidates), b);
      const sequential = await timeSteps(async () => {
        for (let c = 0; c < K; c++) await base.predict(windows, batch, rngs, one);
      }, b);
      const full = await timeSteps(() => vgps.predict(windows, batch, rngs, one), b);
      // The critic's dense layers over batch x K rows: the arithmetic scoring cannot avoid, and
      // the rate the CPU would need to fit it into 20% of the draw.
      const scoreGflop = (2 * denseMacsPerRow(models.q) * batch * K) / 1e9;
      const scoreMs = full.medianMs - batched.medianMs;
      const row = {
        base: name, batch, batchedDraw: batched, sequentialDraws: sequential, drawScoreChoose: full,
        batchedOverSequential: batched.medianMs / sequential.medianMs,
        scoringOverhead: full.medianMs / batched.medianMs - 1,
        scoreGflop,
        scoreGflopPerS: scoreGflop / (scoreMs / 1e3),
        gflopPerSForFloor: scoreGflop / ((0.2 * batched.medianMs) / 1e3),
      };
      vgpsParts.push(row);
      console.log(`  V-GPS over ${name} batch ${batch}: draw K=${K} batched ${batched.medianMs.toFixed(3)} ms vs ${K} sequential ${sequential.medianMs.toFixed(3)} ms (x${row.batchedOverSequential.toFixed(3)}); draw+score+choose ${full.medianMs.toFixed(3)} ms (+${(100 * row.scoringOverhead).toFixed(1)}%)`);
      if (scoreMs > 0) console.log(`    scoring: ${(scoreGflop * 1e3).toFixed(2)} MFLOP of critic layers in ${(scoreMs * 1e3).toFixed(1)} us (${row.scoreGflopPerS.toFixed(1)} GFLOP/s); within 20% of the draw would take ${row.gflopPerSForFloor.toFixed(1)} GFLOP/s`);
      else console.log(`    scoring: ${(scoreGflop * 1e3).toFixed(2)} MFLOP of critic layers, within the draw's timing noise`);
    }
  }

  console.log(`PyTorch eager (${PYTHON}, ${args.threads} thread(s)) on the same inputs...`);
  const torch = runTorch(args, inputsPath);

  const ratios = torch.cases.map((t) => {
    const a = armkit.find((x) => x.case === t.case && x.batch === t.batch)!;
    return { case: t.case, batch: t.batch, armkitMs: a.medianMs, torchMs: t.medianMs, ratio: a.medianMs / t.medianMs };
  });
  const floors = [
    ...ratios.filter((r) => r.batch === 1).map((r) => ({ floor: `${r.case} step <= 0.5x PyTorch eager at batch 1`, value: r.ratio, limit: 0.5, met: r.ratio <= 0.5 })),
    ...vgpsParts.filter((v) => v['batch'] === 1).flatMap((v) => [
      { floor: `V-GPS over ${String(v['base'])}: batched K=${K} draw <= 0.5x ${K} sequential draws (batch 1)`, value: v['batchedOverSequential'] as number, limit: 0.5, met: (v['batchedOverSequential'] as number) <= 0.5 },
      { floor: `V-GPS over ${String(v['base'])}: scoring and choosing <= 20% on top of drawing (batch 1)`, value: v['scoringOverhead'] as number, limit: 0.2, met: (v['scoringOverhead'] as number) <= 0.2 },
    ]),
  ];

  console.log('\nratios (armkit ONNX policy step / PyTorch eager, medians):');
  for (const r of ratios) console.log(`  ${r.case.padEnd(24)} batch ${String(r.batch).padStart(2)}: ${r.armkitMs.toFixed(3).padStart(9)} ms vs ${r.torchMs.toFixed(3).padStart(9)} ms  x${r.ratio.toFixed(3)}`);
  console.log('\nfloors:');
  for (const f of floors) console.log(`  [${f.met ? 'met' : 'MISSED'}] ${f.floor}: ${f.value.toFixed(3)}`);

  const report = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version },
    threads: args.threads,
    provider: 'cpu',
    note: 'armkit step = ChunkedPolicy.act() planning every step (action horizon 1); PyTorch step = normalize, network (BC) or noise + DDIM-10 (diffusion), unnormalize, in eager mode',
    armkit,
    torch,
    ratios,
    vgps: vgpsParts,
    floors,
  };
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${args.out}`);
}

function runTorch(args: { threads: number; budgetMs: number }, inputsPath: string): { torch: string; threads: number; cases: CaseResult[] } {
  const r = spawnSync(PYTHON, [join(ROOT, 'bench', 'policy-torch.py'), '--threads', String(args.threads), '--inputs', inputsPath, '--budget', String(args.budgetMs / 1000)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${PYTHON} bench/policy-torch.py failed (status ${r.status}${r.error ? `, ${r.error.message}` : ''}); install python3-torch python3-onnx python3-numpy`);
  return JSON.parse(r.stdout) as { torch: string; threads: number; cases: CaseResult[] };
}

function ensureLargeModel(path: string): void {
  if (existsSync(path)) return;
  console.log(`generating ${path} (diffusion_policy's low-dim UNet size, down_dims [256, 512, 1024])...`);
  const r = spawnSync(PYTHON, [join(FIXTURES, 'export.py'), '--large', dirname(path)], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`generating the large UNet failed (status ${r.status}); install python3-torch python3-onnx python3-numpy`);
}

/** Flat observations for n envs from the project's seeded generator. */
function observations(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(n * OBS_DIM);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-0.3, 0.3);
  return out;
}

await main();
