"""Diffusion policy (Chi et al. 2023) on state observations, exported as kind `diffusion`.

    /usr/bin/python3 -m trainers.train_diffusion --data demos.hdf5 --out diffusion.onnx

The noise network is the fixtures' 1-D temporal UNet with FiLM conditioning on the flattened
window of To frames (test/fixtures/models/nets.py, diffusion_policy's ConditionalUnet1D
shape). Training is DDPM's: 100 steps, squared-cosine (squaredcos_cap_v2) schedule, the network
predicts the noise (epsilon), MSE loss, AdamW with warm-up and cosine decay, and an EMA of the
weights, which is what gets exported. armkit samples it with DDIM or DDPM at run time.

Horizons default to To = 2, Tp = 8, Ta = 2 rather than diffusion_policy's 2/16/8: PickCube
demos last 4-36 steps (16 on average) and the arm tracks each command within a millimetre, so
long open-loop stretches carry small errors into the grasp before the policy can correct them
(Ta = 4 did 8-12 points worse than Ta = 2 in equal-training comparisons).
"""
import json

import numpy as np
import torch

from . import cli
from .data import MinMax, load_demos, observation_specs, windows
from .ema import Ema
from .export import export_onnx, metadata
from .fast_linear import use_dnnl
from .features import with_features
from .fixtures import nets, schedules

SCHEDULER = {'num_train_timesteps': 100, 'beta_schedule': 'squaredcos_cap_v2', 'beta_start': 0.0001,
             'beta_end': 0.02, 'prediction_type': 'epsilon', 'clip_sample': True, 'clip_sample_range': 1.0}


def build_parser():
    p = cli.parser(__doc__)
    p.add_argument('--obs-horizon', type=int, default=2, help='frames per observation window, To (default 2)')
    p.add_argument('--pred-horizon', type=int, default=8, help='actions per chunk, Tp; a multiple of 4 for the UNet (default 8)')
    p.add_argument('--action-horizon', type=int, default=2, help='actions executed per chunk, Ta (default 2)')
    p.add_argument('--down-dims', type=int, nargs=3, default=[64, 128, 256], help='UNet channel widths (default 64 128 256)')
    p.add_argument('--step-embed-dim', type=int, default=64, help='diffusion step embedding size (default 64)')
    p.add_argument('--steps', type=int, default=4000, help='gradient steps (default 4000)')
    p.add_argument('--batch-size', type=int, default=256)
    p.add_argument('--lr', type=float, default=1e-3, help='AdamW learning rate after warm-up, cosine-decayed (default 1e-3)')
    p.add_argument('--warmup', type=int, default=200, help='linear warm-up steps (default 200)')
    p.add_argument('--weight-decay', type=float, default=1e-6)
    return p


def main():
    p = build_parser()
    args = p.parse_args()
    cli.check_args(p, args)
    cli.check_at_least_one(p, args, ('obs_horizon', 'pred_horizon', 'action_horizon', 'steps', 'batch_size'))
    if args.pred_horizon % 4:
        p.error(f'--pred-horizon: the UNet halves the sequence twice, so it must be a multiple of 4; got {args.pred_horizon}')
    offset = args.obs_horizon - 1
    if offset + args.action_horizon > args.pred_horizon:
        p.error(f'--action-horizon {args.action_horizon}: the chunk starts To - 1 = {offset} steps back, so Ta <= Tp - To + 1 = {args.pred_horizon - offset}')
    cli.seed_everything(args.seed, args.threads)

    demos = load_demos(args.data, args.split, args.obs_keys)
    print(f'[diffusion] {demos.describe()}', flush=True)
    to, tp = args.obs_horizon, args.pred_horizon
    obs_w, act_w = windows(demos.episodes, to, tp, action_offset=offset)
    obs_norm = MinMax.fit(np.concatenate([e.obs for e in demos.episodes]))
    act_norm = MinMax.fit(np.concatenate([e.actions for e in demos.episodes]))
    x_obs = torch.from_numpy(obs_norm.normalize(obs_w))
    x_act = torch.from_numpy(act_norm.normalize(act_w))
    print(f'[diffusion] {len(x_obs)} windows, To={to} Tp={tp} Ta={args.action_horizon}', flush=True)

    net = use_dnnl(with_features(lambda d: nets.DiffusionNoiseNet(d, to, demos.action_dim, args.down_dims, args.step_embed_dim),
                                 args.features, demos.keys, obs_norm, obs_arg=2))
    ema = Ema(net)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: warmup_cosine(s, args.warmup, args.steps))
    alphas_cumprod = schedules.alphas_cumprod(SCHEDULER['num_train_timesteps'], SCHEDULER['beta_schedule']).float()
    progress = cli.Progress('diffusion', args.steps, args.max_minutes)
    gen = torch.Generator().manual_seed(args.seed)
    net.train()
    step = 0
    for step, idx in enumerate(cli.batches(len(x_obs), args.batch_size, gen), start=1):
        loss = denoising_loss(net, x_act[idx], x_obs[idx], alphas_cumprod, gen)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        ema.update(net)
        if not progress.update(step, loss=loss.item(), lr=sched.get_last_lr()[0], ema=ema.decay()) or step >= args.steps:
            break

    model = ema.averaged
    horizons = {'observation': to, 'prediction': tp, 'action': args.action_horizon, 'action_offset': offset}
    norm = {'observation': observation_specs(demos.keys, obs_norm), 'action': act_norm.spec()}
    training = {'trainer': 'trainers.train_diffusion', 'data': args.data, 'demos': len(demos.episodes), 'steps': step,
                'seconds': round(progress.seconds, 1), 'seed': args.seed, 'down_dims': args.down_dims, 'ema': True, 'features': args.features}
    meta = metadata('diffusion', demos, horizons, norm, {'armkit.scheduler': json.dumps(SCHEDULER)}, training)
    example = (x_act[:2], torch.tensor([3, 50]), x_obs[:2])
    export_onnx(model, example, args.out, ['sample', 'timestep', 'obs'], ['prediction'], meta)
    print(f'[diffusion] trained {step} steps in {progress.seconds:.1f}s -> {args.out}', flush=True)
    print(json.dumps({'trainer': 'diffusion', 'out': args.out, 'steps': step, 'seconds': progress.seconds, 'stopped_early': progress.stopped_early}), flush=True)


def denoising_loss(net, actions, obs, alphas_cumprod, gen):
    """DDPM's simple loss: noise a clean chunk to a random step t and regress the noise."""
    b = actions.shape[0]
    t = torch.randint(0, len(alphas_cumprod), (b,), generator=gen)
    noise = torch.randn(actions.shape, generator=gen)
    a = alphas_cumprod[t].view(b, 1, 1)
    noisy = a.sqrt() * actions + (1 - a).sqrt() * noise
    return torch.nn.functional.mse_loss(net(noisy, t, obs), noise)


def warmup_cosine(step, warmup, total):
    """Learning-rate factor: linear warm-up, then cosine decay to 0 (diffusion_policy's schedule)."""
    if step < warmup:
        return (step + 1) / warmup
    return 0.5 * (1 + np.cos(np.pi * min(1.0, (step - warmup) / max(1, total - warmup))))


if __name__ == '__main__':
    cli.run(main)
