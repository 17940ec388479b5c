"""robomimic BC and BC-RNN checkpoints to armkit contract ONNX files (python/armkit_convert.py).

A robomimic checkpoint is what its train_utils.save_model writes with torch.save: the algo's
state dicts (`model.nets`), the config as JSON text, `algo_name`, `shape_metadata` and the
observation and action normalization statistics (`offset` and `scale`, applied as
`(x - offset) / scale` to observations and `a * scale + offset` to actions). It is read through
the same restricted unpickler as diffusion_policy's checkpoints, so robomimic need not be
installed and nothing in the file runs.

Converted, as robomimic's RolloutPolicy runs them:

* BC (``ActorNetwork``): the low-dim keys concatenated in ``shape_metadata.all_shapes`` order, an
  MLP with ReLU after every layer, a linear ``action`` head and tanh; a ``bc`` file with To = Tp =
  Ta = 1.
* BC with a Gaussian head evaluated with ``low_noise_eval`` (its default): robomimic acts with the
  mean, tanh(clamp(mean, -9, 9)); the same deterministic file.
* BC-RNN (``RNNActorNetwork``, LSTM or GRU): one step of the RNN, the per-step MLP and head, tanh;
  the RNN state goes in and out of the graph (``state.h``/``state.c`` -> ``next_state.*``, batch
  first) and ``armkit.recurrent`` says when it starts from zeros again: at each episode start
  and every ``algo.rnn.horizon`` steps, as BC_RNN.get_action does.
* BC-RNN with ``rnn.open_loop``: every action of a horizon comes from the horizon's first
  observation, so it is an ordinary chunk: To = 1, Tp = Ta = horizon, the RNN unrolled inside.

Refused by name: other algos, GMM, VAE and transformer heads, goal conditioning, image and other
non-low-dim keys, observation encoders or randomizers on low-dim keys, frame stacking,
bidirectional RNNs, rot_6d action conversion, a Gaussian head sampled at evaluation.
"""

from __future__ import annotations

import json
import math
import os

import torch
from torch import nn

from contract_onnx import write_contract_onnx
from dp_checkpoint import ConvertError, load_torch_file

# Linear layers of robomimic's MLP sit at every other index of its `_model` Sequential
# (Linear, ReLU, Linear, ReLU, ...), dropout and layer norm being off in BC's networks.


class _Mlp(nn.Module):
    """robomimic's MLP as BC builds it: Linear then ReLU for every layer, the last included."""

    def __init__(self, dims):
        super().__init__()
        layers = []
        for cin, cout in zip(dims[:-1], dims[1:]):
            layers += [nn.Linear(cin, cout), nn.ReLU()]
        self._model = nn.Sequential(*layers)

    def forward(self, x):
        return self._model(x)


class _Head(nn.Module):
    """The decoder's linear outputs (`decoder.nets.<name>`), one per output name."""

    def __init__(self, feat, outputs):
        super().__init__()
        self.nets = nn.ModuleDict({name: nn.Linear(feat, size) for name, size in outputs.items()})


class BcNet(nn.Module):
    """ActorNetwork / deterministic GaussianActorNetwork: obs [B, 1, D] -> action [B, 1, Da]."""

    def __init__(self, obs_dim, layer_dims, ac_dim, gaussian):
        super().__init__()
        self.gaussian = gaussian
        self.mlp = _Mlp([obs_dim, *layer_dims])
        self.decoder = _Head(layer_dims[-1], {'mean': ac_dim, 'scale': ac_dim} if gaussian else {'action': ac_dim})

    def forward(self, obs):
        h = self.mlp(obs[:, 0])
        if self.gaussian:
            # low_noise_eval: the distribution's mean, tanh(clamp(mean, mean_limits)).
            return torch.tanh(torch.clamp(self.decoder.nets['mean'](h), -9.0, 9.0)).unsqueeze(1)
        return torch.tanh(self.decoder.nets['action'](h)).unsqueeze(1)


