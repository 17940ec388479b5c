"""LeRobot ACT and Diffusion policies to armkit contract ONNX files (python/armkit_convert.py).

Reads a pretrained_model folder as LeRobot saves it (python/lerobot_checkpoint.py) and rebuilds
the policy's inference network here, its module names those of the state dict so that loading
is strict.

Normalization runs inside the graph, as LeRobot's processors compute it in float32: MEAN_STD
divides by std + eps (eps 1e-8), so a constant element gets a scale of 1e8, and a stored
float32 scale and offset would cancel badly (x = mean giving the offset's rounding, up to 4 near
1, instead of 0); LeRobot's
MIN_MAX and quantile modes put eps in place of a zero range the same way. The file's
`armkit.normalization` is then identity for the observation (the graph takes raw values) and,
for ACT, for the action too (the graph gives actions in the env's units).

ACT (``ACTPolicy``, state inputs only): the transformer encoder over [latent, robot state, env
state] tokens with the zero latent of inference (the VAE encoder is training-only), the decoder
over chunk_size zero queries, the action head; a ``bc`` file, To = 1, Tp = chunk_size, Ta =
n_action_steps, offset 0. ``temporal_ensemble_coeff`` is recorded as the runner's default
(``armkit.execution``).

Diffusion (``DiffusionPolicy``, state and env state inputs): ``DiffusionConditionalUnet1d`` is
diffusion_policy's ConditionalUnet1D with other module names, so it is rebuilt as
armkit_convert.DiffusionPolicyUnet with the names mapped; a ``diffusion`` file with the flat
window ``global_cond`` [B, To * D] of raw [state, env] frames, To = n_obs_steps, Tp = horizon,
Ta = n_action_steps, offset To - 1 (generate_actions' slice), the seven scheduler fields LeRobot
hands diffusers, the sampler by ``noise_scheduler_type`` and ``num_inference_steps`` (every
training step when null). The chain runs in LeRobot's normalized action space, so the action
spec is the unnormalizer's inverse as an affine spec.
"""

from __future__ import annotations

import json
import os

import torch
import torch.nn.functional as F
from torch import nn

from contract_onnx import write_contract_onnx
from dp_checkpoint import ConvertError
from lerobot_checkpoint import LeRobotFolder

STATE, ENV, ACTION = 'observation.state', 'observation.environment_state', 'action'


class _Normalize(nn.Module):
    """One feature's LeRobot (un)normalization, in float32 as its processor steps compute it."""

    def __init__(self, norm, size, where):
        super().__init__()
        self.mode = norm.mode if norm is not None else 'IDENTITY'
        if self.mode == 'IDENTITY':
            return
        s = norm.stats
        for stat in s.values():
            if stat.numel() != size:
                raise ConvertError(f'{where}: expected {size} values per statistic, found {stat.numel()}')
        eps = torch.tensor(norm.eps, dtype=torch.float32)
        if self.mode == 'MEAN_STD':
            self.register_buffer('center', s['mean'].clone())
            self.register_buffer('spread', s['std'].clone())
            self.register_buffer('denom', s['std'] + eps)
        else:
            lo, hi = {'MIN_MAX': ('min', 'max'), 'QUANTILES': ('q01', 'q99'), 'QUANTILE10': ('q10', 'q90')}[self.mode]
            span = s[hi] - s[lo]
            self.register_buffer('center', s[lo].clone())
            self.register_buffer('denom', torch.where(span == 0, eps, span))

    def forward(self, x):
        if self.mode == 'IDENTITY':
            return x
        if self.mode == 'MEAN_STD':
            return (x - self.center) / self.denom
        return 2 * (x - self.center) / self.denom - 1

    def inverse(self, y):
        if self.mode == 'IDENTITY':
            return y
        if self.mode == 'MEAN_STD':
            return y * self.spread + self.center
        return (y + 1) / 2 * self.denom + self.center


def _activation(name):
    fns = {'relu': F.relu, 'gelu': F.gelu, 'glu': F.glu}
    if name not in fns:
        raise ConvertError(f'feedforward_activation: expected relu, gelu or glu, found {name!r}')
    return fns[name]


