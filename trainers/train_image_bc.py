"""Behaviour cloning from camera images: a small CNN per camera plus the arm's joints, exported as kind `bc`.

    /usr/bin/python3 -m trainers.train_image_bc --data rgb-demos.hdf5 --out image-bc.onnx

The demos are `armkit collect --obs-mode rgb` files: each camera's colour frames as
obs/<camera>_image uint8 [T, H, W, 3]. The policy reads those images and the proprioceptive
keys (default: qpos, the arm and finger joints), never the object or goal state, as ManiSkill's
rgb observation mode gives an agent. Images go into the model channels first, [To, 3, H, W],
normalized by the contract's mean_std spec (mean 0, std 255 per channel: 0..1); the network
halves them (average pooling) before four stride-2 convolutions, which keeps a training step
on two CPU cores near 0.1 s. Training shifts each image by up to 8 pixels (replicate padding,
random crop), the augmentation that image-based BC and diffusion policies rely on with few demos.
"""
import json

import h5py
import numpy as np
import torch
from torch import nn

from . import cli
from .data import DemoFormatError, MinMax, observation_specs
from .export import export_onnx

SHIFT = 8


class CameraEncoder(nn.Module):
    """[B, 3, H, W] in 0..1 -> [B, F]: pool by 2, four stride-2 3x3 convolutions, one linear layer."""

    def __init__(self, height, width, features):
        super().__init__()
        self.conv = nn.Sequential(
            nn.AvgPool2d(2),
            nn.Conv2d(3, 32, 3, 2, 1), nn.ReLU(),
            nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(),
            nn.Conv2d(64, 128, 3, 2, 1), nn.ReLU(),
            nn.Conv2d(128, 128, 3, 2, 1), nn.ReLU(),
        )
        with torch.no_grad():
            flat = self.conv(torch.zeros(1, 3, height, width)).numel()
        self.out = nn.Sequential(nn.Flatten(), nn.Linear(flat, features), nn.LayerNorm(features), nn.ReLU())

    def forward(self, x):
        return self.out(self.conv(x))


class ImageBc(nn.Module):
    """(obs [B, To, D], image_1 [B, To, 3, H, W], ...) -> action [B, Tp, Da] in [-1, 1] (tanh)."""

    def __init__(self, low_dim, obs_horizon, action_dim, pred_horizon, cameras, features, hidden):
        super().__init__()
        self.shape = (pred_horizon, action_dim)
        self.encoders = nn.ModuleList(CameraEncoder(h, w, features) for h, w in cameras)
        width = obs_horizon * (low_dim + features * len(cameras))
        layers, d = [], width
        for h in hidden:
            layers += [nn.Linear(d, h), nn.ReLU()]
            d = h
        layers += [nn.Linear(d, pred_horizon * action_dim), nn.Tanh()]
        self.head = nn.Sequential(*layers)

    def forward(self, obs, *images):
        b, to = obs.shape[0], obs.shape[1]
        parts = [obs.reshape(b, -1)]
        for enc, img in zip(self.encoders, images):
            parts.append(enc(img.reshape(b * to, *img.shape[2:])).reshape(b, -1))
        return self.head(torch.cat(parts, dim=1)).reshape(b, *self.shape)


def build_parser():
    p = cli.parser(__doc__)
    p.add_argument('--low-dim-keys', nargs='+', default=['qpos'], metavar='KEY', help='proprioceptive keys the policy reads (default qpos)')
    p.add_argument('--image-keys', nargs='+', metavar='KEY', help='image keys (default: every obs/<camera>_image in the file)')
    p.add_argument('--obs-horizon', type=int, default=2, help='frames per observation window, To (default 2)')
    p.add_argument('--pred-horizon', type=int, default=4, help='actions per predicted chunk, Tp (default 4)')
    p.add_argument('--action-horizon', type=int, default=2, help='actions executed per chunk, Ta (default 2)')
    p.add_argument('--image-features', type=int, default=128, help='image features per camera (default 128)')
    p.add_argument('--hidden', type=int, nargs='+', default=[512, 512], help='MLP hidden sizes (default 512 512)')
    p.add_argument('--steps', type=int, default=4000, help='gradient steps (default 4000)')
    p.add_argument('--batch-size', type=int, default=64)
    p.add_argument('--lr', type=float, default=3e-4, help='AdamW learning rate, cosine-decayed to 0 (default 3e-4)')
    p.set_defaults(obs_keys=None)
    return p


