import { Hdf5DemoReader } from './hdf5-demo-reader.js';
import { RecordingError } from './recording-error.js';

/** One episode as the quality measures see it: states (observation keys side by side) and actions, row after row, and rewards. */
export interface QualityEpisode {
  states: Float64Array;
  actions: Float64Array;
  rewards: Float64Array;
}

/** A dataset for the quality measures: its episodes and row widths. */
export interface QualityDataset {
  name: string;
  stateDim: number;
  actionDim: number;
  episodes: QualityEpisode[];
}

/** Per-dimension bounds of the shared grid: every dataset compared is discretized on the same cells. */
export interface Grid {
  lo: Float64Array;
  hi: Float64Array;
  bins: number;
}

/** Per-episode figures. */
export interface EpisodeQuality {
  episode: number;
  length: number;
  return: number;
  /** Distinct (state cell, action cell) pairs within the episode. */
  uniquePairs: number;
  /** Mean squared distance of the episode's actions to the mean action of their state cell over the whole dataset. */
  actionDivergence: number;
}

/** A dataset's quality report. */
export interface DatasetQuality {
  episodes: EpisodeQuality[];
  meanReturn: number;
  /** TQ: (mean return - random's) / (expert's - random's); null without both references. */
  tq: number | null;
  uniquePairs: number;
  /** SACo: unique pairs / the reference's unique pairs on the same grid; null without a reference. */
  saco: number | null;
  /** Mean over state cells with >= 2 samples of the mean squared distance of actions to the cell's mean action. */
  actionDivergence: number;
  /** Entropy (nats) of the distribution of samples over state cells. */
  stateDiversity: number;
  bins: number;
}

/**
 * The shared grid: per dimension of state then action, the min and max over every sample of
 * every dataset given, cut into `bins` equal cells (a constant dimension has one cell).
 */
export function gridOf(datasets: readonly QualityDataset[], bins = 10): Grid {
  const first = datasets[0]!;
  const dim = first.stateDim + first.actionDim;
  for (const d of datasets) {
    if (d.stateDim !== first.stateDim || d.actionDim !== first.actionDim) throw new RecordingError(`${d.name}: expected ${first.stateDim}-d states and ${first.actionDim}-d actions (as ${first.name}), found ${d.stateDim} and ${d.actionDim}`);
  }
  const lo = new Float64Array(dim).fill(Infinity);
  const hi = new Float64Array(dim).fill(-Infinity);
  for (const d of datasets) {
    for (const e of d.episodes) {
      forRows(d, e, (s, a) => {
        for (let k = 0; k < dim; k++) {
          const x = k < d.stateDim ? s[k]! : a[k - d.stateDim]!;
          if (x < lo[k]!) lo[k] = x;
          if (x > hi[k]!) hi[k] = x;
        }
      });
    }
  }
  return { lo, hi, bins };
}

/**
 * TQ and SACo (Schweighofer et al., "A Dataset Perspective on Offline Reinforcement Learning")
 * and action divergence and state diversity (after Belkhale et al., "Data Quality in Imitation
 * Learning"), on `grid` (gridOf over the dataset and its references, so counts compare).
 * SACo is normalized by `reference` (the random dataset, when given: what undirected actions cover).
 */
