"""Implicit Q-learning (Kostrikov et al. 2022) of a critic Q(s, a) from demos' rewards, exported as kind `q`.

    /usr/bin/python3 -m trainers.train_iql --data noisy.hdf5 expert.hdf5 --out q.onnx

IQL never queries Q on actions outside the data: V(s) is fitted by expectile regression to the
target critics min(Q1', Q2')(s, a) at the dataset's actions (an upper expectile approximates the
best in-data action's value), and Q(s, a) regresses r + gamma V(s'). No policy is extracted; armkit uses the critic to rerank a base policy's
candidate actions (V-GPS, Nakamoto et al. 2024). The exported graph scores K candidates per
observation: q = min(Q1, Q2)(s, a_k).

Episode ends: armkit's recorder stops an episode at success, whose normalized dense reward is 1,
the most any step can earn. A success is treated as an absorbing state that keeps earning 1,
so its value is 1 / (1 - gamma); otherwise a policy would be paid more for dawdling near the
goal than for finishing. An episode cut by the time limit is not terminal: it bootstraps V(s').
"""
import json

import numpy as np
import torch
from torch import nn

from . import cli
from .data import MinMax, load_demos, observation_specs
from .export import export_onnx, metadata
from .fast_linear import use_dnnl
from .features import ReadsFeatures, build_features
from .fixtures import nets


class Critic(nn.Module):
    """Twin Q heads over [obs, action] rows; the contract's form is in QExport."""

    def __init__(self, obs_dim, action_dim, hidden):
        super().__init__()
        self.q1 = nets.mlp([obs_dim + action_dim, *hidden, 1])
        self.q2 = nets.mlp([obs_dim + action_dim, *hidden, 1])

    def forward(self, obs, actions):
        x = torch.cat([obs, actions], dim=-1)
        return self.q1(x).squeeze(-1), self.q2(x).squeeze(-1)


class QExport(nn.Module):
    """Contract wrapper: obs [B, 1, D], actions [B, K, Da] (normalized) -> q [B, K] = min(Q1, Q2)."""

    def __init__(self, critic):
        super().__init__()
        self.critic = critic

    def forward(self, obs, actions):
        s = obs.flatten(1).unsqueeze(1).expand(-1, actions.shape[1], -1)
        q1, q2 = self.critic(s, actions)
        return torch.minimum(q1, q2)


def build_parser():
    p = cli.parser(__doc__)
    p.add_argument('--hidden', type=int, nargs='+', default=[256, 256, 256], help='hidden sizes of Q and V (default 256 256 256)')
    p.add_argument('--steps', type=int, default=30000, help='gradient steps (default 30000)')
    p.add_argument('--batch-size', type=int, default=256)
    p.add_argument('--lr', type=float, default=3e-4, help='Adam learning rate (default 3e-4)')
    p.add_argument('--gamma', type=float, default=0.95, help='discount (default 0.95; episodes last 50 steps)')
    p.add_argument('--expectile', type=float, default=0.8, help="V's expectile tau (default 0.8)")
    p.add_argument('--tau', type=float, default=0.005, help='Polyak rate of the target critics (default 0.005)')
    return p


def transitions(demos):
    """Flat arrays (obs, actions, rewards, next_obs, success) over every step of every demo."""
    obs, act, rew, nxt, done = [], [], [], [], []
    for e in demos.episodes:
        n = len(e)
        obs.append(e.obs)
        act.append(e.actions)
        rew.append(e.rewards)
        nxt.append(e.next_obs)
        d = np.zeros(n, np.float32)
        if e.success:
            d[-1] = 1  # the recorder ends an episode at its first success
        done.append(d)
    return tuple(np.concatenate(x) for x in (obs, act, rew, nxt, done))


