"""Behaviour cloning: an MLP from a window of state frames to an action chunk, exported as kind `bc`.

    /usr/bin/python3 -m trainers.train_bc --data demos.hdf5 --out bc.onnx
    /usr/bin/python3 -m trainers.train_bc --data noisy.hdf5 --out base.onnx --head gaussian

Head `deterministic` regresses the min-max-normalized actions (MSE, tanh output); head
`gaussian` fits a diagonal Gaussian by negative log-likelihood (robomimic's BC-Gaussian), which
armkit samples under V-GPS. Observations and actions are min-max normalized to [-1, 1] with
the training set's limits, written into the file as the contract's normalization.
"""
import json

import numpy as np
import torch

from . import cli
from .data import MinMax, load_demos, observation_specs, windows
from .export import export_onnx, metadata
from .fast_linear import use_dnnl
from .features import with_features
from .fixtures import nets


class BcGaussianWide(nets.BcGaussian):
    """The fixtures' Gaussian head with log-std bounded to [lo, hi] instead of [-4, -1].

    The fixture's bound keeps an untrained model's samples tame; a head trained on mixed-quality
    demos needs a wider one, since where the demos disagree (close the gripper now or keep
    adjusting) its Gaussian must spread over both, and V-GPS can only pick what the base proposes.
    """

    def __init__(self, obs_dim, obs_horizon, action_dim, pred_horizon, hidden, log_std_range):
        super().__init__(obs_dim, obs_horizon, action_dim, pred_horizon, hidden)
        self.lo, self.hi = log_std_range

    def forward(self, obs):
        h = self.trunk(obs.flatten(1))
        mean = torch.tanh(self.mean(h)).reshape(obs.shape[0], *self.shape)
        half = (self.hi - self.lo) / 2
        log_std = (self.lo + half + half * torch.tanh(self.log_std(h))).reshape(obs.shape[0], *self.shape)
        return mean, log_std


def build_parser():
    p = cli.parser(__doc__)
    p.add_argument('--head', choices=['deterministic', 'gaussian'], default='deterministic', help='output head (default deterministic)')
    p.add_argument('--obs-horizon', type=int, default=1, help='frames per observation window, To (default 1)')
    p.add_argument('--pred-horizon', type=int, default=1, help='actions per predicted chunk, Tp (default 1)')
    p.add_argument('--action-horizon', type=int, default=1, help='actions executed per chunk, Ta (default 1)')
    p.add_argument('--log-std-range', type=float, nargs=2, default=[-5.0, 0.0], metavar=('LO', 'HI'),
                   help='bounds of a Gaussian head\'s log-std in normalized action units (default -5 0)')
    p.add_argument('--hidden', type=int, nargs='+', default=[512, 512, 512], help='MLP hidden sizes (default 512 512 512)')
    p.add_argument('--steps', type=int, default=20000, help='gradient steps (default 20000)')
    p.add_argument('--batch-size', type=int, default=256)
    p.add_argument('--lr', type=float, default=1e-3, help='Adam learning rate, cosine-decayed to 0 (default 1e-3)')
    p.add_argument('--weight-decay', type=float, default=1e-6)
    return p


def main():
    p = build_parser()
    args = p.parse_args()
    cli.check_args(p, args)
    cli.check_at_least_one(p, args, ('obs_horizon', 'pred_horizon', 'action_horizon', 'steps', 'batch_size'))
    if args.action_horizon > args.pred_horizon:
        p.error(f'--action-horizon {args.action_horizon} exceeds --pred-horizon {args.pred_horizon}')
    cli.seed_everything(args.seed, args.threads)

    demos = load_demos(args.data, args.split, args.obs_keys)
    print(f'[bc] {demos.describe()}', flush=True)
    to, tp = args.obs_horizon, args.pred_horizon
    obs_w, act_w = windows(demos.episodes, to, tp, action_offset=0)
    obs_norm = MinMax.fit(np.concatenate([e.obs for e in demos.episodes]))
    act_norm = MinMax.fit(np.concatenate([e.actions for e in demos.episodes]))
    x = torch.from_numpy(obs_norm.normalize(obs_w))
    y = torch.from_numpy(act_norm.normalize(act_w))

    if args.head == 'gaussian':
        make = lambda d: BcGaussianWide(d, to, demos.action_dim, tp, args.hidden, args.log_std_range)
    else:
        make = lambda d: nets.BcDeterministic(d, to, demos.action_dim, tp, args.hidden)
    net = use_dnnl(with_features(make, args.features, demos.keys, obs_norm))
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.steps)
    progress = cli.Progress('bc', args.steps, args.max_minutes)
    gen = torch.Generator().manual_seed(args.seed)
    net.train()
    step = 0
    for step, idx in enumerate(cli.batches(len(x), args.batch_size, gen), start=1):
        loss = bc_loss(net, x[idx], y[idx], args.head)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if not progress.update(step, loss=loss.item(), lr=sched.get_last_lr()[0]) or step >= args.steps:
            break

    net.eval()
    horizons = {'observation': to, 'prediction': tp, 'action': args.action_horizon, 'action_offset': 0}
    norm = {'observation': observation_specs(demos.keys, obs_norm), 'action': act_norm.spec()}
    training = {'trainer': 'trainers.train_bc', 'data': args.data, 'demos': len(demos.episodes), 'steps': step,
                'seconds': round(progress.seconds, 1), 'seed': args.seed, 'head': args.head, 'features': args.features}
    meta = metadata('bc', demos, horizons, norm, {'armkit.head': args.head}, training)
    outputs = ['action_mean', 'action_log_std'] if args.head == 'gaussian' else ['action']
    export_onnx(net, (x[:2],), args.out, ['obs'], outputs, meta)
    print(f'[bc] trained {step} steps in {progress.seconds:.1f}s -> {args.out}', flush=True)
    print(json.dumps({'trainer': 'bc', 'out': args.out, 'steps': step, 'seconds': progress.seconds, 'stopped_early': progress.stopped_early}), flush=True)


def bc_loss(net, obs, actions, head):
    """MSE for a deterministic head; Gaussian negative log-likelihood (up to a constant) otherwise."""
    if head == 'deterministic':
        return torch.nn.functional.mse_loss(net(obs), actions)
    mean, log_std = net(obs)
    return (0.5 * ((actions - mean) / log_std.exp()) ** 2 + log_std).mean()


if __name__ == '__main__':
    cli.run(main)
