"""armkit-convert lerobot against LeRobot's own code.

fixtures/lerobot/ holds pretrained_model folders written by LeRobot's save_pretrained (policy and
processor pipelines) and references.json: what the policy's select_action between its pre- and
post-processors returned for raw observations step by step, and its predict_action_chunk on the
processed first observation, made once with LeRobot at the commit it names (make_references.py
beside them). The ONNX files there are this converter's output; policies/bc/
lerobot-act-convert.test.ts runs them in armkit against the same references (within 1e-4).
"""
import json
import os
import shutil
import struct
import sys

import onnx
import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'python'))

import armkit_convert as ac  # noqa: E402
import lerobot_convert as lc  # noqa: E402
from lerobot_checkpoint import LeRobotFolder  # noqa: E402
from safetensors_file import read_safetensors  # noqa: E402

FIXTURES = os.path.join(ROOT, 'test', 'python', 'fixtures', 'lerobot')
with open(os.path.join(FIXTURES, 'references.json')) as f:
    REFS = json.load(f)
ACT = [n for n, r in REFS.items() if r['policy'] == 'act']
DIFFUSION = [n for n, r in REFS.items() if r['policy'] == 'diffusion']


def tensor(ref):
    return torch.tensor(ref['data'], dtype=torch.float32).reshape(ref['shape'])


def model(name, folder=None):
    return lc.LeRobotModel(LeRobotFolder(folder or os.path.join(FIXTURES, name)))


@pytest.mark.parametrize('name', ACT)
def test_rebuilt_act_equals_predict_action_chunk_with_the_processors_normalization(name):
    ref = REFS[name]
    assert ref['upstream'].startswith('huggingface/lerobot@')
    m = model(name)
    raw = torch.cat([tensor(ref['observations'][k])[0] for k, _ in m.obs_keys], -1)[:, None]
    with torch.no_grad():
        got = m.net(raw)
        # predict_action_chunk's output is normalized; the graph's is in the env's units.
        want = m.net.norm_action.inverse(tensor(ref['network']['chunk']))
        normalized_inputs = [m.net.norm_state(raw[:, 0, :5]), m.net.norm_env(raw[:, 0, 5:])]
    assert float((got - want).abs().max()) <= 1e-5
    for mine, key in zip(normalized_inputs, (lc.STATE, lc.ENV)):
        assert float((mine - tensor(ref['network']['inputs'][key])).abs().max()) <= 1e-5


def test_a_constant_element_normalizes_as_lerobot_does_where_a_stored_affine_would_not():
    norm = LeRobotFolder(os.path.join(FIXTURES, 'act-post-norm')).inputs[lc.STATE]
    assert norm.mode == 'MEAN_STD' and float(norm.stats['std'][0]) == 0.0
    mean = norm.stats['mean'][0]
    n = lc._Normalize(norm, 5, lc.STATE)
    x = norm.stats['mean'].clone()[None]
    assert float(n(x)[0, 0]) == 0.0  # (x - mean) / (0 + 1e-8)
    # The same map stored as an affine spec (float32 scale and offset, applied in double as
    # armkit's Normalizer does) misses 0 by the offset's rounding: 0.17 here, up to 4 near 1.
    scale = torch.tensor(1 / 1e-8, dtype=torch.float32)
    offset = (-mean.double() / 1e-8).float()
    assert abs(float(mean.double() * scale.double() + offset.double())) > 0.1


@pytest.mark.parametrize('name', ACT)
def test_converter_writes_the_committed_contract_file(name, tmp_path):
    out = tmp_path / f'{name}.onnx'
    assert ac.main(['lerobot', os.path.join(FIXTURES, name), '-o', str(out)]) == 0
    made, committed = onnx.load(str(out)), onnx.load(os.path.join(FIXTURES, f'{name}.onnx'))
    meta = {p.key: p.value for p in made.metadata_props}
    assert meta == {p.key: p.value for p in committed.metadata_props}
    config = json.load(open(os.path.join(FIXTURES, name, 'config.json')))
    h = json.loads(meta['armkit.horizons'])
    assert h == {'observation': 1, 'prediction': config['chunk_size'], 'action': config['n_action_steps'], 'action_offset': 0}
    coeff = config['temporal_ensemble_coeff']
    assert json.loads(meta.get('armkit.execution', 'null')) == (None if coeff is None else {'temporal_ensemble': coeff})
    assert [i.name for i in made.graph.input] == ['obs'] and [o.name for o in made.graph.output] == ['action']


