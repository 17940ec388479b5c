/** Latency summary of one benchmark case, in milliseconds. */
export interface Latency {
  /** Median. */
  readonly medianMs: number;
  /** 99th percentile (nearest rank); with under 100 samples this is close to the maximum. */
  readonly p99Ms: number;
  /** Samples timed. */
  readonly samples: number;
}

/** How long to time a case. */
export interface TimingBudget {
  /** Untimed calls first, at least (default 2). */
  readonly warmup?: number;
  /** Keep warming up until this much time is spent, so that cheap steps reach optimized code (default 500 ms). */
  readonly warmupMs?: number;
  /** Stop after this many samples (default 1000). */
  readonly maxSamples?: number;
  /** Stop once this much time is spent and minSamples are in (default 2000 ms). */
  readonly budgetMs?: number;
  /** Take at least this many samples (default 3). */
  readonly minSamples?: number;
}

/** Time an async step repeatedly and summarize its latency. */
export async function timeSteps(step: () => Promise<unknown>, budget: TimingBudget = {}): Promise<Latency> {
  const warmup = budget.warmup ?? 2;
  const warmupMs = budget.warmupMs ?? 500;
  const maxSamples = budget.maxSamples ?? 1000;
  const budgetMs = budget.budgetMs ?? 2000;
  const minSamples = budget.minSamples ?? 3;
  const warmStart = performance.now();
  for (let i = 0; i < warmup || performance.now() - warmStart < warmupMs; i++) await step();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < maxSamples && (samples.length < minSamples || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    await step();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

/** Median and p99 of latencies in milliseconds. */
export function summarize(samples: readonly number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const rank = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return { medianMs: rank(0.5), p99Ms: rank(0.99), samples: s.length };
}
