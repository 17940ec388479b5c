"""h5py reads back armkit's demonstration files: robomimic's layout, dtypes, attributes, values."""
import json
import os
import subprocess
import tempfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def node(*args):
    return subprocess.run(["node", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def test_known_values_layout_and_dtypes():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "known.hdf5")
        expected = json.loads(node("dist/test/recording/write-known-demo.js", path))
        with h5py.File(path, "r") as f:
            data = f["data"]
            env_args = json.loads(data.attrs["env_args"])
            assert env_args["env_name"] == "PickCube-v1"
            assert env_args["env_kwargs"]["control_freq"] == 20 and env_args["env_kwargs"]["sim_freq"] == 100
            assert data.attrs["total"] == 8
            assert sorted(data.keys()) == ["demo_0", "demo_1"]
            for e, want in enumerate(expected):
                demo = data[f"demo_{e}"]
                n = len(want["steps"])
                assert demo.attrs["num_samples"] == n
                assert demo.attrs["seed"] == want["seed"]
                assert demo.attrs["success"] == int(want["success"])
                assert demo.attrs["source"] == "known"
                assert demo["obs/qpos"].dtype == np.float32 and demo["obs/qpos"].shape == (n, 9)
                assert demo["obs/image"].dtype == np.uint8
                assert demo["next_obs/qpos"].dtype == np.float32
                assert demo["actions"].dtype == np.float32 and demo["actions"].shape == (n, 8)
                assert demo["rewards"].dtype == np.float64 and demo["rewards"].shape == (n,)
                assert demo["dones"].dtype == np.int64
                assert demo["states"].dtype == np.float64 and demo["states"].shape == (n, 4)
                steps = want["steps"]
                np.testing.assert_array_equal(demo["obs/qpos"][()], np.array([s["qpos"] for s in steps], np.float32))
                np.testing.assert_array_equal(demo["next_obs/qpos"][()], np.array([s["next"] for s in steps], np.float32))
                np.testing.assert_array_equal(demo["obs/image"][()], np.array([s["image"] for s in steps], np.uint8))
                np.testing.assert_array_equal(demo["actions"][()], np.array([s["action"] for s in steps], np.float32))
                np.testing.assert_array_equal(demo["states"][()], np.array([s["state"] for s in steps], np.float64))
                np.testing.assert_array_equal(demo["rewards"][()], np.array([s["reward"] for s in steps]))
                np.testing.assert_array_equal(demo["dones"][()], np.array([0] * (n - 1) + [1]))
                np.testing.assert_array_equal(demo["interventions"][()], np.array([0, 1] + [0] * (n - 2), np.uint8))
            train = [x.decode() for x in f["mask/train"][()]]
            valid = [x.decode() for x in f["mask/valid"][()]]
            assert sorted(train + valid) == ["demo_0", "demo_1"] and len(valid) == 1


def test_collected_sim_demos_are_consistent():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "collect.hdf5")
        node("bin/armkit.js", "collect", "--task", "PickCube-v1", "--policy", "scripted", "--episodes", "4", "--seed", "3", "--out", path, "--quiet")
        with h5py.File(path, "r") as f:
            total = 0
            for name in f["data"]:
                demo = f["data"][name]
                n = demo.attrs["num_samples"]
                total += n
                obs = {k: demo["obs"][k][()] for k in demo["obs"]}
                nxt = {k: demo["next_obs"][k][()] for k in demo["next_obs"]}
                assert set(obs) == {"qpos", "qvel", "is_grasped", "tcp_pose", "goal_pos", "obj_pose", "tcp_to_obj_pos", "obj_to_goal_pos"}
                for k in obs:
                    np.testing.assert_array_equal(obs[k][1:], nxt[k][:-1])
                assert np.all(np.abs(demo["actions"][()]) <= 1)
                assert demo["dones"][-1] == 1
                # The state's first 7 entries are the arm qpos, as the observation has them.
                np.testing.assert_allclose(demo["states"][:, :7], obs["qpos"][:, :7], atol=1e-6)
            assert f["data"].attrs["total"] == total


def test_camera_images_read_back_by_h5py():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rgb.hdf5")
        node("bin/armkit.js", "collect", "--task", "PickCube-v1", "--policy", "scripted", "--episodes", "2", "--obs-mode", "rgb", "--out", path, "--quiet")
        with h5py.File(path, "r") as f:
            assert json.loads(f["data"].attrs["env_args"])["env_kwargs"]["obs_mode"] == "rgb"
            for name in f["data"]:
                demo = f["data"][name]
                n = demo.attrs["num_samples"]
                img = demo["obs/base_camera_image"]
                assert img.dtype == np.uint8 and img.shape == (n, 128, 128, 3)
                assert img.chunks == (1, 128, 128, 3) and img.compression == "gzip"
                frames = img[()]
                np.testing.assert_array_equal(frames[1:], demo["next_obs/base_camera_image"][:-1])
                # A table-top scene, not a blank frame: many colours, the table's grey dominant.
                assert len(np.unique(frames[0].reshape(-1, 3), axis=0)) > 50
                assert demo["obs/qpos"].shape == (n, 9)
