"""Reading a LeRobot pretrained_model folder without LeRobot (python/lerobot_convert.py).

The folder holds what LeRobot's save_pretrained writes: `config.json` (the policy config, its
`type` first), `model.safetensors` (the policy's state dict) and the processor pipelines,
`policy_preprocessor.json` / `policy_postprocessor.json`, whose normalizer and unnormalizer steps
keep their statistics in a `.safetensors` state file beside them (`<feature>.<stat>`).
"""

from __future__ import annotations

import json
import os

import torch

from dp_checkpoint import ConvertError
from safetensors_file import read_safetensors

# Steps of the default pipelines that leave the numbers alone (batching, device moves) or that
# are read here (the normalizers); anything else would change what the policy sees.
_PASSIVE_STEPS = {'to_batch_processor', 'device_processor'}
_MODES = ('IDENTITY', 'MEAN_STD', 'MIN_MAX', 'QUANTILES', 'QUANTILE10')
_MODE_STATS = {'MEAN_STD': ('mean', 'std'), 'MIN_MAX': ('min', 'max'), 'QUANTILES': ('q01', 'q99'), 'QUANTILE10': ('q10', 'q90')}


class FeatureNorm:
    """How LeRobot's (un)normalizer treats one feature: its mode, statistics and eps."""

    def __init__(self, mode, stats, eps):
        self.mode, self.stats, self.eps = mode, stats, eps


class LeRobotFolder:
    """A pretrained_model folder: config, weights and the normalization of every feature."""

    def __init__(self, path):
        self.path = path
        if not os.path.isdir(path):
            raise ConvertError(f'{path}: expected a LeRobot pretrained_model folder (config.json, model.safetensors, '
                               f'policy_preprocessor.json ...), found {"a file" if os.path.exists(path) else "nothing"}')
        self.config = self._json('config.json', 'the policy config')
        if not isinstance(self.config, dict) or 'type' not in self.config:
            raise ConvertError(f'{path}/config.json: expected a LeRobot policy config with its "type", found '
                               f'{sorted(self.config)[:6] if isinstance(self.config, dict) else type(self.config).__name__}')
        self.weights = read_safetensors(self._file('model.safetensors', "the policy's weights"))
        old = sorted({k.split('.')[0] for k in self.weights if k.startswith(('normalize_inputs.', 'normalize_targets.', 'unnormalize_outputs.'))})
        pre = os.path.join(path, 'policy_preprocessor.json')
        if old and not os.path.exists(pre):
            raise ConvertError(f'{path}/model.safetensors: expected normalization in policy_preprocessor.json and '
                               f'policy_postprocessor.json (LeRobot since its processor pipelines), found the older {old} '
                               f'buffers in the weights; re-save the policy with a current LeRobot (its migration script)')
        self.inputs = self._pipeline('policy_preprocessor.json', 'normalizer_processor', {'rename_observations_processor'})
        self.outputs = self._pipeline('policy_postprocessor.json', 'unnormalizer_processor', set())

    def _file(self, name, what):
        full = os.path.join(self.path, name)
        if not os.path.isfile(full):
            present = sorted(os.listdir(self.path))
            raise ConvertError(f'{self.path}: expected {name} ({what}), found {present}')
        return full

    def _json(self, name, what):
        full = self._file(name, what)
        try:
            with open(full) as f:
                return json.load(f)
        except ValueError as e:
            raise ConvertError(f'{full}: expected JSON ({what}), could not parse it ({e})') from e

    def _pipeline(self, name, normalizer, extra_passive):
        """The feature normalizations of a pipeline's (un)normalizer step."""
        spec = self._json(name, 'a processor pipeline')
        steps = spec.get('steps') if isinstance(spec, dict) else None
        if not isinstance(steps, list):
            raise ConvertError(f'{self.path}/{name}: expected a pipeline {{"name", "steps": [...]}}, found no steps')
        found = None
        for i, step in enumerate(steps):
            reg = step.get('registry_name') if isinstance(step, dict) else None
            if reg == 'rename_observations_processor' and 'rename_observations_processor' in extra_passive:
                renames = (step.get('config') or {}).get('rename_map') or {}
                if renames:
                    raise ConvertError(f'{self.path}/{name} step {i}: expected an empty rename_map (armkit names the keys as '
                                       f'the policy does), found {renames}')
            elif reg == normalizer:
                if found is not None:
                    raise ConvertError(f'{self.path}/{name}: expected one {normalizer} step, found another at step {i}')
                found = step
            elif reg not in _PASSIVE_STEPS:
                raise ConvertError(f'{self.path}/{name} step {i}: expected the default steps '
                                   f'({", ".join(sorted(_PASSIVE_STEPS | extra_passive | {normalizer}))}), found {reg or step.get("class")!r}')
        if found is None:
            return {}
        config = found.get('config') or {}
        eps = float(config.get('eps', 1e-8))
        norm_map = config.get('norm_map') or {}
        features = config.get('features') or {}
        only = config.get('normalize_observation_keys')
        stats = read_safetensors(self._file(found.get('state_file') or '', f'the {normalizer} statistics')) if found.get('state_file') else {}
        out = {}
        for key, feature in features.items():
            if only is not None and key not in only and feature.get('type') != 'ACTION':
                continue
            mode = norm_map.get(feature.get('type'), 'IDENTITY')
            if mode not in _MODES:
                raise ConvertError(f'{self.path}/{name}: feature {key}: expected a normalization mode among {", ".join(_MODES)}, found {mode!r}')
            wanted = _MODE_STATS.get(mode, ())
            # LeRobot leaves a feature without statistics as it is.
            if mode == 'IDENTITY' or not any(k.startswith(key + '.') for k in stats):
                out[key] = FeatureNorm('IDENTITY', {}, eps)
                continue
            missing = [s for s in wanted if f'{key}.{s}' not in stats]
            if missing:
                raise ConvertError(f'{self.path}/{name}: feature {key} ({mode}): expected the statistics {list(wanted)}, missing {missing}')
            out[key] = FeatureNorm(mode, {s: stats[f'{key}.{s}'].to(torch.float32).reshape(-1) for s in wanted}, eps)
        return out
