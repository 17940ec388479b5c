"""armkit's simulated tasks from Python, over ``armkit serve-env`` (ZeroMQ, protocol v1).

    armkit serve-env --task PickCube-v1 --envs 16            # prints: serving 16 PickCube-v1 envs on tcp://...

    from armkit_env import ArmkitVectorEnv
    envs = ArmkitVectorEnv("tcp://127.0.0.1:5556")
    obs, info = envs.reset(seed=0)                         # (16, obs_dim); env i gets seed 0 + i
    obs, rew, term, trunc, info = envs.step(actions)       # actions (16, act_dim): one message for all

``ArmkitEnv`` is the single-env form (a server started with ``--envs 1``). Both follow Gymnasium's
API: ``reset(seed=, options=)`` -> ``(obs, info)``, ``step`` -> five values, ``observation_space``
/ ``action_space``, ``close``. They subclass ``gymnasium.Env`` / ``gymnasium.vector.VectorEnv``
when gymnasium is importable and duck-type them (with a small ``Box``) otherwise.

The vector form does not autoreset (armkit's vector envs step in lockstep and reset together):
call ``reset`` when the episodes end; PickCube-style tasks truncate every env at the same step.
An env's refusal (a NaN action, an action of the wrong length, a step before reset) raises
``ArmkitEnvError`` (``InvalidActionError``, ``ResetNeededError``, ...) with armkit's message.

Needs Debian's python3-zmq, python3-msgpack and python3-numpy only.
"""

from __future__ import annotations

import itertools
import os
import sys

import numpy as np
import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from armkit_zmq import PROTOCOL_VERSION, ArmkitProtocolError, RemotePolicyError, _header, _pack  # noqa: E402

try:  # Gymnasium when it is there; the same API without it.
    import gymnasium as _gym
    from gymnasium.spaces import Box
    _EnvBase = _gym.Env
    _VectorBase = _gym.vector.VectorEnv
except ImportError:  # pragma: no cover - depends on the machine
    _gym = None

    class Box:
        """Gymnasium's Box, the part armkit's envs use: bounds, shape, dtype, sample, contains."""

        def __init__(self, low, high, shape=None, dtype=np.float32, seed=None):
            self.dtype = np.dtype(dtype)
            shape = tuple(shape) if shape is not None else np.shape(low)
            self.low = np.broadcast_to(np.asarray(low, self.dtype), shape).copy()
            self.high = np.broadcast_to(np.asarray(high, self.dtype), shape).copy()
            self.shape = shape
            self.np_random = np.random.default_rng(seed)

        def seed(self, seed=None):
            self.np_random = np.random.default_rng(seed)
            return [seed]

        def sample(self):
            finite = np.isfinite(self.low) & np.isfinite(self.high)
            low = np.where(finite, self.low, 0)
            high = np.where(finite, self.high, 1)
            x = np.where(finite, self.np_random.uniform(low, high), self.np_random.standard_normal(self.shape))
            return x.astype(self.dtype)

        def contains(self, x):
            x = np.asarray(x)
            return x.shape == self.shape and bool(np.all(x >= self.low) and np.all(x <= self.high))

        __contains__ = contains

        def __repr__(self):
            return f"Box({self.low.min()}, {self.high.max()}, {self.shape}, {self.dtype})"

    class _EnvBase:
        metadata = {"render_modes": []}
        render_mode = None
        spec = None

        @property
        def unwrapped(self):
            return self

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()
            return False

    class _VectorBase(_EnvBase):
        pass


