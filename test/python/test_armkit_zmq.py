"""python/armkit_zmq.py against armkit itself, both ways.

(a) A torch policy served from Python runs under `armkit eval --policy zmq://...`.
(b) Python calls `armkit serve` and gets exactly the actions armkit computes in process.
Needs the compiled tree (npm test builds it first), python3-torch, python3-zmq, python3-msgpack.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
import armkit_zmq  # noqa: E402

BC = os.path.join(ROOT, "test", "fixtures", "models", "bc-mlp.onnx")
# PickCube-v1's state observation, in the env's order.
PICKCUBE_KEYS = [("qpos", 9), ("qvel", 9), ("is_grasped", 1), ("tcp_pose", 7), ("goal_pos", 3), ("obj_pose", 7), ("tcp_to_obj_pos", 3), ("obj_to_goal_pos", 3)]


def armkit(*args, timeout=240):
    return subprocess.run(["node", os.path.join(ROOT, "bin", "armkit.js"), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_a_torch_policy_served_from_python_runs_under_armkit_eval(tmp_path):
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(42, 32), torch.nn.Tanh(), torch.nn.Linear(32, 7), torch.nn.Tanh())
    seen = []

    def act(windows, seeds):
        seen.append(windows.shape[0])
        with torch.no_grad():
            return net(torch.from_numpy(windows[:, -1, :].copy())).numpy()[:, None, :]

    spec = armkit_zmq.make_spec(PICKCUBE_KEYS, 7, control_mode="pd_ee_delta_pose")
    with armkit_zmq.PolicyServer(act, spec).start() as server:
        out = tmp_path / "eval.json"
        r = armkit("eval", "--task", "PickCube-v1", "--policy", f"zmq://127.0.0.1:{server.port}?timeout=20000", "--episodes", "2", "--envs", "2", "--json", str(out), "--quiet")
        assert r.returncode == 0, r.stderr
    report = json.loads(out.read_text())
    # The control mode came from the Python spec, and every step of both envs went through Python.
    assert report["controlMode"] == "pd_ee_delta_pose"
    assert report["controlSteps"] == 100
    assert sum(seen) == 100 and set(seen) == {2}
    # A policy that is not the zero policy moved the arm: the served actions were used.
    assert report["metrics"]["return"]["mean"] != 0


def in_process_actions(windows):
    script = (
        "import { loadPredictor } from './dist/policies/load-policy.js';"
        "const p = await loadPredictor(process.argv[1], { execution: { providers: ['cpu'] } });"
        "const w = Float32Array.from(JSON.parse(process.argv[2])); const m = w.length / (p.horizons.observation * p.layout.frameSize);"
        "const out = new Float32Array(m * p.horizons.prediction * p.actionDim); await p.predict(w, m, [], out);"
        "process.stdout.write(JSON.stringify(Array.from(out))); await p.dispose();"
    )
    r = subprocess.run(["node", "--input-type=module", "-e", script, BC, json.dumps(windows.ravel().tolist())], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return np.array(json.loads(r.stdout), dtype=np.float32)


def test_b_python_calls_armkit_serve_and_gets_the_in_process_actions():
    port = 5600 + os.getpid() % 300
    server = subprocess.Popen(["node", os.path.join(ROOT, "bin", "armkit.js"), "serve", "--policy", BC, "--bind", f"tcp://127.0.0.1:{port}"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        assert line.startswith("serving "), server.stderr.read()
        rng = np.random.default_rng(3)
        windows = rng.uniform(-1, 1, size=(3, 1, 42)).astype(np.float32)
        with armkit_zmq.PolicyClient(f"tcp://127.0.0.1:{port}", timeout_ms=20000) as client:
            assert client.spec["actionDim"] == 7
            assert [k["name"] for k in client.spec["keys"]] == [k for k, _ in PICKCUBE_KEYS]
            chunks = client.predict(windows)
            assert chunks.shape == (3, 1, 7)
            np.testing.assert_array_equal(chunks.ravel(), in_process_actions(windows))
            # A wrong observation length is refused by name, and the session still works after.
            with pytest.raises(armkit_zmq.ArmkitProtocolError) as refused:
                client._request({"t": "observe", "session": client.session, "m": 1, "seeds": [0]}, [np.zeros(41, np.float32).tobytes()])
            assert refused.value.code == "wrong-observation-length" and "got 41" in refused.value.message
            np.testing.assert_array_equal(client.predict(windows), chunks)
    finally:
        server.terminate()
        server.wait(timeout=30)
