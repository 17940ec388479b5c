"""armkit-convert diffusion-policy against diffusion_policy's own code.

fixtures/diffusion_policy/ holds two low-dim checkpoints written as diffusion_policy's workspace
writes them (torch.save with dill, OmegaConf cfg, 'model' and 'ema_model' state dicts) and
references.json: what upstream's ConditionalUnet1D and DiffusionUnetLowdimPolicy.predict_action
computed from them, made once with upstream code at the commits it names (diffusion_policy for
the policy, diffusers for the schedulers). The ONNX files beside them are this converter's
output; policies/diffusion/diffusion-policy-convert.test.ts runs them in armkit against the same
references (network within 1e-4, whole DDPM-100 and DDIM-10 chains within 1e-4).
"""
import json
import os
import sys

import onnx
import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'python'))

import armkit_convert as ac  # noqa: E402

FIXTURES = os.path.join(ROOT, 'test', 'python', 'fixtures', 'diffusion_policy')
with open(os.path.join(FIXTURES, 'references.json')) as f:
    REFS = json.load(f)
OPTIONS = {'ddpm-film': {}, 'ddim-bias': {'obs_keys': [('agent_pos', 2), ('block', 2)], 'control_mode': 'pd_ee_delta_pos'}}


def tensor(ref):
    return torch.tensor(ref['data'], dtype=torch.float32).reshape(ref['shape'])


def read(name, **kwargs):
    cfg, state_dicts = ac.load_checkpoint(os.path.join(FIXTURES, f'{name}.ckpt'))
    return ac.DiffusionPolicyModel(cfg, state_dicts, source=f'{name}.ckpt', **kwargs)


def unet_output(module, ref):
    u = ref['unet']
    with torch.no_grad():
        return module(tensor(u['sample']), torch.tensor(u['timestep']), tensor(u['global_cond']))


@pytest.mark.parametrize('name', sorted(REFS))
def test_rebuilt_unet_equals_upstream_conditional_unet1d(name):
    ref = REFS[name]
    assert ref['upstream'].startswith('real-stanford/diffusion_policy@5ba07ac6')
    model = read(name, **OPTIONS[name])
    want = tensor(ref['unet']['prediction'])
    assert float((unet_output(model.net, ref) - want).abs().max()) <= 1e-5
    # The exported form (unit-height Conv2d, Mish through Exp) is the same function.
    assert float((unet_output(ac.export_form(model.net), ref) - want).abs().max()) <= 1e-4


@pytest.mark.parametrize('name', sorted(REFS))
def test_ema_weights_are_the_default_and_differ_from_the_live_ones(name):
    ref = REFS[name]
    live = read(name, weights='model')
    assert float((unet_output(live.net, ref) - tensor(ref['unet']['prediction'])).abs().max()) > 0.1


@pytest.mark.parametrize('name', sorted(REFS))
def test_contract_metadata_carries_upstream_normalizer_horizons_and_scheduler(name):
    ref = REFS[name]
    c = ref['config']
    model = read(name, **OPTIONS[name])
    meta = model.metadata()
    horizons = json.loads(meta['armkit.horizons'])
    # predict_action executes action_pred[:, start:start + Ta], start = To - 1 with oa_step_convention, else To.
    start = c['n_obs_steps'] - 1 if c['oa'] else c['n_obs_steps']
    assert horizons == {'observation': c['n_obs_steps'], 'prediction': c['horizon'], 'action': c['n_action_steps'], 'action_offset': start}
    norm = json.loads(meta['armkit.normalization'])
    # The stored LinearNormalizer parameters, bit for bit, constant dimensions included.
    assert norm['action'] == {'mode': 'affine', **ref['normalizer']['action']}
    obs = ref['normalizer']['obs']
    keys = OPTIONS[name].get('obs_keys') or [('obs', c['obs_dim'])]
    at = 0
    for key, size in keys:
        assert norm['observation'][key] == {'mode': 'affine', 'scale': obs['scale'][at:at + size], 'offset': obs['offset'][at:at + size]}
        at += size
    assert 1.0 in obs['scale']  # a constant dimension kept at scale 1, as upstream fits it
    scheduler = json.loads(meta['armkit.scheduler'])
    assert scheduler == {k: v for k, v in ref['scheduler'].items() if k != '_target_'}
    sampling = json.loads(meta['armkit.sampling'])
    assert sampling['sampler'] == ('ddpm' if 'DDPM' in ref['scheduler']['_target_'] else 'ddim')
    assert sampling['inference_steps'] == len(ref['predict_action']['timesteps'])


