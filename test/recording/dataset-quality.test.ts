// TQ, SACo, action divergence and state diversity on hand-built datasets whose values are worked out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datasetQuality, gridOf, type QualityDataset } from '../../recording/dataset-quality.js';
import { qualitySvg } from '../../plots/quality-svg.js';

// 1-d states and actions in {0, 1}; on a 2-bin grid over [0, 1], 0 is cell 0 and 1 is cell 1.
const ds = (name: string, episodes: [number[], number[], number[]][]): QualityDataset => ({
  name,
  stateDim: 1,
  actionDim: 1,
  episodes: episodes.map(([s, a, r]) => ({ states: Float64Array.from(s), actions: Float64Array.from(a), rewards: Float64Array.from(r) })),
});
const data = ds('data', [[[0, 0], [0, 1], [1, 0]], [[1], [1], [0]]]);
const random = ds('random', [[[0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 0, 0]]]);
const expert = ds('expert', [[[0, 1], [0, 1], [1, 1]]]);

test('TQ, SACo, action divergence and state diversity take their hand-computed values', () => {
  const grid = gridOf([data, random, expert], 2);
  const q = datasetQuality(data, grid, { random, expert });
  // Returns 1 and 0: mean 0.5, between random's 0 and expert's 2.
  assert.equal(q.meanReturn, 0.5);
  assert.equal(q.tq, 0.25);
  // Pairs (0,0), (0,1), (1,1) against random's four.
  assert.equal(q.uniquePairs, 3);
  assert.equal(q.saco, 0.75);
  // State cell 0 holds actions 0 and 1 (mean 0.5, spread 0.25); cell 1 has one sample and does not count.
  assert.equal(q.actionDivergence, 0.25);
  assert.ok(Math.abs(q.stateDiversity - -(2 / 3 * Math.log(2 / 3) + 1 / 3 * Math.log(1 / 3))) < 1e-12);
  assert.deepEqual(q.episodes, [
    { episode: 0, length: 2, return: 1, uniquePairs: 2, actionDivergence: 0.25 },
    { episode: 1, length: 1, return: 0, uniquePairs: 1, actionDivergence: 0 },
  ]);
  assert.equal(datasetQuality(expert, grid, { random, expert }).tq, 1);
  assert.equal(datasetQuality(random, grid, { random, expert }).tq, 0);
  assert.equal(datasetQuality(data, grid).tq, null);
  assert.match(qualitySvg('data', q), /TQ 0\.250, SACo 0\.750, unique pairs 3/);
});

test('a finer grid separates pairs a coarse one merges', () => {
  const close = ds('close', [[[0, 0.1, 1], [0, 0.1, 1], [0, 0, 0]]]);
  assert.equal(datasetQuality(close, gridOf([close], 2)).uniquePairs, 2);
  assert.equal(datasetQuality(close, gridOf([close], 20)).uniquePairs, 3);
});

test('datasets of different widths are refused naming both', () => {
  const wide = { ...data, name: 'wide', stateDim: 2 };
  assert.throws(() => gridOf([data, wide]), /wide: expected 1-d states and 1-d actions \(as data\), found 2 and 1/);
});