class _EncoderLayer(nn.Module):
    def __init__(self, d, heads, ff, activation, pre_norm):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(d, heads)
        self.linear1, self.linear2 = nn.Linear(d, ff), nn.Linear(ff, d)
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.act, self.pre_norm = activation, pre_norm

    def forward(self, x, pos):
        skip = x
        if self.pre_norm:
            x = self.norm1(x)
        q = x + pos
        x = skip + self.self_attn(q, q, value=x, need_weights=False)[0]
        if self.pre_norm:
            skip, x = x, self.norm2(x)
        else:
            x = skip = self.norm1(x)
        x = skip + self.linear2(self.act(self.linear1(x)))
        return x if self.pre_norm else self.norm2(x)


class _DecoderLayer(nn.Module):
    def __init__(self, d, heads, ff, activation, pre_norm):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(d, heads)
        self.multihead_attn = nn.MultiheadAttention(d, heads)
        self.linear1, self.linear2 = nn.Linear(d, ff), nn.Linear(ff, d)
        self.norm1, self.norm2, self.norm3 = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.act, self.pre_norm = activation, pre_norm

    def forward(self, x, memory, pos, memory_pos):
        skip = x
        if self.pre_norm:
            x = self.norm1(x)
        q = x + pos
        x = skip + self.self_attn(q, q, value=x, need_weights=False)[0]
        if self.pre_norm:
            skip, x = x, self.norm2(x)
        else:
            x = skip = self.norm1(x)
        x = skip + self.multihead_attn(x + pos, memory + memory_pos, value=memory, need_weights=False)[0]
        if self.pre_norm:
            skip, x = x, self.norm3(x)
        else:
            x = skip = self.norm2(x)
        x = skip + self.linear2(self.act(self.linear1(x)))
        return x if self.pre_norm else self.norm3(x)


class _Stack(nn.Module):
    def __init__(self, layers, final_norm):
        super().__init__()
        self.layers = nn.ModuleList(layers)
        self.norm = final_norm


class ActNet(nn.Module):
    """ACT at inference on state inputs: raw obs [B, 1, D] -> actions [B, chunk, Da] in env units."""

    def __init__(self, c, state_dim, env_dim, action_dim, norms):
        super().__init__()
        d, heads, ff = int(c['dim_model']), int(c['n_heads']), int(c['dim_feedforward'])
        act, pre = _activation(c.get('feedforward_activation', 'relu')), bool(c.get('pre_norm', False))
        self.state_dim, self.env_dim, self.latent_dim = state_dim, env_dim, int(c['latent_dim'])
        self.encoder = _Stack([_EncoderLayer(d, heads, ff, act, pre) for _ in range(int(c['n_encoder_layers']))],
                              nn.LayerNorm(d) if pre else nn.Identity())
        self.decoder = _Stack([_DecoderLayer(d, heads, ff, act, pre) for _ in range(int(c['n_decoder_layers']))], nn.LayerNorm(d))
        if state_dim:
            self.encoder_robot_state_input_proj = nn.Linear(state_dim, d)
        if env_dim:
            self.encoder_env_state_input_proj = nn.Linear(env_dim, d)
        self.encoder_latent_input_proj = nn.Linear(self.latent_dim, d)
        self.encoder_1d_feature_pos_embed = nn.Embedding(1 + (state_dim > 0) + (env_dim > 0), d)
        self.decoder_pos_embed = nn.Embedding(int(c['chunk_size']), d)
        self.action_head = nn.Linear(d, action_dim)
        self.norm_state = _Normalize(norms.get(STATE), state_dim, STATE) if state_dim else None
        self.norm_env = _Normalize(norms.get(ENV), env_dim, ENV) if env_dim else None
        self.norm_action = _Normalize(norms.get(ACTION), action_dim, ACTION)

    def forward(self, obs):
        b = obs.shape[0]
        frame = obs[:, 0]
        # The inference latent is zeros, so its token is the projection's bias.
        tokens = [self.encoder_latent_input_proj.bias.unsqueeze(0).expand(b, -1)]
        if self.state_dim:
            tokens.append(self.encoder_robot_state_input_proj(self.norm_state(frame[:, :self.state_dim])))
        if self.env_dim:
            tokens.append(self.encoder_env_state_input_proj(self.norm_env(frame[:, self.state_dim:self.state_dim + self.env_dim])))
        x = torch.stack(tokens, 0)
        pos = self.encoder_1d_feature_pos_embed.weight.unsqueeze(1)
        for layer in self.encoder.layers:
            x = layer(x, pos)
        memory = self.encoder.norm(x)
        query_pos = self.decoder_pos_embed.weight.unsqueeze(1)
        y = (query_pos * 0).expand(-1, b, -1)
        for layer in self.decoder.layers:
            y = layer(y, memory, query_pos, pos)
        y = self.decoder.norm(y)
        return self.norm_action.inverse(self.action_head(y.transpose(0, 1)))


