import { test } from 'node:test';
import assert from 'node:assert/strict';
import { successCurveSvg } from './success-curve-svg.js';
import { successBarsSvg } from './success-bars-svg.js';
import { rateWithInterval } from '../tasks/evaluation/statistics.js';

test('the success curve reaches the final success rate and escapes labels', () => {
  const svg = successCurveSvg('a <b>', 10, [{ label: 'x&y', firstSuccess: [2, 5, null, 10] }]);
  assert.match(svg, /^<svg /);
  assert.match(svg, /a &lt;b&gt;/);
  assert.match(svg, /x&amp;y: 75\.0% \(n=4\)/);
  // The curve ends at 75%: y = top + h * 0.25 = 40 + 304 * 0.25.
  const line = svg.match(/<polyline points="([^"]+)"/)![1]!.trim().split(' ');
  assert.equal(line.length, 11);
  assert.equal(line[10], `616,${40 + 304 * 0.25}`);
  assert.equal(line[1], `119.2,344`, 'no success before step 2');
});

test('bars carry their rate and interval', () => {
  const svg = successBarsSvg('t', [{ label: 'bc', rate: rateWithInterval(8, 10) }]);
  assert.match(svg, />80\.0%</);
  assert.equal((svg.match(/<rect x=/g) ?? []).length, 1);
});

test('step ticks are round numbers from 0', () => {
  const labels = (h: number) => [...successCurveSvg('t', h, []).matchAll(/text-anchor="middle" font-size="12">(\d+)</g)].map((m) => Number(m[1]));
  assert.deepEqual(labels(50), [0, 10, 20, 30, 40, 50]);
  assert.deepEqual(labels(200), [0, 50, 100, 150, 200]);
  assert.deepEqual(labels(3), [0, 1, 2, 3]);
});