class ArmkitEnvError(Exception):
    """The env refused: ``kind`` is armkit's error class (EnvError, InvalidActionError, ...), ``message`` its text."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


class InvalidActionError(ArmkitEnvError, ValueError):
    """An action of the wrong length, or with a NaN or infinite entry."""


class ResetNeededError(ArmkitEnvError, RuntimeError):
    """step() before reset(), or after close()."""


_ENV_ERRORS = {"InvalidActionError": InvalidActionError, "ResetNeededError": ResetNeededError}


class _Connection:
    """One session with an ``armkit serve-env`` server: the spec, the bounds, request/reply."""

    def __init__(self, endpoint, timeout_ms, server_key):
        self.endpoint = endpoint
        self.timeout_ms = timeout_ms
        self._ids = itertools.count(1)
        self._socket = zmq.Context.instance().socket(zmq.DEALER)
        self._socket.linger = 0
        if server_key is not None:
            public, secret = zmq.curve_keypair()
            self._socket.curve_serverkey = server_key.encode() if isinstance(server_key, str) else server_key
            self._socket.curve_publickey = public
            self._socket.curve_secretkey = secret
        self._socket.connect(endpoint)
        self.session = None
        try:
            opened, frames = self.request({"t": "open"})
        except Exception:
            self._socket.close()
            raise
        self.session = opened["session"]
        self.spec = opened["env"]
        self.obs_low, self.obs_high, self.act_low, self.act_high = (np.frombuffer(f, dtype="<f4").copy() for f in frames)

    def request(self, body, frames=()):
        request_id = next(self._ids)
        if self.session is not None and body["t"] != "open":
            body = {**body, "session": self.session}
        self._socket.send_multipart([_pack({"v": PROTOCOL_VERSION, "id": request_id, **body}), *frames], copy=False)
        while True:
            if not self._socket.poll(self.timeout_ms):
                raise RemotePolicyError(f"env server {self.endpoint}: no reply to {body['t']!r} within {self.timeout_ms} ms (is `armkit serve-env` running there?)")
            header, *parts = self._socket.recv_multipart()
            reply = _header(header)
            if reply.get("id") != request_id:
                continue  # a late reply to a request given up on
            if reply["t"] == "error":
                if reply["code"] == "env-error":
                    kind = reply.get("error", "EnvError")
                    raise _ENV_ERRORS.get(kind, ArmkitEnvError)(kind, reply["message"])
                raise ArmkitProtocolError(reply["code"], reply["message"])
            return reply, parts

    def close(self):
        if self._socket.closed:
            return
        try:
            self.timeout_ms = min(self.timeout_ms, 500)
            self.request({"t": "close"})
        except (RemotePolicyError, ArmkitProtocolError):
            pass
        self._socket.close()


def _seeds(seed, n, rng):
    """One u32 seed per env: Gymnasium's convention (an int seeds env i with seed + i, a list one each)."""
    if seed is None:
        return [int(s) for s in rng.integers(0, 2**32 - 1, size=n)]
    if isinstance(seed, (int, np.integer)):
        return [int(seed) + i for i in range(n)]
    seeds = [int(s) for s in seed]
    if len(seeds) != n:
        raise ValueError(f"reset: expected {n} seeds (one per env), got {len(seeds)}")
    return seeds