class BcRnnNet(nn.Module):
    """RNNActorNetwork: encoder (concatenation) -> LSTM/GRU -> per-step MLP -> action head -> tanh."""

    def __init__(self, obs_dim, rnn_type, hidden, layers, mlp_dims, ac_dim):
        super().__init__()
        self.rnn_type = rnn_type
        cls = nn.LSTM if rnn_type == 'LSTM' else nn.GRU
        self.rnn = cls(input_size=obs_dim, hidden_size=hidden, num_layers=layers, batch_first=True)
        self.mlp = _Mlp([hidden, *mlp_dims]) if mlp_dims else None
        self.decoder = _Head(mlp_dims[-1] if mlp_dims else hidden, {'action': ac_dim})

    def per_step(self, out):
        if self.mlp is not None:
            out = self.mlp(out)
        return torch.tanh(self.decoder.nets['action'](out))

    def forward(self, obs, state=None):
        """obs [B, T, D] and torch's state ([L, B, H], a pair for LSTM) -> actions [B, T, Da], state."""
        out, state = self.rnn(obs, state)
        return self.per_step(out), state


class _RnnStep(nn.Module):
    """The export form of one BC-RNN step, the state batch first as the contract keeps it."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, obs, *state):
        torch_state = tuple(s.transpose(0, 1).contiguous() for s in state)
        action, nxt = self.net(obs, torch_state if self.net.rnn_type == 'LSTM' else torch_state[0])
        nxt = nxt if isinstance(nxt, tuple) else (nxt,)
        return (action, *(s.transpose(0, 1) for s in nxt))


class _OpenLoop(nn.Module):
    """Open-loop BC-RNN: the horizon's first observation fed at every step, from the zero state."""

    def __init__(self, net, horizon):
        super().__init__()
        self.net, self.horizon = net, horizon

    def forward(self, obs):
        actions, _ = self.net(obs.expand(obs.shape[0], self.horizon, obs.shape[2]))
        return actions


def _section(config, path):
    node = config
    for part in path.split('.'):
        if not isinstance(node, dict) or part not in node:
            raise ConvertError(f'checkpoint config: expected {path}, not found')
        node = node[part]
    return node


def _enabled(algo, name):
    return bool(isinstance(algo.get(name), dict) and algo[name].get('enabled', False))


def _vector(values, where):
    try:
        t = torch.as_tensor(values, dtype=torch.float64).reshape(-1)
    except (TypeError, ValueError) as e:
        raise ConvertError(f'{where}: expected a list of numbers, found {type(values).__name__}') from e
    return t


