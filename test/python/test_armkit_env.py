"""python/armkit_env.py over `armkit serve-env`, against armkit's envs in process.

Same seeds and actions give exactly the observations, rewards and flags armkit computes in process;
bad actions raise the env's typed error with armkit's message. Needs the compiled tree (npm test
builds it first), python3-zmq, python3-msgpack, python3-numpy.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
import armkit_env  # noqa: E402

TASK = "PickCube-v1"
MODE = "pd_ee_delta_pose"


class ServeEnv:
    """`armkit serve-env` in a child process, on a free loopback port."""

    def __init__(self, envs, *extra):
        self.proc = subprocess.Popen(
            ["node", os.path.join(ROOT, "bin", "armkit.js"), "serve-env", "--task", TASK, "--envs", str(envs), "--control-mode", MODE, "--bind", "tcp://127.0.0.1:*", *extra],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("serving "), self.proc.stderr.read()
        self.endpoint = line.split(" on ")[1].split(" ")[0]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def in_process(seeds, actions):
    """armkit's own envs: reset with seeds, step each (N, A) action batch; observations, rewards, flags."""
    script = (
        "import { makeEnv } from './dist/tasks/make-env.js';"
        "import { SyncVectorEnv } from './dist/tasks/vector/sync-vector-env.js';"
        "const [seeds, steps, mode] = JSON.parse(process.argv[1]);"
        "const vec = new SyncVectorEnv(seeds.map(() => makeEnv('" + TASK + "', { controlMode: mode })));"
        "const out = { obs: [Array.from(vec.reset(seeds))], rewards: [], terminated: [], truncated: [] };"
        "for (const a of steps) { const r = vec.step(Float32Array.from(a.flat()));"
        " out.obs.push(Array.from(r.obs)); out.rewards.push(Array.from(r.rewards)); out.terminated.push(Array.from(r.terminated)); out.truncated.push(Array.from(r.truncated)); }"
        "process.stdout.write(JSON.stringify(out)); vec.close();"
    )
    r = subprocess.run(["node", "--input-type=module", "-e", script, json.dumps([seeds, [a.tolist() for a in actions], MODE])], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _json_float(x):
    # JSON has no NaN or infinities: sent as null and strings, turned back in the script.
    return None if np.isnan(x) else "inf" if x == np.inf else "-inf" if x == -np.inf else float(x)


def in_process_error(envs, action):
    """The message armkit gives in process for a bad action: one env's step, or a vector env's."""
    script = (
        "import { makeEnv } from './dist/tasks/make-env.js';"
        "import { SyncVectorEnv } from './dist/tasks/vector/sync-vector-env.js';"
        "const [n, a, mode] = JSON.parse(process.argv[1]);"
        "const envs = Array.from({ length: n }, () => makeEnv('" + TASK + "', { controlMode: mode }));"
        "const target = n === 1 ? envs[0] : new SyncVectorEnv(envs);"
        "n === 1 ? target.reset({ seed: 0 }) : target.reset(envs.map((_, i) => i));"
        "const dec = (x) => (x === null ? NaN : x === 'inf' ? Infinity : x === '-inf' ? -Infinity : x);"
        "try { target.step(n === 1 ? a.map(dec) : Float32Array.from(a.map(dec))); process.stdout.write('no error'); }"
        "catch (e) { process.stdout.write(JSON.stringify([e.constructor.name, e.message])); }"
    )
    r = subprocess.run(["node", "--input-type=module", "-e", script, json.dumps([envs, [_json_float(x) for x in action], MODE])], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_the_vector_env_gives_armkits_observations_for_the_same_seeds():
    rng = np.random.default_rng(0)
    with ServeEnv(3) as server, armkit_env.ArmkitVectorEnv(server.endpoint) as envs:
        assert envs.num_envs == 3
        assert envs.single_observation_space.shape == (42,) and envs.single_action_space.shape == (7,)
        assert envs.observation_space.shape == (3, 42) and envs.action_space.shape == (3, 7)
        assert envs.armkit_spec["controlMode"] == MODE and envs.armkit_spec["fields"][0] == {"key": "qpos", "offset": 0, "size": 9}
        actions = [rng.uniform(-1, 1, size=(3, 7)).astype(np.float32) for _ in range(6)]
        want = in_process([11, 12, 13], actions)
        obs, info = envs.reset(seed=11)  # Gymnasium's convention: env i gets seed 11 + i
        np.testing.assert_array_equal(obs.ravel(), np.float32(want["obs"][0]))
        for k, a in enumerate(actions):
            obs, rewards, terminated, truncated, info = envs.step(a)
            assert obs.shape == (3, 42) and rewards.shape == (3,) and terminated.dtype == bool
            np.testing.assert_array_equal(obs.ravel(), np.float32(want["obs"][k + 1]))
            np.testing.assert_array_equal(rewards, np.float32(want["rewards"][k]))
            np.testing.assert_array_equal(terminated, np.array(want["terminated"][k], dtype=bool))
            np.testing.assert_array_equal(truncated, np.array(want["truncated"][k], dtype=bool))
            assert list(info["elapsed_steps"]) == [k + 1] * 3 and info["is_grasped"].dtype == bool
        # The same seeds again: the same first observation; other seeds: another one.
        again, _ = envs.reset(seed=[11, 12, 13])
        np.testing.assert_array_equal(again.ravel(), np.float32(want["obs"][0]))
        other, _ = envs.reset(seed=[11, 12, 99])
        assert not np.array_equal(other[2], again[2]) and np.array_equal(other[0], again[0])


def test_the_single_env_has_gymnasiums_api():
    with ServeEnv(1) as server:
        env = armkit_env.ArmkitEnv(server.endpoint)
        try:
            if armkit_env._gym is not None:
                assert isinstance(env, armkit_env._gym.Env)
            obs, info = env.reset(seed=4)
            want = in_process([4], [np.zeros((1, 7), np.float32)])
            np.testing.assert_array_equal(obs, np.float32(want["obs"][0]))
            assert env.observation_space.contains(obs) and env.action_space.shape == (7,)
            step = env.step(env.action_space.sample() * 0)
            assert len(step) == 5
            obs, reward, terminated, truncated, info = step
            np.testing.assert_array_equal(obs, np.float32(want["obs"][1]))
            assert isinstance(reward, float) and isinstance(terminated, bool) and isinstance(truncated, bool)
            assert info["elapsed_steps"] == 1 and isinstance(info["success"], bool)
        finally:
            env.close()
        # A client for one env refuses a server of many by name.
    with ServeEnv(2) as server, pytest.raises(ValueError, match="expected a server of 1 env .* got one of 2"):
        armkit_env.ArmkitEnv(server.endpoint)


def test_bad_actions_raise_the_envs_typed_error_with_armkits_message():
    with ServeEnv(1) as server:
        env = armkit_env.ArmkitEnv(server.endpoint)
        try:
            # Before reset: the env's ResetNeededError.
            with pytest.raises(armkit_env.ResetNeededError, match="step\\(\\) called before reset\\(\\)"):
                env.step(np.zeros(7))
            env.reset(seed=0)
            nan = np.zeros(7)
            nan[2] = np.nan
            short = np.zeros(6)
            for bad in (nan, short):
                kind, message = in_process_error(1, bad)
                with pytest.raises(armkit_env.InvalidActionError) as refused:
                    env.step(bad)
                assert refused.value.kind == kind == "InvalidActionError"
                assert str(refused.value) == message
                assert isinstance(refused.value, ValueError)
            # The refused steps changed nothing: the env still steps from where it was.
            assert env.step(np.zeros(7))[4]["elapsed_steps"] == 1
        finally:
            env.close()
    with ServeEnv(2) as server, armkit_env.ArmkitVectorEnv(server.endpoint) as envs:
        envs.reset(seed=0)
        kind, message = in_process_error(2, np.zeros(13))
        with pytest.raises(armkit_env.ArmkitEnvError) as refused:
            envs.step(np.zeros(13))
        assert (refused.value.kind, str(refused.value)) == (kind, message) == ("EnvError", "step: expected 2 x 7 = 14 action entries, got 13")
        batch = np.zeros((2, 7))
        batch[1, 5] = np.inf
        kind, message = in_process_error(2, batch.ravel())
        with pytest.raises(armkit_env.InvalidActionError) as refused:
            envs.step(batch)
        assert str(refused.value) == message == f"{TASK}: action[5] must be a finite number, got Infinity"


def test_serve_env_off_loopback_without_keys_is_refused():
    r = subprocess.run(["node", os.path.join(ROOT, "bin", "armkit.js"), "serve-env", "--task", TASK, "--bind", "tcp://0.0.0.0:5599"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "is not loopback: it needs --curve-key" in r.stderr and len(r.stderr.strip().splitlines()) == 1
