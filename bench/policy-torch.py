"""PyTorch eager side of bench/policy.ts: the fixture networks, timed per policy step.

    /usr/bin/python3 bench/policy-torch.py --threads 1 --inputs out/bench/policy-inputs.json

The networks are rebuilt from the exporter's seeds, so they hold the very weights of the ONNX
files. A policy step here is what armkit does per planning step, in torch ops: normalize the
observation, run the network (BC) or draw noise and run DDIM-10 (diffusion), unnormalize.
Prints one JSON object on stdout.
"""
import argparse
import json
import math
import os
import sys
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'test', 'fixtures', 'models'))
from export import SCHEDULER, build, min_max_scale_offset, obs_stats_vector, stats  # noqa: E402
from schedules import DdimSampler  # noqa: E402


def time_steps(step, warmup=2, max_samples=1000, budget_s=2.0, min_samples=3, warmup_s=0.5):
    """Same policy as bench/policy-timing.ts: warm up by count and time, then sample within a budget."""
    warm_start = time.perf_counter()
    i = 0
    while i < warmup or time.perf_counter() - warm_start < warmup_s:
        step()
        i += 1
    samples = []
    start = time.perf_counter()
    while len(samples) < max_samples and (len(samples) < min_samples or time.perf_counter() - start < budget_s):
        t0 = time.perf_counter()
        step()
        samples.append((time.perf_counter() - t0) * 1e3)
    samples.sort()
    rank = lambda q: samples[min(len(samples) - 1, max(0, math.ceil(q * len(samples)) - 1))]
    return {'medianMs': rank(0.5), 'p99Ms': rank(0.99), 'samples': len(samples)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--inputs', required=True)
    p.add_argument('--budget', type=float, default=2.0)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    inputs = json.load(open(args.inputs))
    norm = stats()
    obs_scale, obs_offset = min_max_scale_offset(*(torch.tensor(v) for v in obs_stats_vector(norm).values()))
    act_scale, act_offset = min_max_scale_offset(torch.tensor(norm['action']['min']), torch.tensor(norm['action']['max']))
    results = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'cases': []}

    def record(case, batch, latency):
        results['cases'].append({'case': case, 'batch': batch, **latency})
        print(f'  torch {case} batch {batch}: median {latency["medianMs"]:.3f} ms', file=sys.stderr)

    bc = build('bc-mlp')
    for batch in (1, 64):
        obs = torch.tensor(inputs[str(batch)]).reshape(batch, 1, -1)

        @torch.inference_mode()
        def bc_step():
            y = bc(obs * obs_scale + obs_offset)
            return (y - act_offset) / act_scale

        record('bc', batch, time_steps(bc_step, budget_s=args.budget))

    for size in ('small', 'large'):
        net = build(f'diffusion-unet-{size}')
        sampler = DdimSampler(SCHEDULER, 10)
        gen = torch.Generator().manual_seed(0)
        for batch in (1, 64):
            frame = torch.tensor(inputs[str(batch)]).reshape(batch, 1, -1)
            obs = torch.cat([frame, frame], dim=1)

            @torch.inference_mode()
            def ddim_step():
                x = torch.randn(batch, 16, 7, generator=gen)
                x = sampler.sample(net, x, obs * obs_scale + obs_offset)
                return (x - act_offset) / act_scale

            record(f'diffusion-{size}-ddim10', batch, time_steps(ddim_step, warmup=1, budget_s=args.budget))
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
