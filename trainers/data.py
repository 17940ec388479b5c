"""Demonstrations in robomimic's HDF5 layout, as armkit's recorder writes them, for training.

    data/demo_N/{obs/<key>, next_obs/<key>, actions, rewards, dones}  attrs num_samples, success
    data.attrs env_args (JSON), mask/train, mask/valid

`load_demos` checks the layout and says what it expected and what it found; `windows` cuts the
(observation window, action chunk) pairs that BC and diffusion policy train on; `MinMax` is the
contract's min-max normalizer, the same arithmetic as the runtime's.
"""
import json
import os
from dataclasses import dataclass, field

import h5py
import numpy as np


class TrainerError(Exception):
    """Base class of the trainers' errors: bad input that stops training, with its reason."""


class DemoFormatError(TrainerError):
    """A demonstration file that is missing or does not have the expected layout."""


# ManiSkill's PickCube-v1 flat state observation, in the env's order. A model that lists its keys
# in this order lets the runtime pass frames through without cutting them apart.
KNOWN_KEY_ORDER = {
    'PickCube-v1': ['qpos', 'qvel', 'is_grasped', 'tcp_pose', 'goal_pos', 'obj_pose', 'tcp_to_obj_pos', 'obj_to_goal_pos'],
}


@dataclass
class Episode:
    """One demo: per-step arrays, observations as flat frames in the file's key order."""
    name: str
    obs: np.ndarray        # [T, D] float32
    next_obs: np.ndarray   # [T, D] float32
    actions: np.ndarray    # [T, Da] float32
    rewards: np.ndarray    # [T] float32
    success: bool

    def __len__(self):
        return len(self.actions)


@dataclass
class Demos:
    """The episodes of one or more files with the observation keys they share."""
    keys: list             # [(name, size)] in frame order
    episodes: list = field(default_factory=list)
    env_args: dict = field(default_factory=dict)

    @property
    def obs_dim(self):
        return sum(size for _, size in self.keys)

    @property
    def action_dim(self):
        return self.episodes[0].actions.shape[1]

    @property
    def steps(self):
        return sum(len(e) for e in self.episodes)

    @property
    def control_mode(self):
        return self.env_args.get('env_kwargs', {}).get('control_mode')

    def describe(self):
        ok = sum(e.success for e in self.episodes)
        return f'{len(self.episodes)} demos, {self.steps} steps, {ok} successful, obs {self.obs_dim}, action {self.action_dim}'


def load_demos(paths, split='all', keys=None):
    """Read one or more demo files into one Demos; all must share keys, sizes and action size.

    split: 'all', or a mask name ('train', 'valid'). keys: observation keys to use, in frame order
    (default: the task's known order, else the file's sorted order).
    @raises DemoFormatError naming the file, what was expected and what was found.
    """
    paths = [paths] if isinstance(paths, str) else list(paths)
    merged = None
    for path in paths:
        demos = _load_file(path, split, keys)
        if merged is None:
            merged = demos
            continue
        if demos.keys != merged.keys:
            raise DemoFormatError(f'{path}: observation keys {demos.keys} differ from {paths[0]}: {merged.keys}')
        if demos.action_dim != merged.action_dim:
            raise DemoFormatError(f'{path}: actions of {demos.action_dim} dims, {paths[0]} has {merged.action_dim}')
        if demos.control_mode != merged.control_mode:
            raise DemoFormatError(f'{path}: control mode {demos.control_mode}, {paths[0]} has {merged.control_mode}')
        merged.episodes.extend(demos.episodes)
    return merged


def _load_file(path, split, keys):
    if not os.path.isfile(path):
        raise DemoFormatError(f'{path}: no such file (expected a robomimic-layout HDF5 demo file, e.g. from `armkit collect`)')
    if not h5py.is_hdf5(path):
        raise DemoFormatError(f'{path}: not an HDF5 file (expected a robomimic-layout HDF5 demo file)')
    with h5py.File(path, 'r') as f:
        if 'data' not in f:
            raise DemoFormatError(f'{path}: expected a group "data" holding demo_N groups, found top-level {sorted(f.keys())}')
        data = f['data']
        env_args = _env_args(path, data)
        names = _demo_names(path, f, data, split)
        file_keys = _obs_keys(path, data[names[0]], keys, env_args)
        episodes = [_episode(path, data[name], name, file_keys) for name in names]
    action_dims = {e.actions.shape[1] for e in episodes}
    if len(action_dims) != 1:
        raise DemoFormatError(f'{path}: expected one action size in all demos, found {sorted(action_dims)}')
    return Demos(keys=file_keys, episodes=episodes, env_args=env_args)


def _env_args(path, data):
    raw = data.attrs.get('env_args')
    if raw is None:
        return {}
    try:
        return json.loads(raw)
    except (TypeError, ValueError) as e:
        raise DemoFormatError(f'{path}: data.attrs["env_args"] should be JSON, found {raw!r:.80}') from e


def _demo_names(path, f, data, split):
    names = sorted((k for k in data.keys() if k.startswith('demo_')), key=lambda k: int(k[5:]) if k[5:].isdigit() else -1)
    if not names:
        raise DemoFormatError(f'{path}: expected data/demo_0, data/demo_1, ...; found data/{sorted(data.keys())}')
    if split == 'all':
        return names
    if 'mask' not in f or split not in f['mask']:
        found = sorted(f['mask'].keys()) if 'mask' in f else 'no mask group'
        raise DemoFormatError(f'{path}: expected mask/{split}, found {found}')
    chosen = [x.decode() if isinstance(x, bytes) else str(x) for x in f['mask'][split][()]]
    missing = [n for n in chosen if n not in data]
    if missing:
        raise DemoFormatError(f'{path}: mask/{split} names demos that data lacks: {missing[:5]}')
    if not chosen:
        raise DemoFormatError(f'{path}: mask/{split} is empty')
    return sorted(chosen, key=lambda k: int(k[5:]))