export function datasetQuality(d: QualityDataset, grid: Grid, refs: { random?: QualityDataset; expert?: QualityDataset; reference?: QualityDataset } = {}): DatasetQuality {
  const returns = d.episodes.map((e) => e.rewards.reduce((a, b) => a + b, 0));
  const meanReturn = mean(returns);
  const rr = refs.random ? mean(refs.random.episodes.map((e) => e.rewards.reduce((a, b) => a + b, 0))) : null;
  const re = refs.expert ? mean(refs.expert.episodes.map((e) => e.rewards.reduce((a, b) => a + b, 0))) : null;
  const tq = rr !== null && re !== null && re !== rr ? (meanReturn - rr) / (re - rr) : null;

  const pairs = new Set<string>();
  const cells = new Map<string, { n: number; sum: Float64Array; sq: number }>();
  const keyed = d.episodes.map((e) => {
    const keys: { s: string; a: Float64Array }[] = [];
    forRows(d, e, (s, a) => {
      const sk = cellKey(grid, s, 0);
      pairs.add(`${sk}|${cellKey(grid, a, d.stateDim)}`);
      const c = cells.get(sk) ?? { n: 0, sum: new Float64Array(d.actionDim), sq: 0 };
      c.n++;
      for (let k = 0; k < d.actionDim; k++) {
        c.sum[k]! += a[k]!;
        c.sq += a[k]! * a[k]!;
      }
      cells.set(sk, c);
      keys.push({ s: sk, a: Float64Array.from(a) });
    });
    return keys;
  });
  const uniquePairs = pairs.size;
  const ref = refs.reference ?? refs.random;
  const saco = ref ? uniquePairs / uniquePairsOf(ref, grid) : null;
  // Within-cell action spread: E|a - mean_cell(a)|^2 = E|a|^2 - |mean|^2, per cell.
  const spread = (c: { n: number; sum: Float64Array; sq: number }) => c.sq / c.n - c.sum.reduce((a, s) => a + (s / c.n) ** 2, 0);
  const shared = [...cells.values()].filter((c) => c.n >= 2);
  const actionDivergence = shared.length ? mean(shared.map((c) => Math.max(0, spread(c)))) : 0;
  const total = [...cells.values()].reduce((a, c) => a + c.n, 0);
  const stateDiversity = -[...cells.values()].reduce((a, c) => a + (c.n / total) * Math.log(c.n / total), 0);
  const episodes = keyed.map((keys, i) => {
    const own = new Set<string>();
    let dist = 0;
    for (const { s, a } of keys) {
      own.add(`${s}|${cellKey(grid, a, d.stateDim)}`);
      const c = cells.get(s)!;
      for (let k = 0; k < d.actionDim; k++) dist += (a[k]! - c.sum[k]! / c.n) ** 2;
    }
    return { episode: i, length: keys.length, return: returns[i]!, uniquePairs: own.size, actionDivergence: keys.length ? dist / keys.length : 0 };
  });
  return { episodes, meanReturn, tq, uniquePairs, saco, actionDivergence, stateDiversity, bins: grid.bins };
}

/** Distinct (state cell, action cell) pairs of a dataset on `grid`. */
export function uniquePairsOf(d: QualityDataset, grid: Grid): number {
  const pairs = new Set<string>();
  for (const e of d.episodes) forRows(d, e, (s, a) => pairs.add(`${cellKey(grid, s, 0)}|${cellKey(grid, a, d.stateDim)}`));
  return pairs.size;
}

/** A robomimic-layout file as a quality dataset: observation keys side by side as the state. */
export function readQualityDataset(path: string): QualityDataset {
  using reader = new Hdf5DemoReader(path);
  const first = reader.demoNames[0] === undefined ? null : reader.demo(0);
  if (!first) throw new RecordingError(`${path}: expected demos, found none`);
  // The measures discretize vector states; camera images are left out.
  const keys = reader.stateKeys(first.name);
  const layout = { actionDim: first.actionDim, obsKeys: keys, of: first.name };
  let stateDim = 0;
  const episodes = reader.demoNames.map((name) => {
    const d = reader.demo(name, layout);
    const parts = keys.map((k) => reader.observation(name, k)!);
    stateDim = parts.reduce((a, p) => a + p.width, 0);
    const states = new Float64Array(d.numSamples * stateDim);
    for (let t = 0; t < d.numSamples; t++) {
      let at = t * stateDim;
      for (const p of parts) for (let j = 0; j < p.width; j++) states[at++] = p.rows[t * p.width + j]!;
    }
    return { states, actions: Float64Array.from(d.actions), rewards: d.rewards };
  });
  return { name: path, stateDim, actionDim: first.actionDim, episodes };
}

function forRows(d: QualityDataset, e: QualityEpisode, visit: (s: Float64Array, a: Float64Array) => void): void {
  const n = e.rewards.length;
  for (let t = 0; t < n; t++) visit(e.states.subarray(t * d.stateDim, (t + 1) * d.stateDim), e.actions.subarray(t * d.actionDim, (t + 1) * d.actionDim));
}

// The cell indices of `x` on grid dimensions from `offset`, joined.
function cellKey(g: Grid, x: Float64Array, offset: number): string {
  const idx: number[] = [];
  for (let k = 0; k < x.length; k++) {
    const lo = g.lo[offset + k]!;
    const span = g.hi[offset + k]! - lo;
    idx.push(span > 0 ? Math.min(g.bins - 1, Math.floor(((x[k]! - lo) / span) * g.bins)) : 0);
  }
  return idx.join(',');
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