def _features(config, where):
    inputs = config.get('input_features') or {}
    outputs = config.get('output_features') or {}
    images = [k for k, f in inputs.items() if (f or {}).get('type') == 'VISUAL']
    if images:
        raise ConvertError(f'{where}: input_features: expected state inputs only (armkit has no image encoder for '
                           f'converted policies yet), found the images {images}')
    other = [k for k in inputs if k not in (STATE, ENV)]
    if other:
        raise ConvertError(f'{where}: input_features: expected {STATE} and/or {ENV}, found also {other}')
    if ACTION not in outputs or len(outputs) != 1:
        raise ConvertError(f'{where}: output_features: expected exactly {ACTION!r}, found {sorted(outputs)}')

    def size(f, key):
        shape = f.get('shape') or []
        if len(shape) != 1 or int(shape[0]) < 1:
            raise ConvertError(f'{where}: {key}: expected a shape [d], found {shape}')
        return int(shape[0])

    return {k: size(f, k) for k, f in inputs.items()}, size(outputs[ACTION], ACTION)


class _WindowNormalize(nn.Module):
    """LeRobot's per-feature normalization over a flat window [B, To * D] of [state, env] frames."""

    def __init__(self, parts, frames):
        super().__init__()
        self.parts = nn.ModuleList(n for n, _ in parts)
        self.sizes, self.frames = [d for _, d in parts], frames

    def forward(self, window):
        b = window.shape[0]
        frames = window.reshape(b, self.frames, sum(self.sizes))
        out, at = [], 0
        for norm, d in zip(self.parts, self.sizes):
            out.append(norm(frames[:, :, at:at + d]))
            at += d
        return torch.cat(out, -1).reshape(b, -1)


class LeRobotUnet(nn.Module):
    """LeRobot's DiffusionConditionalUnet1d (diffusion_policy's ConditionalUnet1D with its own
    module names) behind its observation normalization: (sample, timestep, raw window) -> prediction."""

    def __init__(self, unet, normalize):
        super().__init__()
        self.unet, self.normalize = unet, normalize

    def forward(self, sample, timestep, global_cond):
        return self.unet(sample, timestep, self.normalize(global_cond))


# LeRobot's names for the UNet's parts -> diffusion_policy's (armkit_convert.DiffusionPolicyUnet):
# the residual blocks' conv1/conv2, and the down/upsampling convs held directly.
def _unet_key(key):
    key = key.replace('.conv1.', '.blocks.0.').replace('.conv2.', '.blocks.1.')
    parts = key.split('.')
    if parts[0] in ('down_modules', 'up_modules') and parts[2] == '2':
        parts.insert(3, 'conv')
    return '.'.join(parts)


# Weights of ACTPolicy that inference never reads: the VAE encoder's (training only).
_TRAINING_ONLY = ('model.vae_encoder',)
_SCHEDULERS = {'DDPM': 'ddpm', 'DDIM': 'ddim'}
# What LeRobot's DiffusionModel passes to the diffusers scheduler; the rest are diffusers' defaults.
_SCHEDULER_FIELDS = ('num_train_timesteps', 'beta_start', 'beta_end', 'beta_schedule', 'clip_sample', 'clip_sample_range', 'prediction_type')