class ArmkitVectorEnv(_VectorBase):
    """N armkit envs over ``armkit serve-env``, stepped by one message; Gymnasium's VectorEnv API."""

    def __init__(self, endpoint="tcp://127.0.0.1:5556", *, timeout_ms=30_000, server_key=None):
        self._conn = _Connection(endpoint, timeout_ms, server_key)
        spec = self._conn.spec
        self.armkit_spec = spec
        self.num_envs = int(spec["numEnvs"])
        self.single_observation_space = Box(self._conn.obs_low, self._conn.obs_high, dtype=np.float32)
        self.single_action_space = Box(self._conn.act_low, self._conn.act_high, dtype=np.float32)
        n = self.num_envs
        self.observation_space = Box(np.tile(self._conn.obs_low, (n, 1)), np.tile(self._conn.obs_high, (n, 1)), dtype=np.float32)
        self.action_space = Box(np.tile(self._conn.act_low, (n, 1)), np.tile(self._conn.act_high, (n, 1)), dtype=np.float32)
        self.metadata = {"render_modes": [], "autoreset_mode": None, "render_fps": spec["controlHz"]}
        self.render_mode = None
        # Seeds for reset(seed=None): Gymnasium draws fresh ones; so does this, from one stream.
        self._seed_rng = np.random.default_rng()
        self._obs_dim = int(spec["obsDim"])

    def reset(self, *, seed=None, options=None):
        """Reset every env: ``seed`` an int (env i gets seed + i), a list (one each) or None. Returns (obs (N, obs_dim), info)."""
        body = {"t": "reset", "seeds": _seeds(seed, self.num_envs, self._seed_rng)}
        if options is not None:
            body["options"] = dict(options)
        reply, frames = self._conn.request(body)
        obs = np.frombuffer(frames[0], dtype="<f4").reshape(self.num_envs, self._obs_dim).copy()
        return obs, {k: np.asarray(v) for k, v in reply["info"].items()}

    def step(self, actions):
        """Step all N envs with ``actions`` (N, act_dim). Returns obs, rewards, terminations, truncations, infos."""
        actions = np.ascontiguousarray(actions, dtype="<f4")
        reply, frames = self._conn.request({"t": "step"}, [memoryview(actions).cast("B")])
        obs = np.frombuffer(frames[0], dtype="<f4").reshape(self.num_envs, self._obs_dim).copy()
        rewards = np.frombuffer(frames[1], dtype="<f4").astype(np.float64)
        terminated = np.asarray(reply["terminated"], dtype=bool)
        truncated = np.asarray(reply["truncated"], dtype=bool)
        return obs, rewards, terminated, truncated, {k: np.asarray(v) for k, v in reply["info"].items()}

    def close(self, **kwargs):
        """End the session (the server keeps its envs for the next client)."""
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class ArmkitEnv(_EnvBase):
    """One armkit env over ``armkit serve-env --envs 1``; Gymnasium's Env API."""

    def __init__(self, endpoint="tcp://127.0.0.1:5556", *, timeout_ms=30_000, server_key=None):
        self._conn = _Connection(endpoint, timeout_ms, server_key)
        spec = self._conn.spec
        if spec["numEnvs"] != 1:
            n = spec["numEnvs"]
            self._conn.close()
            raise ValueError(f"ArmkitEnv: expected a server of 1 env (armkit serve-env --envs 1), got one of {n}: use ArmkitVectorEnv")
        self.armkit_spec = spec
        self.observation_space = Box(self._conn.obs_low, self._conn.obs_high, dtype=np.float32)
        self.action_space = Box(self._conn.act_low, self._conn.act_high, dtype=np.float32)
        self.metadata = {"render_modes": [], "render_fps": spec["controlHz"]}
        self.render_mode = None
        self._seed_rng = np.random.default_rng()

    def reset(self, *, seed=None, options=None):
        """Start an episode; returns (obs (obs_dim,), info)."""
        body = {"t": "reset", "seeds": _seeds(None if seed is None else [int(seed)], 1, self._seed_rng)}
        if options is not None:
            body["options"] = dict(options)
        reply, frames = self._conn.request(body)
        return np.frombuffer(frames[0], dtype="<f4").copy(), {k: v[0] for k, v in reply["info"].items()}

    def step(self, action):
        """Apply one action; returns (obs, reward, terminated, truncated, info)."""
        action = np.ascontiguousarray(action, dtype="<f4").ravel()
        reply, frames = self._conn.request({"t": "step"}, [memoryview(action).cast("B")])
        obs = np.frombuffer(frames[0], dtype="<f4").copy()
        reward = float(np.frombuffer(frames[1], dtype="<f4")[0])
        return obs, reward, bool(reply["terminated"][0]), bool(reply["truncated"][0]), {k: v[0] for k, v in reply["info"].items()}

    def close(self):
        self._conn.close()