class RobomimicModel:
    """What a robomimic BC / BC-RNN checkpoint holds, read into armkit's terms."""

    def __init__(self, ckpt, source=None, control_mode=None):
        if not isinstance(ckpt, dict):
            raise ConvertError(f'expected a robomimic checkpoint (a dict saved by train_utils.save_model), found {type(ckpt).__name__}')
        missing = [k for k in ('model', 'config', 'algo_name', 'shape_metadata') if k not in ckpt]
        if missing:
            raise ConvertError(f"expected a robomimic checkpoint with 'model', 'config', 'algo_name' and 'shape_metadata', "
                               f'missing {missing} (found {sorted(map(str, ckpt))})')
        if ckpt['algo_name'] != 'bc':
            raise ConvertError(f"algo_name: expected 'bc' (BC or BC-RNN), found {ckpt['algo_name']!r}")
        try:
            config = json.loads(ckpt['config'])
        except (TypeError, ValueError) as e:
            raise ConvertError(f'config: expected the JSON text robomimic stores, found {type(ckpt["config"]).__name__}') from e
        self.source, self.control_mode = source, control_mode
        algo = _section(config, 'algo')
        for head in ('gmm', 'vae', 'transformer'):
            if _enabled(algo, head):
                raise ConvertError(f'algo.{head}.enabled: expected false (armkit converts BC, BC-Gaussian with '
                                   f'low_noise_eval and BC-RNN), found true')
        self.rnn = algo['rnn'] if _enabled(algo, 'rnn') else None
        self.gaussian = _enabled(algo, 'gaussian')
        if self.gaussian:
            if self.rnn:
                raise ConvertError('algo.gaussian.enabled with algo.rnn.enabled: robomimic has no such algo')
            if not algo['gaussian'].get('low_noise_eval', True):
                raise ConvertError('algo.gaussian.low_noise_eval: expected true (robomimic then acts with the mean), found false')
        train = _section(config, 'train')
        if int(train.get('frame_stack', 1) or 1) != 1:
            raise ConvertError(f"train.frame_stack: expected 1, found {train['frame_stack']}")

        self.obs_keys = self._observation_keys(config, ckpt['shape_metadata'])
        self.obs_dim = sum(d for _, d in self.obs_keys)
        self.action_dim = int(ckpt['shape_metadata'].get('ac_dim', 0))
        if self.action_dim < 1:
            raise ConvertError(f"shape_metadata.ac_dim: expected a positive integer, found {ckpt['shape_metadata'].get('ac_dim')}")
        nets = ckpt['model'].get('nets', ckpt['model']) if isinstance(ckpt['model'], dict) else None
        if not isinstance(nets, dict):
            raise ConvertError(f"model: expected the algo's state dicts (model.nets), found {type(ckpt['model']).__name__}")
        state = {k[len('policy.nets.'):]: v for k, v in nets.items() if k.startswith('policy.nets.')}
        if not state:
            raise ConvertError(f"model.nets: expected the policy's weights (policy.nets.*), found {sorted(nets)[:4]}")
        self.net = self._build(algo, state)
        self.net.eval()
        self.normalization = {'observation': self._obs_normalization(ckpt.get('obs_normalization_stats'), train),
                              'action': self._action_normalization(ckpt.get('action_normalization_stats'), train)}

    # --- reading -------------------------------------------------------------------------

    @staticmethod
    def _observation_keys(config, shape_meta):
        modalities = _section(config, 'observation.modalities')
        obs = modalities.get('obs', {})
        for group in ('goal', 'subgoal'):
            used = [k for keys in (modalities.get(group) or {}).values() for k in (keys or [])]
            if used:
                raise ConvertError(f'observation.modalities.{group}: expected none (no goal conditioning), found {used}')
        others = {m: keys for m, keys in obs.items() if m != 'low_dim' and keys}
        if others:
            raise ConvertError(f'observation.modalities.obs: expected low_dim keys only, found {others}')
        encoder = config.get('observation', {}).get('encoder', {}).get('low_dim', {})
        for field in ('core_class', 'obs_randomizer_class'):
            if encoder.get(field) is not None:
                raise ConvertError(f'observation.encoder.low_dim.{field}: expected null (keys concatenated as they are), '
                                   f'found {encoder[field]!r}')
        low_dim = list(obs.get('low_dim') or [])
        if not low_dim:
            raise ConvertError('observation.modalities.obs.low_dim: expected at least one key, found none')
        shapes = shape_meta.get('all_shapes') if isinstance(shape_meta, dict) else None
        if not isinstance(shapes, dict):
            raise ConvertError('shape_metadata.all_shapes: expected a mapping of observation keys to shapes, not found')
        absent = [k for k in low_dim if k not in shapes]
        if absent:
            raise ConvertError(f'shape_metadata.all_shapes: expected the low_dim keys {low_dim}, missing {absent}')
        # The encoder concatenates in all_shapes order (sorted when robomimic reads a dataset).
        return [(k, int(math.prod(shapes[k]))) for k in shapes if k in low_dim]

    def _build(self, algo, state):
        layer_dims = [int(d) for d in algo.get('actor_layer_dims', [])]
        if self.rnn:
            rnn = self.rnn
            kwargs = dict(rnn.get('kwargs') or {})
            if kwargs.pop('bidirectional', False):
                raise ConvertError('algo.rnn.kwargs.bidirectional: expected false (a bidirectional RNN cannot run step by step), found true')
            kwargs.pop('dropout', None)  # between layers in training only
            if kwargs:
                raise ConvertError(f'algo.rnn.kwargs: expected bidirectional and dropout only, found {sorted(kwargs)}')
            if rnn.get('rnn_type', 'LSTM') not in ('LSTM', 'GRU'):
                raise ConvertError(f"algo.rnn.rnn_type: expected LSTM or GRU, found {rnn.get('rnn_type')!r}")
            self.horizon = int(rnn.get('horizon', 10))
            self.open_loop = bool(rnn.get('open_loop', False))
            net = BcRnnNet(self.obs_dim, rnn.get('rnn_type', 'LSTM'), int(rnn['hidden_dim']), int(rnn['num_layers']), layer_dims, self.action_dim)
            # RNN_Base registers the per-step net a second time under rnn.per_step_net; those
            # copies are the same tensors.
            own = {('rnn.' + k[len('rnn.nets.'):] if k.startswith('rnn.nets.') else k): v for k, v in state.items()
                   if not k.startswith('rnn.per_step_net.')}
        else:
            if not layer_dims:
                raise ConvertError('algo.actor_layer_dims: expected at least one layer for BC, found none')
            net = BcNet(self.obs_dim, layer_dims, self.action_dim, self.gaussian)
            own = state
        self._load(net, own)
        return net

    @staticmethod
    def _load(net, state):
        want = net.state_dict()
        missing = [k for k in want if k not in state]
        unexpected = [k for k in state if k not in want]
        if missing or unexpected:
            raise ConvertError(f'model.nets policy weights: expected the network the config describes, missing '
                               f'{missing[:4]}, unexpected {unexpected[:4]}')
        shapes = [f'{k} {list(state[k].shape)} (config gives {list(want[k].shape)})' for k in want if state[k].shape != want[k].shape]
        if shapes:
            raise ConvertError(f'model.nets policy weights: expected the shapes the config implies, found {"; ".join(shapes[:3])}')
        net.load_state_dict({k: v.to(torch.float32) for k, v in state.items()}, strict=True)

    def _obs_normalization(self, stats, train):
        if stats is None:
            return {}
        if not train.get('hdf5_normalize_obs', False):
            raise ConvertError('obs_normalization_stats: expected none when train.hdf5_normalize_obs is false, found some')
        out = {}
        for name, size in self.obs_keys:
            if name not in stats:
                raise ConvertError(f'obs_normalization_stats: expected an entry for {name!r}, found {sorted(stats)}')
            out[name] = self._inverse_affine(stats[name], size, f'obs_normalization_stats.{name}')
        return out

    def _action_normalization(self, stats, train):
        if stats is None:
            return {'mode': 'identity'}
        keys = list(train.get('action_keys') or ['actions'])
        config = train.get('action_config') or {}
        scale, offset = [], []
        for key in keys:
            fmt = (config.get(key) or {}).get('format')
            if fmt == 'rot_6d':
                raise ConvertError(f'train.action_config.{key}.format: expected no rot_6d conversion at run time, found rot_6d')
            if key not in stats:
                raise ConvertError(f'action_normalization_stats: expected an entry for {key!r}, found {sorted(stats)}')
            s = _vector(stats[key].get('scale'), f'action_normalization_stats.{key}.scale')
            o = _vector(stats[key].get('offset'), f'action_normalization_stats.{key}.offset')
            scale.append(s)
            offset.append(o)
        s, o = torch.cat(scale), torch.cat(offset)
        if s.numel() != self.action_dim or o.numel() != self.action_dim:
            raise ConvertError(f'action_normalization_stats: expected {self.action_dim} scales and offsets over {keys}, '
                               f'found {s.numel()} and {o.numel()}')
        return self._inverse_affine({'scale': s, 'offset': o}, self.action_dim, 'action_normalization_stats')

    @staticmethod
    def _inverse_affine(entry, size, where):
        """robomimic's (x - offset) / scale as armkit's x * scale' + offset'."""
        if not isinstance(entry, dict) or 'scale' not in entry or 'offset' not in entry:
            raise ConvertError(f'{where}: expected offset and scale, found {sorted(entry) if isinstance(entry, dict) else type(entry).__name__}')
        s = _vector(entry['scale'], f'{where}.scale')
        o = _vector(entry['offset'], f'{where}.offset')
        if s.numel() != size or o.numel() != size:
            raise ConvertError(f'{where}: expected {size} scales and offsets, found {s.numel()} and {o.numel()}')
        if bool((s == 0).any()):
            raise ConvertError(f'{where}: expected no scale 0, found one at {int((s == 0).nonzero()[0])}')
        return {'mode': 'affine', 'scale': [float(v) for v in 1 / s], 'offset': [float(v) for v in -o / s]}

    # --- writing -------------------------------------------------------------------------

    @property
    def recurrent(self):
        return bool(self.rnn) and not self.open_loop

    @property
    def horizons(self):
        steps = self.horizon if self.rnn and self.open_loop else 1
        return {'observation': 1, 'prediction': steps, 'action': steps, 'action_offset': 0}

    @property
    def state_shapes(self):
        """The recurrent state's names and per-env shapes [layers, hidden]."""
        if not self.recurrent:
            return []
        shape = [self.net.rnn.num_layers, self.net.rnn.hidden_size]
        return [('h', shape), ('c', shape)] if self.net.rnn_type == 'LSTM' else [('h', shape)]

    def metadata(self):
        meta = {
            'armkit.contract_version': '1',
            'armkit.kind': 'bc',
            'armkit.head': 'deterministic',
            'armkit.observation_keys': json.dumps([{'name': n, 'shape': [d], 'type': 'low_dim'} for n, d in self.obs_keys]),
            'armkit.action_dim': str(self.action_dim),
            'armkit.horizons': json.dumps(self.horizons),
            'armkit.normalization': json.dumps(self.normalization),
            'armkit.converted_from': json.dumps({'upstream': 'robomimic', 'algo': self.algo_class, 'checkpoint': self.source}),
        }
        if self.recurrent:
            meta['armkit.recurrent'] = json.dumps({'state': [{'name': n, 'shape': s} for n, s in self.state_shapes],
                                                   'reset_every': self.horizon})
        if self.control_mode:
            meta['armkit.control_mode'] = self.control_mode
        return meta

    @property
    def algo_class(self):
        if self.rnn:
            return 'BC_RNN'
        return 'BC_Gaussian' if self.gaussian else 'BC'

    def export_module(self):
        """The module exported, its example inputs, input names and output sizes."""
        h = self.horizons
        obs = torch.zeros(2, 1, self.obs_dim)
        if self.recurrent:
            states = [torch.zeros(2, *shape) for _, shape in self.state_shapes]
            outputs = {'action': (1, self.action_dim), **{f'next_state.{n}': tuple(s) for n, s in self.state_shapes}}
            return _RnnStep(self.net), (obs, *states), ['obs', *[f'state.{n}' for n, _ in self.state_shapes]], outputs
        module = _OpenLoop(self.net, self.horizon) if self.rnn else self.net
        return module, (obs,), ['obs'], {'action': (h['prediction'], self.action_dim)}

    def export(self, path):
        module, args, names, outputs = self.export_module()
        write_contract_onnx(module.eval(), args, path, names, outputs, self.metadata())


def convert_robomimic(ckpt_path, out, control_mode=None):
    """Convert one robomimic checkpoint; returns the RobomimicModel written."""
    ckpt = load_torch_file(ckpt_path, 'a robomimic checkpoint (.pth)')
    try:
        model = RobomimicModel(ckpt, source=os.path.basename(ckpt_path), control_mode=control_mode)
    except ConvertError as e:
        raise ConvertError(f'{ckpt_path}: {e}') from e
    model.export(out)
    return model
