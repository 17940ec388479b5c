"""armkit-convert robomimic against robomimic's own code.

fixtures/robomimic/ holds checkpoints written by robomimic's train_utils.save_model and
references.json: what robomimic's policy_from_checkpoint RolloutPolicy returned for raw
observations step by step, and what its policy network computed on normalized ones, made once
with robomimic at the commit it names (make_references.py beside them). The ONNX files there are
this converter's output; policies/bc/robomimic-convert.test.ts runs them in armkit against the
same references (within 1e-4).
"""
import copy
import json
import os
import sys

import onnx
import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'python'))

import armkit_convert as ac  # noqa: E402
import robomimic_convert as rc  # noqa: E402
from dp_checkpoint import load_torch_file  # noqa: E402

FIXTURES = os.path.join(ROOT, 'test', 'python', 'fixtures', 'robomimic')
with open(os.path.join(FIXTURES, 'references.json')) as f:
    REFS = json.load(f)


def tensor(ref):
    return torch.tensor(ref['data'], dtype=torch.float32).reshape(ref['shape'])


def checkpoint(name):
    return load_torch_file(os.path.join(FIXTURES, f'{name}.pth'))


def model(name, ckpt=None):
    return rc.RobomimicModel(checkpoint(name) if ckpt is None else ckpt, source=f'{name}.pth', control_mode='pd_ee_delta_pos')


def rollout(m, ref):
    """The rebuilt network run as RolloutPolicy runs it, normalization from the contract file's specs."""
    obs, want = ref['observations'], tensor(ref['actions'])
    spec = m.normalization
    actions, state = [], None
    with torch.no_grad():
        for t in range(want.shape[0]):
            x = torch.cat([tensor(obs[k])[t] * torch.tensor(spec['observation'][k]['scale']) + torch.tensor(spec['observation'][k]['offset'])
                           for k, _ in m.obs_keys], -1)[:, None]
            if m.recurrent:
                state = None if t % m.horizon == 0 else state
                y, state = m.net(x, state)
            elif m.rnn:  # open loop: a chunk from the horizon's first observation
                if t % m.horizon == 0:
                    chunk = rc._OpenLoop(m.net, m.horizon)(x)
                y = chunk[:, t % m.horizon:][:, :1]
            else:
                y = m.net(x)
            a = spec['action']
            y = y[:, 0]
            actions.append(y if a['mode'] == 'identity' else (y - torch.tensor(a['offset'])) / torch.tensor(a['scale']))
    return torch.stack(actions), want


@pytest.mark.parametrize('name', sorted(REFS))
def test_rebuilt_network_and_normalization_reproduce_rollout_policy(name):
    ref = REFS[name]
    assert ref['upstream'].startswith('ARISE-Initiative/robomimic@')
    m = model(name)
    assert m.algo_class == ref['algo']
    got, want = rollout(m, ref)
    assert float((got - want).abs().max()) <= 1e-5


@pytest.mark.parametrize('name', sorted(REFS))
def test_observation_keys_follow_robomimics_concatenation_order_and_statistics(name):
    m = model(name)
    assert [k for k, _ in m.obs_keys] == ['gripper', 'obj_pose', 'qpos']  # shape_metadata.all_shapes order
    stats = REFS[name]['obs_normalization_stats']['obj_pose']
    spec = m.normalization['observation']['obj_pose']
    # (x - offset) / scale as x * (1 / scale) + (-offset / scale).
    assert spec['scale'] == pytest.approx([1 / s for s in stats['scale']], rel=1e-6)
    assert spec['offset'] == pytest.approx([-o / s for o, s in zip(stats['offset'], stats['scale'])], rel=1e-6)


def test_the_rnn_state_resets_every_horizon_as_bc_rnn_get_action_does():
    m = model('bc-rnn-lstm')
    got, want = rollout(m, REFS['bc-rnn-lstm'])
    carried = copy.copy(m)
    carried.horizon = 10 ** 6  # never reset: the actions part from robomimic's after the first horizon
    far, _ = rollout(carried, REFS['bc-rnn-lstm'])
    assert float((got - want).abs().max()) <= 1e-5 < 1e-3 < float((far - want).abs().max())