def load_image_demos(path, low_dim_keys, image_keys, split):
    """Per demo: low-dim frames [T, D], images per key uint8 [T, H, W, 3], actions [T, Da]; plus env_args.

    @raises DemoFormatError naming the file, what was expected and what was found.
    """
    try:
        f = h5py.File(path, 'r')
    except (OSError, FileNotFoundError) as e:
        raise DemoFormatError(f'{path}: cannot open as HDF5 ({e}); expected an `armkit collect --obs-mode rgb` file') from e
    with f:
        if 'data' not in f:
            raise DemoFormatError(f'{path}: expected a group "data" holding demo_N groups, found {sorted(f.keys())}')
        data = f['data']
        names = sorted((k for k in data if k.startswith('demo_')), key=lambda k: int(k[5:]))
        if split != 'all':
            names = [n.decode() if isinstance(n, bytes) else str(n) for n in f['mask'][split][()]]
        if not names:
            raise DemoFormatError(f'{path}: no demo_N groups under data')
        obs0 = data[names[0]]['obs']
        if image_keys is None:
            image_keys = sorted(k for k in obs0 if k.endswith('_image'))
        if not image_keys:
            raise DemoFormatError(f'{path}: expected obs/<camera>_image datasets (record with `armkit collect --obs-mode rgb`), found obs/{sorted(obs0.keys())}')
        for k in [*low_dim_keys, *image_keys]:
            if k not in obs0:
                raise DemoFormatError(f'{path}: observation key {k!r} not in {names[0]}/obs, which has {sorted(obs0.keys())}')
        for k in image_keys:
            shape = obs0[k].shape
            if len(shape) != 4 or shape[3] != 3 or obs0[k].dtype != np.uint8:
                raise DemoFormatError(f'{path}: {names[0]}/obs/{k}: expected uint8 [T, H, W, 3], found {obs0[k].dtype} {shape}')
        demos = []
        for n in names:
            g = data[n]
            low = np.concatenate([np.asarray(g['obs'][k][()], np.float32) for k in low_dim_keys], axis=1)
            imgs = [np.asarray(g['obs'][k][()]) for k in image_keys]
            demos.append((low, imgs, np.asarray(g['actions'][()], np.float32)))
        env_args = json.loads(data.attrs.get('env_args', '{}'))
        low_sizes = [(k, int(obs0[k].shape[1])) for k in low_dim_keys]
        image_shapes = [(k, int(obs0[k].shape[1]), int(obs0[k].shape[2])) for k in image_keys]
    return demos, low_sizes, image_shapes, env_args


def window_indices(lengths, to, tp):
    """For every step of every demo: frame indices [N, To] and action indices [N, Tp] into the
    demos' concatenated arrays, padded at the ends by repeating the first or last entry."""
    obs_idx, act_idx, start = [], [], 0
    for n in lengths:
        t = np.arange(n)[:, None]
        obs_idx.append(start + np.clip(t + np.arange(-to + 1, 1)[None, :], 0, n - 1))
        act_idx.append(start + np.clip(t + np.arange(tp)[None, :], 0, n - 1))
        start += n
    return np.concatenate(obs_idx), np.concatenate(act_idx)


def shift(batch, generator):
    """Random shifts of up to SHIFT pixels per sample: replicate-pad, then crop back [B, 3, H, W]."""
    b, _, h, w = batch.shape
    padded = nn.functional.pad(batch, (SHIFT, SHIFT, SHIFT, SHIFT), mode='replicate')
    dx = torch.randint(0, 2 * SHIFT + 1, (b,), generator=generator)
    dy = torch.randint(0, 2 * SHIFT + 1, (b,), generator=generator)
    return torch.stack([padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(b)])


