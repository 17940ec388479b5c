"""Each trainer, run for one short epoch on a tiny dataset, writes an ONNX file that armkit accepts and runs.

The demos come from `armkit collect` (3 expert and 3 noisy episodes); every model is then loaded
by `armkit eval` (the runtime's contract check, session creation and a full 50-step episode),
and the critic by `armkit eval --rerank` over a Gaussian base. Needs the compiled tree (npm test
builds it first) and Debian's python3-torch, python3-h5py, python3-onnx.
"""
import json
import os
import subprocess
import sys

import h5py
import onnx
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON = sys.executable
# One epoch: 3 demos of ~16 steps in batches of 16.
SHORT = ['--steps', '3', '--batch-size', '16', '--threads', '1']


def run(*args, check=True):
    r = subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, timeout=300)
    if check and r.returncode != 0:
        raise AssertionError(f'{" ".join(args)} exited {r.returncode}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}')
    return r


def armkit(*args, check=True):
    return run('node', 'bin/armkit.js', *args, check=check)


def train(module, *args, check=True):
    return run(PYTHON, '-m', f'trainers.{module}', *args, check=check)


@pytest.fixture(scope='module')
def demos(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('trainers')
    expert, noisy = str(tmp / 'expert.hdf5'), str(tmp / 'noisy.hdf5')
    armkit('collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '3', '--seed', '0', '--out', expert, '--quiet')
    armkit('collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '3', '--seed', '3', '--noise', '0.1', '--out', noisy, '--quiet')
    return {'dir': tmp, 'expert': expert, 'noisy': noisy}


@pytest.fixture(scope='module')
def critic(demos):
    q = str(demos['dir'] / 'q.onnx')
    train('train_iql', '--data', demos['noisy'], demos['expert'], '--out', q, '--hidden', '32', '32', *SHORT)
    return q


def metadata(path):
    return {p.key: p.value for p in onnx.load(path).metadata_props}


def runs_in_armkit(model, *extra):
    r = armkit('eval', '--task', 'PickCube-v1', '--policy', model, '--episodes', '1', '--envs', '1', '--workers', '0', '--seed', '1000', '--quiet', *extra)
    assert 'success_once' in r.stdout
    assert 'control=pd_ee_delta_pose' in r.stdout  # armkit.control_mode from the demos' env_args


def test_bc_deterministic(demos):
    out = str(demos['dir'] / 'bc.onnx')
    train('train_bc', '--data', demos['expert'], '--out', out, '--obs-horizon', '2', '--pred-horizon', '4', '--action-horizon', '2', '--hidden', '32', '32', *SHORT)
    meta = metadata(out)
    assert meta['armkit.kind'] == 'bc' and meta['armkit.head'] == 'deterministic'
    assert json.loads(meta['armkit.horizons']) == {'observation': 2, 'prediction': 4, 'action': 2, 'action_offset': 0}
    assert [k['name'] for k in json.loads(meta['armkit.observation_keys'])][:3] == ['qpos', 'qvel', 'is_grasped']
    assert meta['armkit.control_mode'] == 'pd_ee_delta_pose' and meta['armkit.action_dim'] == '7'
    runs_in_armkit(out)


def test_bc_gaussian_and_iql_critic_under_vgps(demos, critic):
    base = str(demos['dir'] / 'base.onnx')
    q = critic
    train('train_bc', '--data', demos['noisy'], '--out', base, '--head', 'gaussian', '--hidden', '32', '32', *SHORT)
    assert metadata(base)['armkit.head'] == 'gaussian'
    meta = metadata(q)
    assert meta['armkit.kind'] == 'q' and json.loads(meta['armkit.horizons']) == {'observation': 1}
    assert 'action' in json.loads(meta['armkit.normalization'])
    runs_in_armkit(base)
    runs_in_armkit(base, '--rerank', q, '--candidates', '4')


def test_diffusion_alone_and_under_vgps(demos, critic):
    out = str(demos['dir'] / 'diffusion.onnx')
    train('train_diffusion', '--data', demos['expert'], '--out', out, '--down-dims', '16', '32', '64', '--step-embed-dim', '16', *SHORT)
    meta = metadata(out)
    assert meta['armkit.kind'] == 'diffusion'
    scheduler = json.loads(meta['armkit.scheduler'])
    assert scheduler['num_train_timesteps'] == 100 and scheduler['beta_schedule'] == 'squaredcos_cap_v2'
    assert scheduler['prediction_type'] == 'epsilon'
    assert json.loads(meta['armkit.horizons'])['action_offset'] == 1
    runs_in_armkit(out, '--diffusion-steps', '2')
    runs_in_armkit(out, '--diffusion-steps', '2', '--rerank', critic, '--candidates', '3')


def test_bad_inputs_name_what_was_expected(demos):
    missing = train('train_bc', '--data', str(demos['dir'] / 'nope.hdf5'), '--out', str(demos['dir'] / 'x.onnx'), check=False)
    assert missing.returncode == 2 and 'no such file' in missing.stderr and 'robomimic-layout HDF5' in missing.stderr
    wrong = str(demos['dir'] / 'wrong.hdf5')
    with h5py.File(wrong, 'w') as f:
        f.create_group('demos')
    r = train('train_iql', '--data', wrong, '--out', str(demos['dir'] / 'x.onnx'), check=False)
    assert r.returncode == 2 and 'expected a group "data"' in r.stderr and "['demos']" in r.stderr
    keys = train('train_diffusion', '--data', demos['expert'], '--out', str(demos['dir'] / 'x.onnx'), '--obs-keys', 'qpos', 'camera', check=False)
    assert keys.returncode == 2 and "['camera']" in keys.stderr and 'tcp_pose' in keys.stderr
    horizon = train('train_diffusion', '--data', demos['expert'], '--out', str(demos['dir'] / 'x.onnx'), '--pred-horizon', '6', check=False)
    assert horizon.returncode == 2 and 'multiple of 4' in horizon.stderr