@pytest.mark.parametrize('name', sorted(REFS))
def test_converter_writes_the_committed_contract_file(name, tmp_path):
    out = tmp_path / f'{name}.onnx'
    assert ac.main(['robomimic', os.path.join(FIXTURES, f'{name}.pth'), '-o', str(out), '--control-mode', 'pd_ee_delta_pos']) == 0
    made, committed = onnx.load(str(out)), onnx.load(os.path.join(FIXTURES, f'{name}.onnx'))
    meta = {p.key: p.value for p in made.metadata_props}
    assert meta == {p.key: p.value for p in committed.metadata_props}

    def signature(m):
        def dims(v):
            return [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
        return [(v.name, v.type.tensor_type.elem_type, dims(v)) for v in [*m.graph.input, *m.graph.output]]

    assert signature(made) == signature(committed)
    names = [n for n, _, _ in signature(made)]
    if name in ('bc-rnn-lstm', 'bc-rnn-gru'):
        rec = json.loads(meta['armkit.recurrent'])
        assert rec['reset_every'] == json.loads(checkpoint(name)['config'])['algo']['rnn']['horizon']
        states = [s['name'] for s in rec['state']]
        assert names == ['obs', *[f'state.{s}' for s in states], 'action', *[f'next_state.{s}' for s in states]]
    else:
        assert names == ['obs', 'action'] and 'armkit.recurrent' not in meta
    horizons = json.loads(meta['armkit.horizons'])
    assert horizons['prediction'] == (4 if name == 'bc-rnn-open-loop' else 1)


def edited(name, edit):
    ckpt = checkpoint(name)
    config = json.loads(ckpt['config'])
    edit(ckpt, config)
    ckpt['config'] = json.dumps(config)
    return ckpt


@pytest.mark.parametrize('edit, message', [
    (lambda c, cfg: c.__setitem__('algo_name', 'bcq'), r"algo_name: expected 'bc' \(BC or BC-RNN\), found 'bcq'"),
    (lambda c, cfg: cfg['algo']['gmm'].__setitem__('enabled', True), r'algo\.gmm\.enabled: expected false'),
    (lambda c, cfg: cfg['algo']['gaussian'].update(enabled=True, low_noise_eval=False), r'low_noise_eval: expected true'),
    (lambda c, cfg: cfg['observation']['modalities']['obs'].__setitem__('rgb', ['agentview_image']), r'expected low_dim keys only, found \{\'rgb\''),
    (lambda c, cfg: cfg['observation']['modalities']['goal'].__setitem__('low_dim', ['qpos']), r'modalities\.goal: expected none'),
    (lambda c, cfg: cfg['train'].__setitem__('frame_stack', 2), r'train\.frame_stack: expected 1, found 2'),
    (lambda c, cfg: cfg['algo'].__setitem__('actor_layer_dims', [16, 24]), r'expected the shapes the config implies'),
    (lambda c, cfg: c['obs_normalization_stats'].pop('qpos'), r"obs_normalization_stats: expected an entry for 'qpos'"),
    (lambda c, cfg: cfg['train']['action_config']['actions'].__setitem__('format', 'rot_6d'), r'format: expected no rot_6d'),
    (lambda c, cfg: c.pop('shape_metadata'), r"missing \['shape_metadata'\]"),
])
def test_unsupported_or_broken_checkpoints_are_refused_by_name(edit, message):
    with pytest.raises(ac.ConvertError, match=message):
        model('bc-mlp', edited('bc-mlp', edit))


def test_bidirectional_rnns_cannot_step_and_are_refused():
    ckpt = edited('bc-rnn-lstm', lambda c, cfg: cfg['algo']['rnn']['kwargs'].__setitem__('bidirectional', True))
    with pytest.raises(ac.ConvertError, match=r'bidirectional: expected false'):
        model('bc-rnn-lstm', ckpt)


def test_without_action_statistics_actions_stay_as_the_network_gives_them():
    ckpt = checkpoint('bc-mlp')
    del ckpt['action_normalization_stats']
    assert model('bc-mlp', ckpt).normalization['action'] == {'mode': 'identity'}


def test_cli_prints_one_line_and_exits_2_on_a_file_of_another_upstream(tmp_path, capsys):
    other = os.path.join(ROOT, 'test', 'python', 'fixtures', 'diffusion_policy', 'ddim-bias.ckpt')
    assert ac.main(['robomimic', other, '-o', str(tmp_path / 'x.onnx')]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "expected a robomimic checkpoint with 'model', 'config'" in err[0] and "found ['cfg'" in err[0]
    bad = tmp_path / 'notes.txt'
    bad.write_text('hello')
    assert ac.main(['robomimic', str(bad), '-o', str(tmp_path / 'x.onnx')]) == 2
    assert 'expected a robomimic checkpoint (.pth)' in capsys.readouterr().err
    assert not (tmp_path / 'x.onnx').exists()