def main():
    p = build_parser()
    args = p.parse_args()
    cli.check_args(p, args)
    cli.check_at_least_one(p, args, ('obs_horizon', 'pred_horizon', 'action_horizon', 'steps', 'batch_size', 'image_features'))
    if args.action_horizon > args.pred_horizon:
        p.error(f'--action-horizon {args.action_horizon} exceeds --pred-horizon {args.pred_horizon}')
    cli.seed_everything(args.seed, args.threads)

    demos, env_args = [], {}
    low_sizes = image_shapes = None
    for path in args.data:
        d, ls, ims, ea = load_image_demos(path, args.low_dim_keys, args.image_keys, args.split)
        if low_sizes is not None and (ls, ims) != (low_sizes, image_shapes):
            raise DemoFormatError(f'{path}: keys {ls} {ims} differ from {args.data[0]}: {low_sizes} {image_shapes}')
        demos += d
        low_sizes, image_shapes, env_args = ls, ims, env_args or ea
    low = np.concatenate([d[0] for d in demos])
    images = [np.concatenate([d[1][c] for d in demos]) for c in range(len(image_shapes))]
    actions = np.concatenate([d[2] for d in demos])
    print(f'[image-bc] {len(demos)} demos, {len(actions)} steps, low-dim {[k for k, _ in low_sizes]}, cameras {[(k, h, w) for k, h, w in image_shapes]}', flush=True)

    to, tp = args.obs_horizon, args.pred_horizon
    obs_idx, act_idx = window_indices([len(d[2]) for d in demos], to, tp)
    low_norm = MinMax.fit(low)
    act_norm = MinMax.fit(actions)
    low_t = torch.from_numpy(low_norm.normalize(low))
    act_t = torch.from_numpy(act_norm.normalize(actions))
    # Channels first once, as the model reads them; bytes until a batch is drawn.
    image_t = [torch.from_numpy(np.ascontiguousarray(im.transpose(0, 3, 1, 2))) for im in images]

    net = ImageBc(low.shape[1], to, actions.shape[1], tp, [(h, w) for _, h, w in image_shapes], args.image_features, args.hidden)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-6)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.steps)
    progress = cli.Progress('image-bc', args.steps, args.max_minutes)
    gen = torch.Generator().manual_seed(args.seed)
    obs_idx_t, act_idx_t = torch.from_numpy(obs_idx), torch.from_numpy(act_idx)
    net.train()
    step = 0
    for step, idx in enumerate(cli.batches(len(obs_idx), args.batch_size, gen), start=1):
        oi, ai = obs_idx_t[idx], act_idx_t[idx]
        b = len(idx)
        cams = []
        for im in image_t:
            frames = im[oi.reshape(-1)].float() / 255.0
            cams.append(shift(frames, gen).reshape(b, to, *frames.shape[1:]))
        loss = nn.functional.mse_loss(net(low_t[oi], *cams), act_t[ai])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if not progress.update(step, loss=loss.item(), lr=sched.get_last_lr()[0]) or step >= args.steps:
            break

    net.eval()
    keys = [{'name': k, 'shape': [d], 'type': 'low_dim'} for k, d in low_sizes] + [{'name': k, 'shape': [3, h, w], 'type': 'rgb'} for k, h, w in image_shapes]
    norm = {'observation': {**observation_specs(low_sizes, low_norm), **{k: {'mode': 'mean_std', 'mean': [0.0, 0.0, 0.0], 'std': [255.0, 255.0, 255.0]} for k, _, _ in image_shapes}},
            'action': act_norm.spec()}
    meta = {
        'armkit.contract_version': '1',
        'armkit.kind': 'bc',
        'armkit.observation_keys': json.dumps(keys),
        'armkit.action_dim': str(actions.shape[1]),
        'armkit.horizons': json.dumps({'observation': to, 'prediction': tp, 'action': args.action_horizon, 'action_offset': 0}),
        'armkit.normalization': json.dumps(norm),
        'armkit.head': 'deterministic',
        'armkit.training': json.dumps({'trainer': 'trainers.train_image_bc', 'data': args.data, 'demos': len(demos), 'steps': step,
                                       'seconds': round(progress.seconds, 1), 'seed': args.seed}),
    }
    control_mode = env_args.get('env_kwargs', {}).get('control_mode')
    if control_mode:
        meta['armkit.control_mode'] = control_mode
    first = obs_idx_t[:2]
    example = (low_t[first], *[(im[first.reshape(-1)].float() / 255.0).reshape(2, to, 3, h, w) for im, (_, h, w) in zip(image_t, image_shapes)])
    inputs = ['obs', *[f'obs.{k}' for k, _, _ in image_shapes]]
    export_onnx(net, example, args.out, inputs, ['action'], meta)
    print(f'[image-bc] trained {step} steps in {progress.seconds:.1f}s -> {args.out}', flush=True)
    print(json.dumps({'trainer': 'image-bc', 'out': args.out, 'steps': step, 'seconds': progress.seconds, 'stopped_early': progress.stopped_early}), flush=True)


if __name__ == '__main__':
    cli.run(main)
