"""The trainers fit min-max statistics as diffusion_policy's LinearNormalizer does.

The reference (test/fixtures/normalization/diffusion-policy.json) was made once with
diffusion_policy's own normalizer at the commit it names; armkit's runtime is checked against
the same file (policies/model/normalizer.test.ts).
"""
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from trainers.data import MinMax  # noqa: E402


def test_min_max_matches_diffusion_policy_constant_dimensions_included():
    with open(os.path.join(ROOT, 'test', 'fixtures', 'normalization', 'diffusion-policy.json')) as f:
        ref = json.load(f)
    limits = ref['limits']
    norm = MinMax(limits['stats']['min'], limits['stats']['max'])
    np.testing.assert_allclose(norm.scale, limits['scale'], rtol=1e-6)
    np.testing.assert_allclose(norm.offset, limits['offset'], rtol=1e-6, atol=1e-7)
    probe = np.asarray(ref['probe'], np.float32)
    got = norm.normalize(probe)
    # Constant columns (1 and 4) land on 0 for their own value.
    assert abs(got[0, 1]) < 1e-7 and abs(got[0, 4]) < 1e-7
    np.testing.assert_allclose(got, limits['normalized'], rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(norm.unnormalize(got), probe, rtol=1e-5, atol=1e-6)