class LeRobotModel:
    """A LeRobot pretrained_model folder read into armkit's terms."""

    def __init__(self, folder: LeRobotFolder, control_mode=None, obs_keys=None):
        self.folder, self.control_mode = folder, control_mode
        c = folder.config
        self.policy = c['type']
        if self.policy not in ('act', 'diffusion'):
            raise ConvertError(f'{folder.path}/config.json type: expected act or diffusion, found {self.policy!r}')
        inputs, self.action_dim = _features(c, f'{folder.path}/config.json')
        self.obs_keys = [(k, inputs[k]) for k in (STATE, ENV) if k in inputs]
        self.norms = {**{k: v for k, v in folder.inputs.items() if k != ACTION}, ACTION: folder.outputs.get(ACTION)}
        self.execution = self.scheduler = self.sampling = None
        if self.policy == 'act':
            self._act(c, inputs)
        else:
            self._diffusion(c, inputs)
        self.net.eval()
        if obs_keys:
            # The graph reads one frame of [state, env]; the env's keys may split it otherwise
            # (armkit's LeRobot export writes its whole observation as observation.state).
            total = sum(n for _, n in self.obs_keys)
            if sum(n for _, n in obs_keys) != total:
                raise ConvertError(f'--obs-keys: expected sizes adding up to the frame of {" + ".join(f"{k} {n}" for k, n in self.obs_keys)} = {total}, '
                                   f'found {sum(n for _, n in obs_keys)}')
            self.obs_keys = list(obs_keys)

    def _act(self, c, inputs):
        if ENV not in inputs:
            raise ConvertError(f'{self.folder.path}/config.json: expected {ENV} (ACT needs it without images), found {sorted(inputs)}')
        if int(c.get('n_obs_steps', 1)) != 1:
            raise ConvertError(f"config.json n_obs_steps: expected 1 (ACT's only), found {c['n_obs_steps']}")
        self.net = ActNet(c, inputs.get(STATE, 0), inputs.get(ENV, 0), self.action_dim, self.norms)
        self._load(self.net, skip_own='norm_', prefix='model.', skip=_TRAINING_ONLY)
        chunk, steps = int(c['chunk_size']), int(c.get('n_action_steps', c['chunk_size']))
        if not 1 <= steps <= chunk:
            raise ConvertError(f'config.json n_action_steps: expected 1..chunk_size {chunk}, found {steps}')
        self.horizons = {'observation': 1, 'prediction': chunk, 'action': steps, 'action_offset': 0}
        coeff = c.get('temporal_ensemble_coeff')
        self.execution = {'temporal_ensemble': float(coeff)} if coeff is not None else None

    def _diffusion(self, c, inputs):
        from armkit_convert import DiffusionPolicyUnet

        if STATE not in inputs or ENV not in inputs:
            raise ConvertError(f'{self.folder.path}/config.json: expected {STATE} and {ENV} (Diffusion without images), found {sorted(inputs)}')
        to, tp, ta = int(c['n_obs_steps']), int(c['horizon']), int(c['n_action_steps'])
        if not 1 <= ta <= tp - to + 1:
            raise ConvertError(f'config.json n_action_steps: expected 1..horizon - n_obs_steps + 1 = {tp - to + 1}, found {ta}')
        # generate_actions executes actions[:, n_obs_steps - 1 : n_obs_steps - 1 + n_action_steps].
        self.horizons = {'observation': to, 'prediction': tp, 'action': ta, 'action_offset': to - 1}
        d = sum(n for _, n in self.obs_keys)
        unet = DiffusionPolicyUnet(self.action_dim, d * to, int(c['diffusion_step_embed_dim']), [int(x) for x in c['down_dims']],
                                   int(c['kernel_size']), int(c['n_groups']), bool(c['use_film_scale_modulation']))
        parts = [(_Normalize(self.norms.get(k), n, k), n) for k, n in self.obs_keys]
        self.net = LeRobotUnet(unet, _WindowNormalize(parts, to))
        self._load(unet, skip_own=None, prefix='diffusion.unet.', skip=(), rename=_unet_key)
        kind = c.get('noise_scheduler_type', 'DDPM')
        if kind not in _SCHEDULERS:
            raise ConvertError(f'config.json noise_scheduler_type: expected DDPM or DDIM, found {kind!r}')
        self.scheduler = {k: c[k] for k in _SCHEDULER_FIELDS if k in c}
        steps = c.get('num_inference_steps')
        self.sampling = {'sampler': _SCHEDULERS[kind], 'inference_steps': int(steps if steps is not None else c['num_train_timesteps'])}
        if kind == 'DDIM':
            self.sampling['eta'] = 0.0  # scheduler.step's default; LeRobot passes none

    def _load(self, net, skip_own, prefix, skip, rename=None):
        own = {k: v for k, v in net.state_dict().items() if not (skip_own and k.startswith(skip_own))}
        given = {(rename or str)(k[len(prefix):]): v for k, v in self.folder.weights.items() if k.startswith(prefix) and not k.startswith(skip)}
        outside = [k for k in self.folder.weights if not k.startswith(prefix)]
        missing = [k for k in own if k not in given]
        unexpected = [k for k in given if k not in own]
        if missing or unexpected or outside:
            raise ConvertError(f'{self.folder.path}/model.safetensors: expected the {self.policy} network config.json describes, '
                               f'missing {missing[:4]}, unexpected {(unexpected + outside)[:4]}')
        shapes = [f'{k} {list(given[k].shape)} (config gives {list(own[k].shape)})' for k in own if given[k].shape != own[k].shape]
        if shapes:
            raise ConvertError(f'{self.folder.path}/model.safetensors: expected the shapes config.json implies, found {"; ".join(shapes[:3])}')
        net.load_state_dict({k: v.to(torch.float32) for k, v in given.items()}, strict=False)

    def _action_spec(self):
        """The unnormalizer's inverse as an affine spec (diffusion samples in normalized space).

        Unnormalizing divides by the stored scale, which keeps float32 rounding small even where
        LeRobot's eps makes the scale huge; a MEAN_STD element with std 0 (LeRobot: y * 0 + mean)
        takes a scale of 1e30, which gives back the mean to float32 precision.
        """
        norm = self.norms.get(ACTION)
        if norm is None or norm.mode == 'IDENTITY':
            return {'mode': 'identity'}
        n = _Normalize(norm, self.action_dim, ACTION)
        if norm.mode == 'MEAN_STD':
            std = norm.stats['std'].double()
            scale = torch.where(std == 0, torch.tensor(1e30, dtype=torch.float64), 1 / std)
            offset = -norm.stats['mean'].double() * scale
        else:
            scale = 2 / n.denom.double()
            offset = -1 - scale * n.center.double()
        return {'mode': 'affine', 'scale': [float(v) for v in scale], 'offset': [float(v) for v in offset]}

    def metadata(self):
        diffusion = self.policy == 'diffusion'
        meta = {
            'armkit.contract_version': '1',
            'armkit.kind': 'diffusion' if diffusion else 'bc',
            'armkit.observation_keys': json.dumps([{'name': n, 'shape': [d], 'type': 'low_dim'} for n, d in self.obs_keys]),
            'armkit.action_dim': str(self.action_dim),
            'armkit.horizons': json.dumps(self.horizons),
            # Observations inside the graph, as LeRobot's processors compute them (see the
            # module's docstring); ACT's actions too, diffusion's as the spec its chain ends with.
            'armkit.normalization': json.dumps({'observation': {}, 'action': self._action_spec() if diffusion else {'mode': 'identity'}}),
            'armkit.converted_from': json.dumps({'upstream': 'lerobot', 'policy': self.policy, 'folder': os.path.basename(os.path.normpath(self.folder.path)),
                                                 'normalization': 'observations in the graph (LeRobot processors)' if diffusion
                                                 else 'observations and actions in the graph (LeRobot processors)'}),
        }
        if diffusion:
            meta['armkit.scheduler'] = json.dumps(self.scheduler)
            meta['armkit.sampling'] = json.dumps(self.sampling)
        else:
            meta['armkit.head'] = 'deterministic'
        if self.execution:
            meta['armkit.execution'] = json.dumps(self.execution)
        if self.control_mode:
            meta['armkit.control_mode'] = self.control_mode
        return meta

    def export(self, path):
        d = sum(n for _, n in self.obs_keys)
        h = self.horizons
        if self.policy == 'act':
            write_contract_onnx(self.net, (torch.zeros(2, 1, d),), path, ['obs'], {'action': (h['prediction'], self.action_dim)}, self.metadata())
            return
        from armkit_convert import export_form

        args = (torch.zeros(2, h['prediction'], self.action_dim), torch.tensor([1, 5], dtype=torch.long), torch.zeros(2, h['observation'] * d))
        write_contract_onnx(export_form(self.net), args, path, ['sample', 'timestep', 'global_cond'],
                            {'prediction': (h['prediction'], self.action_dim)}, self.metadata())


def convert_lerobot(folder, out, control_mode=None, obs_keys=None):
    """Convert one LeRobot pretrained_model folder; returns the LeRobotModel written."""
    model = LeRobotModel(LeRobotFolder(folder), control_mode=control_mode, obs_keys=obs_keys)
    model.export(out)
    return model
