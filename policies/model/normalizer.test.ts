import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assetPath } from '../../robot/asset-path.js';
import type { NormalizationSpec } from './model-contract.js';
import { Normalizer } from './normalizer.js';

// Made once with diffusion_policy's own LinearNormalizer at the commit the file names: five
// columns (ordinary, constant, range 5e-5, range 2e-4 with std under 1e-4, a negative constant),
// fitted in 'limits' and 'gaussian' mode, and three probe rows normalized and back.
interface UpstreamCase {
  stats: { min: number[]; max: number[]; mean: number[]; std: number[] };
  scale: number[];
  offset: number[];
  normalized: number[][];
  unnormalized: number[][];
}
const REF = JSON.parse(readFileSync(assetPath('test/fixtures/normalization/diffusion-policy.json'), 'utf8')) as { upstream: string; probe: number[][]; limits: UpstreamCase; gaussian: UpstreamCase };
const DIM = REF.probe[0]!.length;

function check(spec: NormalizationSpec, ref: UpstreamCase): void {
  const n = Normalizer.forAction(spec, DIM);
  const probe = Float32Array.from(REF.probe.flat());
  const y = new Float32Array(probe.length);
  n.normalize(probe, 0, y, 0, REF.probe.length);
  const want = ref.normalized.flat();
  for (let i = 0; i < y.length; i++) {
    // Relative to the element's scale: a 1e4 scale turns float32 rounding of the offset into 1e-4 absolute.
    const tol = 1e-6 * Math.max(1, Math.abs(ref.scale[i % DIM]!) * 10);
    assert.ok(Math.abs(y[i]! - want[i]!) <= tol, `${spec.mode} element ${i}: armkit ${y[i]}, diffusion_policy ${want[i]}`);
  }
  const back = new Float32Array(y.length);
  n.unnormalize(y, 0, back, 0, REF.probe.length);
  for (let i = 0; i < back.length; i++) assert.ok(Math.abs(back[i]! - probe[i]!) <= 1e-5 * Math.max(1, Math.abs(probe[i]!)), `round trip ${i}: ${back[i]} vs ${probe[i]}`);
  for (let j = 0; j < DIM; j++) assert.ok(Math.abs(n.scale[j]! - ref.scale[j]!) <= 1e-6 * Math.abs(ref.scale[j]!), `${spec.mode} scale ${j}: ${n.scale[j]} vs ${ref.scale[j]}`);
}

test(`min_max statistics normalize as diffusion_policy's limits normalizer: constant elements to 0 (${REF.upstream})`, () => {
  check({ mode: 'min_max', min: REF.limits.stats.min, max: REF.limits.stats.max }, REF.limits);
  // The constant column sits at 0, not at -1.
  assert.ok(Math.abs(REF.limits.normalized[0]![1]!) < 1e-7);
});

test("mean_std statistics normalize as diffusion_policy's gaussian normalizer: std under 1e-4 keeps scale 1", () => {
  check({ mode: 'mean_std', mean: REF.gaussian.stats.mean, std: REF.gaussian.stats.std }, REF.gaussian);
});

test('affine specs carry stored scale and offset over as they are', () => {
  check({ mode: 'affine', scale: REF.limits.scale, offset: REF.limits.offset }, REF.limits);
  check({ mode: 'affine', scale: REF.gaussian.scale, offset: REF.gaussian.offset }, REF.gaussian);
});