def main():
    p = build_parser()
    args = p.parse_args()
    cli.check_args(p, args)
    cli.check_at_least_one(p, args, ('steps', 'batch_size'))
    if not 0 < args.gamma < 1:
        p.error(f'--gamma: expected a number in (0, 1), got {args.gamma}')
    if not 0.5 <= args.expectile < 1:
        p.error(f'--expectile: expected a number in [0.5, 1), got {args.expectile}')
    cli.seed_everything(args.seed, args.threads)

    demos = load_demos(args.data, args.split, args.obs_keys)
    print(f'[iql] {demos.describe()}', flush=True)
    obs, act, rew, nxt, done = transitions(demos)
    obs_norm = MinMax.fit(np.concatenate([obs, nxt]))
    act_norm = MinMax.fit(act)
    # The critic reads a feature set of the frame; cut it once here, and in the graph at export.
    features = build_features(args.features, demos.keys, obs_norm)
    s = torch.from_numpy(obs_norm.normalize(obs))
    s2 = torch.from_numpy(obs_norm.normalize(nxt))
    if features is not None:
        with torch.no_grad():
            s, s2 = features(s), features(s2)
    feature_dim = s.shape[1]
    a = torch.from_numpy(act_norm.normalize(act))
    r = torch.from_numpy(rew)
    d = torch.from_numpy(done)
    success_value = 1.0 / (1 - args.gamma)

    critic = use_dnnl(Critic(feature_dim, demos.action_dim, args.hidden))
    target = use_dnnl(Critic(feature_dim, demos.action_dim, args.hidden))
    target.load_state_dict(critic.state_dict())
    target.requires_grad_(False)
    value = use_dnnl(nets.mlp([feature_dim, *args.hidden, 1]))
    q_opt = torch.optim.Adam(critic.parameters(), lr=args.lr)
    v_opt = torch.optim.Adam(value.parameters(), lr=args.lr)
    progress = cli.Progress('iql', args.steps, args.max_minutes)
    gen = torch.Generator().manual_seed(args.seed)
    step = 0
    for step, idx in enumerate(cli.batches(len(s), args.batch_size, gen), start=1):
        sb, ab, rb, s2b, db = s[idx], a[idx], r[idx], s2[idx], d[idx]
        # V: expectile regression toward the target critics on dataset actions.
        with torch.no_grad():
            q_t = torch.minimum(*target(sb, ab))
        v = value(sb).squeeze(-1)
        diff = q_t - v
        weight = torch.where(diff > 0, args.expectile, 1 - args.expectile)
        v_loss = (weight * diff ** 2).mean()
        v_opt.zero_grad()
        v_loss.backward()
        v_opt.step()
        # Q: one-step backup through V(s'); a success is absorbing with value 1 / (1 - gamma).
        with torch.no_grad():
            backup = rb + args.gamma * value(s2b).squeeze(-1)
            y = torch.where(db > 0, torch.full_like(backup, success_value), backup)
        q1, q2 = critic(sb, ab)
        q_loss = ((q1 - y) ** 2 + (q2 - y) ** 2).mean()
        q_opt.zero_grad()
        q_loss.backward()
        q_opt.step()
        with torch.no_grad():
            for pt, pc in zip(target.parameters(), critic.parameters()):
                pt.mul_(1 - args.tau).add_(pc, alpha=args.tau)
        if not progress.update(step, q_loss=q_loss.item(), v_loss=v_loss.item(), v=v.mean().item()) or step >= args.steps:
            break

    critic.eval()
    horizons = {'observation': 1}
    norm = {'observation': observation_specs(demos.keys, obs_norm), 'action': act_norm.spec()}
    training = {'trainer': 'trainers.train_iql', 'data': args.data, 'demos': len(demos.episodes), 'steps': step,
                'seconds': round(progress.seconds, 1), 'seed': args.seed, 'gamma': args.gamma, 'expectile': args.expectile, 'features': args.features}
    meta = metadata('q', demos, horizons, norm, training=training)
    q = QExport(critic) if features is None else ReadsFeatures(QExport(critic), features, obs_arg=0)
    example = (torch.from_numpy(obs_norm.normalize(obs[:2]))[:, None], a[:6].reshape(2, 3, -1))
    export_onnx(q, example, args.out, ['obs', 'actions'], ['q'], meta, candidates_axis=['actions', 'q'])
    print(f'[iql] trained {step} steps in {progress.seconds:.1f}s -> {args.out}', flush=True)
    print(json.dumps({'trainer': 'iql', 'out': args.out, 'steps': step, 'seconds': progress.seconds, 'stopped_early': progress.stopped_early}), flush=True)


if __name__ == '__main__':
    cli.run(main)
