"""ONNX export with armkit's model contract metadata (policies/MODEL-CONTRACT.md, version 1).

The graph is written by the fixture exporter's `export` (export form, dynamic batch axis, opset
17, declared output shapes, onnx.checker); this module builds the `armkit.*` metadata from what
a trainer knows: its kind, the demos' observation keys and control mode, horizons and
normalization, plus an `armkit.training` record (ignored by the runtime, kept for provenance).
"""
import json
import os
import warnings

import torch

from .fixtures import fixture_export

OPSET = fixture_export.OPSET


def metadata(kind, demos, horizons, normalization, extra=None, training=None):
    """The armkit.* metadata_props of a model trained on `demos` (a data.Demos)."""
    meta = {
        'armkit.contract_version': '1',
        'armkit.kind': kind,
        'armkit.observation_keys': json.dumps([{'name': n, 'shape': [d], 'type': 'low_dim'} for n, d in demos.keys]),
        'armkit.horizons': json.dumps(horizons),
        'armkit.normalization': json.dumps(normalization),
    }
    if kind != 'reward-classifier':
        meta['armkit.action_dim'] = str(demos.action_dim)
    if kind in ('bc', 'diffusion') and demos.control_mode:
        meta['armkit.control_mode'] = demos.control_mode
    if training is not None:
        meta['armkit.training'] = json.dumps(training)
    meta.update(extra or {})
    return meta


def export_onnx(module, example_args, path, inputs, outputs, meta, candidates_axis=None):
    """Write `module` (eval mode, on CPU) as a contract-conforming ONNX file at `path`.

    Every input and output gets the dynamic `batch` axis; `candidates_axis` names inputs/outputs
    whose axis 1 is the dynamic K of a q model.
    """
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    dynamic = {name: {0: 'batch'} for name in [*inputs, *outputs]}
    for name in candidates_axis or []:
        dynamic[name][1] = 'candidates'
    module = module.cpu().eval()
    with warnings.catch_warnings():
        # torch 1.13 warns about its own GroupNorm symbolic; the declared shapes are checked by onnx.
        warnings.filterwarnings('ignore', message='The shape inference of prim::Constant')
        warnings.filterwarnings('ignore', category=UserWarning, module='torch.onnx')
        with torch.no_grad():
            fixture_export.export(module, example_args, path, inputs, outputs, dynamic, meta)
