"""armkit-convert: upstream checkpoints to armkit contract ONNX files (policies/MODEL-CONTRACT.md).

    /usr/bin/python3 python/armkit_convert.py diffusion-policy CKPT -o model.onnx \\
        [--weights ema_model|model] [--obs-keys NAME:SIZE,...] [--control-mode MODE]

``diffusion-policy`` reads a checkpoint written by diffusion_policy's workspace
(``torch.save({'cfg', 'state_dicts', 'pickles'})``) of a ``DiffusionUnetLowdimPolicy`` with the
observation as global condition (the low-dim workspace's default) and writes one contract ONNX:

* the network: ``ConditionalUnet1D`` rebuilt here from the checkpoint's config and weights
  (EMA weights, ``state_dicts['ema_model']``, when the file has them, as upstream evaluates), inputs ``sample [B, Tp, Da]``,
  ``timestep int64 [B]``, ``global_cond [B, To * D]`` as the upstream network takes them;
* ``armkit.normalization``: the stored ``LinearNormalizer`` parameters as ``affine`` specs (scale
  and offset exactly as upstream applies them, constant dimensions included), the observation's
  split over ``--obs-keys`` when given (one key ``obs`` of D otherwise);
* ``armkit.horizons``: To = ``n_obs_steps``, Tp = ``horizon``, Ta = ``n_action_steps`` less
  ``n_latency_steps``, and the offset of the first executed action as ``predict_action`` takes it
  (``To - 1`` with ``oa_step_convention``, ``To`` without, plus the latency steps the env runner
  drops);
* ``armkit.scheduler``: the ``noise_scheduler`` config with diffusers' defaults filled in, and
  ``armkit.sampling``: the sampler (DDPM or DDIM, by the scheduler class), ``num_inference_steps``
  and DDIM's ``eta`` the policy samples with.

The checkpoint is read with a restricted unpickler: tensors, containers and OmegaConf's config
nodes (rebuilt as plain values, so neither omegaconf nor dill needs to be installed); anything
else in the file is refused by name (python/dp_checkpoint.py). Config interpolations (``${horizon}``,
``${eval:...}``) are resolved there, ``eval`` over arithmetic, comparisons and conditionals only.

Needs Debian's python3-torch, python3-onnx and python3-numpy.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import sys

import torch
from torch import nn

from contract_onnx import write_contract_onnx
from dp_checkpoint import Config, ConvertError, load_checkpoint  # noqa: F401 (the converter's API re-exports them)


# --- diffusion_policy's ConditionalUnet1D, rebuilt ---------------------------------------------
# Module names follow the checkpoint's state-dict keys (a fact of the file format), so loading
# is strict: a checkpoint of another shape is refused with the keys that differ.


class _ConvGroupMish(nn.Module):
    """Conv1d (same padding), GroupNorm, Mish; parameters under `block.0` and `block.1`."""

    def __init__(self, cin, cout, kernel, groups):
        super().__init__()
        self.block = nn.Sequential(nn.Conv1d(cin, cout, kernel, padding=kernel // 2), nn.GroupNorm(groups, cout), nn.Mish())

    def forward(self, x):
        return self.block(x)


class _AddChannelAxis(nn.Module):
    def forward(self, x):
        return x.unsqueeze(-1)


class _FilmBlock(nn.Module):
    """Two conv blocks with the condition's FiLM (scale and bias, or bias only) between them."""

    def __init__(self, cin, cout, cond_dim, kernel, groups, predict_scale):
        super().__init__()
        self.cout = cout
        self.predict_scale = predict_scale
        self.blocks = nn.ModuleList([_ConvGroupMish(cin, cout, kernel, groups), _ConvGroupMish(cout, cout, kernel, groups)])
        self.cond_encoder = nn.Sequential(nn.Mish(), nn.Linear(cond_dim, 2 * cout if predict_scale else cout), _AddChannelAxis())
        self.residual_conv = nn.Conv1d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, cond):
        h = self.blocks[0](x)
        film = self.cond_encoder(cond)
        if self.predict_scale:
            film = film.reshape(film.shape[0], 2, self.cout, 1)
            h = film[:, 0] * h + film[:, 1]
        else:
            h = h + film
        return self.blocks[1](h) + self.residual_conv(x)