@pytest.mark.parametrize('name', DIFFUSION)
def test_rebuilt_unet_equals_lerobots_and_takes_the_window_raw(name):
    ref = REFS[name]
    assert ref['diffusers'].startswith('huggingface/diffusers@')
    m = model(name)
    u = ref['unet']
    raw = torch.cat([tensor(ref['observations'][k])[1] for k, _ in m.obs_keys], -1)
    with torch.no_grad():
        on_normalized = m.net.unet(tensor(u['sample']), torch.tensor(u['timestep']), tensor(u['global_cond']))
        on_raw = m.net(tensor(u['sample']), torch.tensor(u['timestep']), torch.cat([raw, raw], -1))
    want = tensor(u['prediction'])
    assert float((on_normalized - want).abs().max()) <= 1e-5 and float((on_raw - want).abs().max()) <= 1e-5


@pytest.mark.parametrize('name', DIFFUSION)
def test_diffusion_contract_carries_lerobots_scheduler_horizons_and_action_normalization(name, tmp_path):
    ref = REFS[name]
    out = tmp_path / f'{name}.onnx'
    assert ac.main(['lerobot', os.path.join(FIXTURES, name), '-o', str(out)]) == 0
    made, committed = onnx.load(str(out)), onnx.load(os.path.join(FIXTURES, f'{name}.onnx'))
    meta = {p.key: p.value for p in made.metadata_props}
    assert meta == {p.key: p.value for p in committed.metadata_props}
    assert [i.name for i in made.graph.input] == ['sample', 'timestep', 'global_cond']
    config = json.load(open(os.path.join(FIXTURES, name, 'config.json')))
    to = config['n_obs_steps']
    assert json.loads(meta['armkit.horizons']) == {'observation': to, 'prediction': config['horizon'], 'action': config['n_action_steps'], 'action_offset': to - 1}
    scheduler = json.loads(meta['armkit.scheduler'])
    # The fields LeRobot gives diffusers; what diffusers then holds is the same.
    assert all(ref['scheduler'][k] == v for k, v in scheduler.items())
    sampling = json.loads(meta['armkit.sampling'])
    assert sampling['sampler'] == ref['scheduler_class'][:4].lower() and sampling['inference_steps'] == len(ref['timesteps'])
    # Unnormalizing with the spec gives LeRobot's unnormalizer, a constant element included.
    spec = json.loads(meta['armkit.normalization'])['action']
    post = LeRobotFolder(os.path.join(FIXTURES, name)).outputs[lc.ACTION]
    y = torch.linspace(-1, 1, 12).reshape(3, 4)
    mine = (y.double() - torch.tensor(spec['offset'], dtype=torch.float64)) / torch.tensor(spec['scale'], dtype=torch.float64)
    theirs = lc._Normalize(post, 4, lc.ACTION).inverse(y)
    assert float((mine - theirs.double()).abs().max()) <= 1e-5
    assert float(theirs[:, 0].std()) == 0.0  # the constant element