@pytest.mark.parametrize('name', sorted(REFS))
def test_converter_writes_the_committed_contract_file(name, tmp_path):
    out = tmp_path / f'{name}.onnx'
    ac.convert_diffusion_policy(os.path.join(FIXTURES, f'{name}.ckpt'), str(out), **OPTIONS[name])
    made = onnx.load(str(out))
    committed = onnx.load(os.path.join(FIXTURES, f'{name}.onnx'))
    assert {p.key: p.value for p in made.metadata_props} == {p.key: p.value for p in committed.metadata_props}

    def signature(m):
        def dims(v):
            return [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
        return [(v.name, v.type.tensor_type.elem_type, dims(v)) for v in [*m.graph.input, *m.graph.output]]

    assert signature(made) == signature(committed)
    c = REFS[name]['config']
    assert [n for n, _, _ in signature(made)] == ['sample', 'timestep', 'global_cond', 'prediction']
    assert signature(made)[2][2] == ['batch', c['n_obs_steps'] * c['obs_dim']]


def test_config_interpolations_resolve_as_omegaconf_with_diffusion_policys_eval():
    cfg = ac.Config({'task': {'obs_dim': 5, 'action_dim': 3}, 'n_obs_steps': 2, 'global': True, 'lat': 0, 'n': 8,
                     'a': '${eval: ${task.action_dim} if ${global} else ${task.obs_dim} + ${task.action_dim}}',
                     'b': '${eval: ${task.obs_dim}*${n_obs_steps} if ${global} else None}',
                     'c': "${eval:'${n}+${lat}'}", 'd': '${task.obs_dim}', 'e': 'runs/${n}'})
    assert [cfg.get(k) for k in 'abcde'] == [3, 10, 8, 5, 'runs/8']
    with pytest.raises(ac.ConvertError, match='arithmetic'):
        ac.Config({'x': "${eval: __import__('os').system('true')}"}).get('x')
    with pytest.raises(ac.ConvertError, match=r'expected policy\.horizon'):
        cfg.get('policy.horizon')


def test_a_checkpoint_that_would_run_code_is_refused_by_name_without_running_it(tmp_path):
    class Payload:
        def __reduce__(self):
            return (os.system, ('touch ' + str(tmp_path / 'ran'),))

    path = tmp_path / 'evil.ckpt'
    torch.save({'cfg': {}, 'state_dicts': {}, 'x': Payload()}, str(path))
    with pytest.raises(ac.ConvertError, match=r'found (posix|os)\.system'):
        ac.load_checkpoint(str(path))
    assert not (tmp_path / 'ran').exists()


def mutated(tmp_path, edit):
    cfg, state_dicts = ac.load_checkpoint(os.path.join(FIXTURES, 'ddim-bias.ckpt'))
    edit(cfg.root)
    return cfg, state_dicts


def test_inpainting_and_unsupported_scheduler_settings_are_refused_by_name(tmp_path):
    cfg, sd = mutated(tmp_path, lambda r: r['policy'].__setitem__('obs_as_global_cond', False))
    with pytest.raises(ac.ConvertError, match=r'policy\.obs_as_global_cond: expected True'):
        ac.DiffusionPolicyModel(cfg, sd)
    cfg, sd = mutated(tmp_path, lambda r: r['policy']['noise_scheduler'].__setitem__('variance_type', 'learned_range'))
    with pytest.raises(ac.ConvertError, match=r'noise_scheduler\.variance_type: expected one of fixed_small, fixed_small_log, fixed_large'):
        ac.DiffusionPolicyModel(cfg, sd)
    cfg, sd = mutated(tmp_path, lambda r: r['policy']['noise_scheduler'].__setitem__('_target_', 'diffusers.DPMSolverMultistepScheduler'))
    with pytest.raises(ac.ConvertError, match='DDPMScheduler or DDIMScheduler'):
        ac.DiffusionPolicyModel(cfg, sd)
    cfg, sd = mutated(tmp_path, lambda r: r['policy']['model'].__setitem__('down_dims', [8, 16]))
    with pytest.raises(ac.ConvertError, match='model.*'):
        ac.DiffusionPolicyModel(cfg, sd)
    cfg, sd = mutated(tmp_path, lambda r: None)
    with pytest.raises(ac.ConvertError, match='adding up to obs_dim 4, found 5'):
        ac.DiffusionPolicyModel(cfg, sd, obs_keys=[('a', 2), ('b', 3)])


def test_without_ema_weights_the_live_ones_are_used_and_a_missing_choice_is_named(tmp_path):
    cfg, sd = mutated(tmp_path, lambda r: None)
    live = {'model': sd['model']}
    ref = REFS['ddim-bias']
    want = unet_output(read('ddim-bias', weights='model').net, ref)
    assert torch.equal(unet_output(ac.DiffusionPolicyModel(cfg, live).net, ref), want)
    with pytest.raises(ac.ConvertError, match=r"state_dicts: expected 'ema_model', found \['model'\]"):
        ac.DiffusionPolicyModel(cfg, live, weights='ema_model')


def test_scheduler_step_arguments_under_policy_are_honored_or_refused_by_name(tmp_path):
    cfg, sd = mutated(tmp_path, lambda r: r['policy'].__setitem__('eta', 0.5))
    assert ac.DiffusionPolicyModel(cfg, sd).sampling == {'sampler': 'ddim', 'inference_steps': 10, 'eta': 0.5}
    cfg, sd = mutated(tmp_path, lambda r: r['policy'].__setitem__('use_clipped_model_output', True))
    with pytest.raises(ac.ConvertError, match='policy.use_clipped_model_output: expected false'):
        ac.DiffusionPolicyModel(cfg, sd)
    cfg, sd = mutated(tmp_path, lambda r: r['policy'].__setitem__('guidance', 2.0))
    with pytest.raises(ac.ConvertError, match=r"scheduler.step arguments \['guidance'\]"):
        ac.DiffusionPolicyModel(cfg, sd)


def test_pred_action_steps_only_predicts_just_the_executed_steps(tmp_path):
    cfg, sd = mutated(tmp_path, lambda r: r['policy'].__setitem__('pred_action_steps_only', True))
    assert ac.DiffusionPolicyModel(cfg, sd).horizons == {'observation': 3, 'prediction': 6, 'action': 6, 'action_offset': 0}


def test_latency_steps_shift_the_executed_actions(tmp_path):
    cfg, sd = mutated(tmp_path, lambda r: r.__setitem__('n_latency_steps', 2))
    # The policy's n_action_steps is the config's plus the latency (an ${eval:...} in the file);
    # the env runner drops the first n_latency_steps, so 6 are executed from To + 2.
    h = ac.DiffusionPolicyModel(cfg, sd).horizons
    assert (h['action_offset'], h['action']) == (3 + 2, 6)


def test_cli_prints_one_line_and_exits_2_on_a_file_that_is_no_checkpoint(tmp_path, capsys):
    bad = tmp_path / 'notes.txt'
    bad.write_text('hello')
    assert ac.main(['diffusion-policy', str(bad), '-o', str(tmp_path / 'x.onnx')]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and 'expected a torch checkpoint' in err[0]