class _StepEmbedding(nn.Module):
    """Sinusoidal embedding of the diffusion step: [sin(t f_i), cos(t f_i)], f_i = 10000^(-i/(half-1))."""

    def __init__(self, dim):
        super().__init__()
        self.half = dim // 2

    def forward(self, t):
        freqs = torch.exp(torch.arange(self.half, dtype=torch.float32) * -(math.log(10000) / (self.half - 1)))
        x = t.to(torch.float32)[:, None] * freqs[None, :]
        return torch.cat([x.sin(), x.cos()], dim=-1)


class _Downsample(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv = nn.Conv1d(dim, dim, 3, 2, 1)

    def forward(self, x):
        return self.conv(x)


class _Upsample(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv = nn.ConvTranspose1d(dim, dim, 4, 2, 1)

    def forward(self, x):
        return self.conv(x)


class DiffusionPolicyUnet(nn.Module):
    """diffusion_policy's ConditionalUnet1D with a global condition and no local one:
    (sample [B, T, Da], timestep [B], global_cond [B, G]) -> [B, T, Da]."""

    def __init__(self, input_dim, global_cond_dim, embed_dim, down_dims, kernel, groups, predict_scale):
        super().__init__()
        self.diffusion_step_encoder = nn.Sequential(_StepEmbedding(embed_dim), nn.Linear(embed_dim, 4 * embed_dim), nn.Mish(),
                                                    nn.Linear(4 * embed_dim, embed_dim))
        cond = embed_dim + global_cond_dim
        dims = [input_dim, *down_dims]
        pairs = list(zip(dims[:-1], dims[1:]))

        def block(cin, cout):
            return _FilmBlock(cin, cout, cond, kernel, groups, predict_scale)

        self.down_modules = nn.ModuleList(
            nn.ModuleList([block(cin, cout), block(cout, cout), nn.Identity() if i == len(pairs) - 1 else _Downsample(cout)])
            for i, (cin, cout) in enumerate(pairs))
        self.mid_modules = nn.ModuleList([block(dims[-1], dims[-1]), block(dims[-1], dims[-1])])
        # Every level on the way up upsamples (upstream's last-level test never holds there).
        self.up_modules = nn.ModuleList(
            nn.ModuleList([block(2 * cout, cin), block(cin, cin), _Upsample(cin)]) for cin, cout in reversed(pairs[1:]))
        # The head's conv block keeps GroupNorm's 8 groups whatever n_groups says, as upstream's.
        self.final_conv = nn.Sequential(_ConvGroupMish(down_dims[0], down_dims[0], kernel, 8), nn.Conv1d(down_dims[0], input_dim, 1))

    def forward(self, sample, timestep, global_cond):
        x = sample.transpose(1, 2)
        cond = torch.cat([self.diffusion_step_encoder(timestep.expand(sample.shape[0])), global_cond], dim=-1)
        skips = []
        for first, second, down in self.down_modules:
            x = second(first(x, cond), cond)
            skips.append(x)
            x = down(x)
        for mid in self.mid_modules:
            x = mid(x, cond)
        for first, second, up in self.up_modules:
            x = torch.cat([x, skips.pop()], dim=1)
            x = up(second(first(x, cond), cond))
        return self.final_conv(x).transpose(1, 2)


# --- export form (same function, faster onnxruntime CPU kernels; see MODEL-CONTRACT.md) --------


class _Conv1dAs2d(nn.Module):
    def __init__(self, conv):
        super().__init__()
        self.conv = nn.Conv2d(conv.in_channels, conv.out_channels, (1, conv.kernel_size[0]), stride=(1, conv.stride[0]),
                              padding=(0, conv.padding[0]), bias=conv.bias is not None)
        with torch.no_grad():
            self.conv.weight.copy_(conv.weight.unsqueeze(2))
            if conv.bias is not None:
                self.conv.bias.copy_(conv.bias)

    def forward(self, x):
        return self.conv(x.unsqueeze(2)).squeeze(2)


class _MishExp(nn.Module):
    # tanh(softplus(x)) = n / (n + 2) with n = e^x (e^x + 2); past x = 20 the ratio is 1 in float32.
    def forward(self, x):
        e = torch.exp(torch.clamp(x, max=20.0))
        n = e * (e + 2)
        return x * n / (n + 2)


def export_form(module):
    """A copy of `module` with Conv1d as unit-height Conv2d and Mish through Exp."""
    out = copy.deepcopy(module)

    def swap(parent):
        for name, child in parent.named_children():
            if isinstance(child, nn.Conv1d):
                setattr(parent, name, _Conv1dAs2d(child))
            elif isinstance(child, nn.Mish):
                setattr(parent, name, _MishExp())
            else:
                swap(child)

    swap(out)
    return out.eval()


# --- diffusion_policy -> contract ------------------------------------------------------------

# diffusers' defaults for the fields armkit's contract requires.
_SCHEDULER_DEFAULTS = {'num_train_timesteps': 1000, 'beta_schedule': 'linear'}
_SCHEDULERS = {'DDPMScheduler': 'ddpm', 'DDIMScheduler': 'ddim'}
_VARIANCE_TYPES = ('fixed_small', 'fixed_small_log', 'fixed_large')
# DiffusionUnetLowdimPolicy's own arguments; any other key under `policy` reaches scheduler.step.
_POLICY_ARGS = {'_target_', 'model', 'noise_scheduler', 'horizon', 'obs_dim', 'action_dim', 'n_action_steps', 'n_obs_steps',
                'num_inference_steps', 'obs_as_local_cond', 'obs_as_global_cond', 'pred_action_steps_only', 'oa_step_convention'}


class DiffusionPolicyModel:
    """What a diffusion_policy low-dim checkpoint holds, read into armkit's terms."""

    def __init__(self, cfg: Config, state_dicts, weights=None, obs_keys=None, control_mode=None, source=None):
        target = cfg.get('policy._target_', '')
        if not str(target).endswith('DiffusionUnetLowdimPolicy'):
            raise ConvertError(f'policy._target_: expected diffusion_policy DiffusionUnetLowdimPolicy, found {target or "none"}')
        for flag, want in (('obs_as_global_cond', True), ('obs_as_local_cond', False)):
            got = bool(cfg.get(f'policy.{flag}', False))
            if got != want:
                raise ConvertError(f'policy.{flag}: expected {want} (the observation as global condition), found {got}')
        if weights is None:
            # Upstream evaluates the EMA copy when it trains one (training.use_ema).
            weights = 'ema_model' if 'ema_model' in state_dicts else 'model'
        if weights not in state_dicts:
            raise ConvertError(f"state_dicts: expected {weights!r}, found {sorted(state_dicts)}")
        self.weights = weights
        state = state_dicts[weights]
        To = int(cfg.get('policy.n_obs_steps'))
        Do = int(cfg.get('policy.obs_dim'))
        Da = int(cfg.get('policy.action_dim'))
        horizon = int(cfg.get('policy.horizon'))
        n_action = int(cfg.get('policy.n_action_steps'))
        latency = int(cfg.get('n_latency_steps', 0) or 0)
        steps_only = bool(cfg.get('policy.pred_action_steps_only', False))
        oa = bool(cfg.get('policy.oa_step_convention', False))
        # predict_action's slice, then the env runner drops the latency steps from its front.
        prediction = n_action if steps_only else horizon
        offset = (0 if steps_only else (To - 1 if oa else To)) + latency
        executed = n_action - latency
        if executed < 1 or offset + executed > prediction:
            raise ConvertError(f'horizons: expected the executed actions inside the predicted chunk, found offset {offset} '
                               f'+ {executed} steps > {prediction} (n_obs_steps {To}, horizon {horizon}, n_action_steps '
                               f'{n_action}, n_latency_steps {latency}, oa_step_convention {oa})')
        self.horizons = {'observation': To, 'prediction': prediction, 'action': executed, 'action_offset': offset}
        self.obs_dim, self.action_dim = Do, Da

        m = cfg.get('policy.model')
        if m.get('local_cond_dim') is not None:
            raise ConvertError(f"policy.model.local_cond_dim: expected None (global condition only), found {m['local_cond_dim']}")
        if m.get('input_dim', Da) != Da or m.get('global_cond_dim', Do * To) != Do * To:
            raise ConvertError(f"policy.model: expected input_dim {Da} and global_cond_dim {Do * To}, found "
                               f"{m.get('input_dim')} and {m.get('global_cond_dim')}")
        self.net = DiffusionPolicyUnet(Da, Do * To, int(m.get('diffusion_step_embed_dim', 256)), [int(d) for d in m.get('down_dims', [256, 512, 1024])],
                                       int(m.get('kernel_size', 3)), int(m.get('n_groups', 8)), bool(m.get('cond_predict_scale', False)))
        net_state = {k[len('model.'):]: v for k, v in state.items() if k.startswith('model.')}
        missing, unexpected = self._load(net_state)
        if missing or unexpected:
            raise ConvertError(f"state_dicts['{weights}'] model.*: expected the ConditionalUnet1D of policy.model, "
                               f'missing {missing[:4]}{"..." if len(missing) > 4 else ""}, unexpected {unexpected[:4]}'
                               f'{"..." if len(unexpected) > 4 else ""}')
        self.net.eval()

        self.normalization = {'observation': self._split(self._affine(state, 'obs', Do), obs_keys),
                              'action': self._affine(state, 'action', Da)}
        self.obs_keys = obs_keys or [('obs', Do)]
        self.scheduler, self.sampling = self._scheduler(cfg)
        self.control_mode = control_mode
        self.source = source

    def _load(self, net_state):
        own = self.net.state_dict()
        missing = [k for k in own if k not in net_state]
        unexpected = [k for k in net_state if k not in own]
        shapes = [f'{k} {list(net_state[k].shape)} (config gives {list(own[k].shape)})' for k in own
                  if k in net_state and net_state[k].shape != own[k].shape]
        if shapes:
            raise ConvertError(f'model weights: expected the shapes policy.model implies, found {"; ".join(shapes[:3])}')
        if not missing and not unexpected:
            self.net.load_state_dict(net_state, strict=True)
        return missing, unexpected

    @staticmethod
    def _affine(state, key, size):
        p = f'normalizer.params_dict.{key}.'
        if p + 'scale' not in state or p + 'offset' not in state:
            raise ConvertError(f'normalizer: expected {p}scale and {p}offset in the weights (a fitted LinearNormalizer), not found')
        scale = state[p + 'scale'].to(torch.float32).reshape(-1)
        offset = state[p + 'offset'].to(torch.float32).reshape(-1)
        if scale.numel() == 1:
            scale, offset = scale.expand(size), offset.expand(size)
        if scale.numel() != size or offset.numel() != size:
            raise ConvertError(f'normalizer {key}: expected {size} scales and offsets, found {scale.numel()} and {offset.numel()}')
        if bool((scale == 0).any()):
            raise ConvertError(f'normalizer {key}: expected no scale 0, found one at {int((scale == 0).nonzero()[0])}')
        return {'mode': 'affine', 'scale': [float(v) for v in scale], 'offset': [float(v) for v in offset]}

    def _split(self, spec, obs_keys):
        if not obs_keys:
            return {'obs': spec}
        total = sum(n for _, n in obs_keys)
        if total != self.obs_dim:
            raise ConvertError(f'--obs-keys: expected sizes adding up to obs_dim {self.obs_dim}, found {total}')
        out, at = {}, 0
        for name, n in obs_keys:
            out[name] = {'mode': 'affine', 'scale': spec['scale'][at:at + n], 'offset': spec['offset'][at:at + n]}
            at += n
        return out

    @staticmethod
    def _scheduler(cfg):
        s = dict(cfg.get('policy.noise_scheduler'))
        target = str(s.pop('_target_', ''))
        cls = target.rsplit('.', 1)[-1]
        if cls not in _SCHEDULERS:
            raise ConvertError(f'policy.noise_scheduler._target_: expected diffusers DDPMScheduler or DDIMScheduler, found {target or "none"}')
        if 'predict_epsilon' in s:  # diffusers before 0.12 named it so
            s.setdefault('prediction_type', 'epsilon' if s.pop('predict_epsilon') else 'sample')
        if s.get('variance_type', 'fixed_small') not in _VARIANCE_TYPES:
            raise ConvertError(f"policy.noise_scheduler.variance_type: expected one of {', '.join(_VARIANCE_TYPES)} (what armkit samples), found {json.dumps(s['variance_type'])}")
        for field, default in _SCHEDULER_DEFAULTS.items():
            s.setdefault(field, default)
        T = int(s['num_train_timesteps'])
        steps = cfg.get('policy.num_inference_steps', None)
        steps = T if steps is None else int(steps)
        sampling = {'sampler': _SCHEDULERS[cls], 'inference_steps': steps}
        # What predict_action passes on to scheduler.step: DDIM's eta, and the clipped-output
        # switch at its default; anything else would change sampling in a way armkit does not.
        step_kwargs = {k: cfg.get(f'policy.{k}') for k in cfg.get('policy') if k not in _POLICY_ARGS}
        eta = float(step_kwargs.pop('eta', 0.0) or 0.0)
        if cls == 'DDIMScheduler':
            sampling['eta'] = eta
        elif eta != 0:
            raise ConvertError(f'policy.eta: expected none for a DDPMScheduler (DDIM only), found {eta}')
        if step_kwargs.pop('use_clipped_model_output', False):
            raise ConvertError('policy.use_clipped_model_output: expected false (the noise estimate stays the network\'s), found true')
        if step_kwargs:
            raise ConvertError(f'policy: expected DiffusionUnetLowdimPolicy arguments and eta, found scheduler.step arguments {sorted(step_kwargs)}')
        return s, sampling

    def metadata(self):
        meta = {
            'armkit.contract_version': '1',
            'armkit.kind': 'diffusion',
            'armkit.observation_keys': json.dumps([{'name': n, 'shape': [d], 'type': 'low_dim'} for n, d in self.obs_keys]),
            'armkit.action_dim': str(self.action_dim),
            'armkit.horizons': json.dumps(self.horizons),
            'armkit.normalization': json.dumps(self.normalization),
            'armkit.scheduler': json.dumps(self.scheduler),
            'armkit.sampling': json.dumps(self.sampling),
            'armkit.converted_from': json.dumps({'upstream': 'diffusion_policy', 'weights': self.weights, 'checkpoint': self.source}),
        }
        if self.control_mode:
            meta['armkit.control_mode'] = self.control_mode
        return meta

    def export(self, path):
        """Write the contract ONNX file at `path`."""
        To, Tp, Da = self.horizons['observation'], self.horizons['prediction'], self.action_dim
        args = (torch.zeros(2, Tp, Da), torch.tensor([1, 50], dtype=torch.long), torch.zeros(2, To * self.obs_dim))
        write_contract_onnx(export_form(self.net), args, path, ['sample', 'timestep', 'global_cond'],
                            {'prediction': (Tp, Da)}, self.metadata())


def parse_obs_keys(text):
    """`NAME:SIZE,NAME:SIZE` -> [(name, size)]."""
    if not text:
        return None
    out = []
    for part in text.split(','):
        name, _, size = part.strip().rpartition(':')
        if not name or not size.isdigit() or int(size) < 1:
            raise ConvertError(f'--obs-keys: expected NAME:SIZE[,NAME:SIZE...] with sizes >= 1, found {part.strip()!r}')
        out.append((name, int(size)))
    if len({n for n, _ in out}) != len(out):
        raise ConvertError(f'--obs-keys: expected unique names, found {text!r}')
    return out


def convert_diffusion_policy(ckpt, out, weights=None, obs_keys=None, control_mode=None):
    """Convert one diffusion_policy checkpoint; returns the DiffusionPolicyModel written."""
    cfg, state_dicts = load_checkpoint(ckpt)
    model = DiffusionPolicyModel(cfg, state_dicts, weights=weights, obs_keys=obs_keys, control_mode=control_mode,
                                 source=os.path.basename(ckpt))
    model.export(out)
    return model


def _run_diffusion_policy(args):
    m = convert_diffusion_policy(args.checkpoint, args.out, args.weights, parse_obs_keys(args.obs_keys), args.control_mode)
    h = m.horizons
    return (f"To {h['observation']}, Tp {h['prediction']}, Ta {h['action']}, offset {h['action_offset']}, "
            f"{m.sampling['sampler']} {m.sampling['inference_steps']} steps, weights {m.weights}")


def _run_robomimic(args):
    from robomimic_convert import convert_robomimic

    m = convert_robomimic(args.checkpoint, args.out, args.control_mode)
    keys = ', '.join(f'{n} {d}' for n, d in m.obs_keys)
    extra = f", recurrent state reset every {m.horizon} steps" if m.recurrent else ''
    return f"{m.algo_class}, observation keys {keys}, action {m.action_dim}, Tp {m.horizons['prediction']}{extra}"


def _run_lerobot(args):
    from lerobot_convert import convert_lerobot

    m = convert_lerobot(args.folder, args.out, args.control_mode, parse_obs_keys(args.obs_keys))
    h = m.horizons
    keys = ', '.join(f'{n} {d}' for n, d in m.obs_keys)
    extra = f", temporal ensembling {m.execution['temporal_ensemble']} by default" if m.execution else ''
    if m.sampling:
        extra += f", offset {h['action_offset']}, {m.sampling['sampler']} {m.sampling['inference_steps']} steps"
    return f"{m.policy}, observation keys {keys}, action {m.action_dim}, To {h['observation']}, Tp {h['prediction']}, Ta {h['action']}{extra}"


def main(argv=None):
    parser = argparse.ArgumentParser(prog='armkit-convert', description='Upstream checkpoints to armkit contract ONNX files.')
    sub = parser.add_subparsers(dest='command', required=True)
    dp = sub.add_parser('diffusion-policy', help="a diffusion_policy DiffusionUnetLowdimPolicy checkpoint (.ckpt)")
    dp.add_argument('checkpoint')
    dp.add_argument('-o', '--out', required=True, help='the ONNX file to write')
    dp.add_argument('--weights', choices=['ema_model', 'model'], help="which state dict (default: 'ema_model' when the file has one)")
    dp.add_argument('--obs-keys', help='NAME:SIZE,... splitting the flat observation into armkit keys (default: one key "obs")')
    dp.add_argument('--control-mode', help='armkit.control_mode to record (e.g. pd_ee_delta_pose)')
    dp.set_defaults(run=_run_diffusion_policy)
    rm = sub.add_parser('robomimic', help='a robomimic BC or BC-RNN checkpoint (.pth, as train.py saves it)')
    rm.add_argument('checkpoint')
    rm.add_argument('-o', '--out', required=True, help='the ONNX file to write')
    rm.add_argument('--control-mode', help='armkit.control_mode to record (e.g. pd_ee_delta_pose)')
    rm.set_defaults(run=_run_robomimic)
    lr = sub.add_parser('lerobot', help="a LeRobot ACT or Diffusion pretrained_model folder (config.json, model.safetensors, processors)")
    lr.add_argument('folder')
    lr.add_argument('-o', '--out', required=True, help='the ONNX file to write')
    lr.add_argument('--obs-keys', help='NAME:SIZE,... naming the [state, env state] frame as the env\'s keys (default: LeRobot\'s feature names)')
    lr.add_argument('--control-mode', help='armkit.control_mode to record (e.g. pd_ee_delta_pose)')
    lr.set_defaults(run=_run_lerobot)
    args = parser.parse_args(argv)
    try:
        summary = args.run(args)
    except ConvertError as e:
        print(f'armkit-convert: {e}', file=sys.stderr)
        return 2
    print(f'wrote {args.out}: {summary}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