def test_the_safetensors_reader_follows_the_format():
    weights = read_safetensors(os.path.join(FIXTURES, 'act-post-norm', 'model.safetensors'))
    assert weights['model.action_head.weight'].shape == (4, 32) and weights['model.action_head.weight'].dtype == torch.float32
    with open(os.path.join(FIXTURES, 'act-post-norm', 'model.safetensors'), 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
    assert set(header) - {'__metadata__'} == set(weights)


def copy_of(tmp_path, name='act-post-norm'):
    dst = tmp_path / name
    shutil.copytree(os.path.join(FIXTURES, name), dst)
    return dst


def edit_json(path, edit):
    data = json.load(open(path))
    edit(data)
    json.dump(data, open(path, 'w'))


@pytest.mark.parametrize('edit, message', [
    (lambda d: (d / 'config.json').unlink(), r"expected config\.json \(the policy config\), found \["),
    (lambda d: edit_json(d / 'config.json', lambda c: c.__setitem__('type', 'pi0')), r"type: expected act or diffusion, found 'pi0'"),
    (lambda d: edit_json(d / 'config.json', lambda c: c['input_features'].__setitem__('observation.images.top', {'type': 'VISUAL', 'shape': [3, 96, 96]})),
     r'expected state inputs only .* found the images \[\'observation\.images\.top\'\]'),
    (lambda d: edit_json(d / 'config.json', lambda c: c.__setitem__('dim_model', 64)), r'expected the shapes config\.json implies'),
    (lambda d: edit_json(d / 'policy_preprocessor.json', lambda p: p['steps'][0]['config'].__setitem__('rename_map', {'state': 'observation.state'})),
     r'expected an empty rename_map'),
    (lambda d: edit_json(d / 'policy_preprocessor.json', lambda p: p['steps'].append({'registry_name': 'tokenizer_processor'})),
     r"expected the default steps .* found 'tokenizer_processor'"),
    (lambda d: (d / 'model.safetensors').write_bytes(b'\x05\x00'), r'expected a \.safetensors file'),
    (lambda d: (d / 'policy_preprocessor.json').write_text('{'), r'expected JSON \(a processor pipeline\)'),
])
def test_broken_or_unsupported_folders_are_refused_by_name(tmp_path, edit, message):
    folder = copy_of(tmp_path)
    edit(folder)
    with pytest.raises(ac.ConvertError, match=message):
        model('act-post-norm', str(folder))


def test_the_older_format_with_normalization_in_the_weights_is_refused_with_what_to_do(tmp_path):
    folder = copy_of(tmp_path)
    for f in folder.glob('policy_*'):
        f.unlink()
    sys.path.insert(0, os.path.join(ROOT, 'test', 'python', 'fixtures', 'lerobot'))
    weights = read_safetensors(str(folder / 'model.safetensors'))
    weights['normalize_inputs.buffer_observation_state.mean'] = torch.zeros(5)
    _write_safetensors(weights, folder / 'model.safetensors')
    with pytest.raises(ac.ConvertError, match=r"found the older \['normalize_inputs'\] buffers"):
        model('act-post-norm', str(folder))


def _write_safetensors(tensors, path):
    header, blobs, at = {}, [], 0
    for name, t in sorted(tensors.items()):
        data = t.contiguous().numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [at, at + len(data)]}
        blobs.append(data)
        at += len(data)
    text = json.dumps(header).encode()
    path.write_bytes(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def test_obs_keys_rename_the_frame_for_an_env_and_must_add_up(tmp_path):
    out = tmp_path / 'x.onnx'
    assert ac.main(['lerobot', os.path.join(FIXTURES, 'diffusion-ddim'), '-o', str(out), '--obs-keys', 'qpos:5,goal_pos:3']) == 0
    meta = {p.key: p.value for p in onnx.load(str(out)).metadata_props}
    assert json.loads(meta['armkit.observation_keys']) == [{'name': 'qpos', 'shape': [5], 'type': 'low_dim'}, {'name': 'goal_pos', 'shape': [3], 'type': 'low_dim'}]
    with pytest.raises(ac.ConvertError, match=r'--obs-keys: expected sizes adding up to .* = 8, found 9'):
        lc.LeRobotModel(LeRobotFolder(os.path.join(FIXTURES, 'diffusion-ddim')), obs_keys=[('qpos', 9)])


def test_cli_prints_one_line_and_exits_2_on_a_file_instead_of_a_folder(tmp_path, capsys):
    ckpt = os.path.join(ROOT, 'test', 'python', 'fixtures', 'robomimic', 'bc-mlp.pth')
    assert ac.main(['lerobot', ckpt, '-o', str(tmp_path / 'x.onnx')]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and 'expected a LeRobot pretrained_model folder' in err[0] and 'found a file' in err[0]