def _obs_keys(path, demo, keys, env_args):
    if 'obs' not in demo:
        raise DemoFormatError(f'{path}: expected {demo.name}/obs/<key> datasets, found {demo.name}/{sorted(demo.keys())}')
    available = {k: demo['obs'][k].shape for k in demo['obs']}
    if keys is None:
        known = KNOWN_KEY_ORDER.get(env_args.get('env_name'))
        keys = known if known and set(known) <= set(available) else sorted(available)
    missing = [k for k in keys if k not in available]
    if missing:
        raise DemoFormatError(f'{path}: observation keys {missing} not in {demo.name}/obs, which has {sorted(available)}')
    out = []
    for k in keys:
        shape = available[k]
        if len(shape) != 2:
            raise DemoFormatError(f'{path}: {demo.name}/obs/{k}: expected a low-dim [T, d] dataset, found shape {shape}')
        out.append((k, int(shape[1])))
    return out


def _episode(path, demo, name, keys):
    for part in ('obs', 'next_obs', 'actions', 'rewards'):
        if part not in demo:
            raise DemoFormatError(f'{path}: expected {demo.name}/{part}, found {demo.name}/{sorted(demo.keys())}')
    actions = np.asarray(demo['actions'][()], np.float32)
    if actions.ndim != 2:
        raise DemoFormatError(f'{path}: {demo.name}/actions: expected shape [T, action_dim], found {actions.shape}')
    n = len(actions)
    obs = _frames(path, demo, 'obs', keys, n)
    next_obs = _frames(path, demo, 'next_obs', keys, n)
    rewards = np.asarray(demo['rewards'][()], np.float32)
    if rewards.shape != (n,):
        raise DemoFormatError(f'{path}: {demo.name}/rewards: expected shape ({n},), found {rewards.shape}')
    for what, arr in (('actions', actions), ('obs', obs), ('rewards', rewards)):
        if not np.all(np.isfinite(arr)):
            raise DemoFormatError(f'{path}: {demo.name}/{what} holds non-finite values')
    return Episode(name=name, obs=obs, next_obs=next_obs, actions=actions, rewards=rewards,
                   success=bool(demo.attrs.get('success', 0)))


def _frames(path, demo, group, keys, n):
    parts = []
    for k, size in keys:
        if k not in demo[group]:
            raise DemoFormatError(f'{path}: expected {demo.name}/{group}/{k}, found {sorted(demo[group].keys())}')
        arr = np.asarray(demo[group][k][()], np.float32)
        if arr.shape != (n, size):
            raise DemoFormatError(f'{path}: {demo.name}/{group}/{k}: expected shape ({n}, {size}), found {arr.shape}')
        parts.append(arr)
    return np.concatenate(parts, axis=1)


class MinMax:
    """The contract's min_max spec: [min, max] to [-1, 1] per element; an element whose range is
    under 1e-4 keeps scale 1 and maps to 0 (diffusion_policy's LinearNormalizer)."""

    def __init__(self, lo, hi):
        self.lo = np.asarray(lo, np.float32)
        self.hi = np.asarray(hi, np.float32)
        rng = self.hi - self.lo
        constant = rng < 1e-4
        self.scale = np.where(constant, np.float32(1), 2 / np.maximum(rng, 1e-12)).astype(np.float32)
        self.offset = np.where(constant, -self.lo, -1 - self.scale * self.lo).astype(np.float32)

    @staticmethod
    def fit(x):
        """Limits of the rows of x (any leading shape, last axis the elements)."""
        x = x.reshape(-1, x.shape[-1])
        return MinMax(x.min(axis=0), x.max(axis=0))

    def normalize(self, x):
        return (x * self.scale + self.offset).astype(np.float32)

    def unnormalize(self, y):
        return ((y - self.offset) / self.scale).astype(np.float32)

    def spec(self):
        return {'mode': 'min_max', 'min': [float(v) for v in self.lo], 'max': [float(v) for v in self.hi]}

    def slice_spec(self, start, stop):
        return {'mode': 'min_max', 'min': [float(v) for v in self.lo[start:stop]], 'max': [float(v) for v in self.hi[start:stop]]}


def observation_specs(keys, norm):
    """Per-key normalization specs for armkit.normalization from a MinMax over whole frames."""
    specs, at = {}, 0
    for name, size in keys:
        specs[name] = norm.slice_spec(at, at + size)
        at += size
    return specs


def windows(episodes, obs_horizon, pred_horizon, action_offset):
    """(observation windows [N, To, D], action chunks [N, Tp, Da]) for every step t of every episode.

    The window holds frames t - To + 1 .. t and the chunk actions t - offset .. t - offset + Tp - 1,
    both padded by repeating the episode's first or last entry, as diffusion_policy pads at
    episode ends. Every step is a current step once (diffusion_policy drops the last few; the
    demos here are short, so their ends matter).
    """
    obs, act = [], []
    for e in episodes:
        n = len(e)
        t = np.arange(n)[:, None]
        oi = np.clip(t + np.arange(-obs_horizon + 1, 1)[None, :], 0, n - 1)
        ai = np.clip(t - action_offset + np.arange(pred_horizon)[None, :], 0, n - 1)
        obs.append(e.obs[oi])
        act.append(e.actions[ai])
    return np.concatenate(obs), np.concatenate(act)
