"""What every trainer's command line shares: data and output arguments, seeding, progress, errors."""
import argparse
import os
import sys
import time

import numpy as np
import torch

from .data import TrainerError


def parser(description):
    """An ArgumentParser with the shared arguments: --data, --out, --seed, --threads, --max-minutes."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', nargs='+', required=True, metavar='FILE.hdf5', help='robomimic-layout demo file(s), e.g. from `armkit collect`')
    p.add_argument('--out', required=True, metavar='MODEL.onnx', help='where to write the ONNX model')
    p.add_argument('--split', default='all', choices=['all', 'train', 'valid'], help='demos to train on: all, or a mask (default: all)')
    p.add_argument('--obs-keys', nargs='+', metavar='KEY',
                   help="observation keys the model reads, in frame order (default: all, in the env's order)")
    p.add_argument('--features', choices=['all', 'relative'], default='relative',
                   help='frame elements the network reads: all, or relative (finger joints, grasp flag, orientations, '
                        'relative positions; see trainers/features.py) (default relative)')
    p.add_argument('--seed', type=int, default=0, help='torch and numpy seed (default 0)')
    p.add_argument('--threads', type=int, default=2, help='torch intra-op threads (default 2)')
    p.add_argument('--max-minutes', type=float, default=20.0,
                   help='wall-clock budget: training stops at the last finished step past it and says so (default 20)')
    return p


def check_args(p, args):
    """Argument checks argparse cannot express; exits with a usage error naming the argument."""
    if not args.out.endswith('.onnx'):
        p.error(f'--out: expected a path ending in .onnx, got {args.out!r}')
    out_dir = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(out_dir):
        p.error(f'--out: folder {out_dir} does not exist')
    check_at_least_one(p, args, ('threads',))
    if args.max_minutes <= 0:
        p.error(f'--max-minutes: expected a number > 0, got {args.max_minutes}')


def check_at_least_one(p, args, names):
    """Exit with a usage error naming the first of `names` (argparse dests) below 1."""
    for name in names:
        if getattr(args, name) < 1:
            p.error(f'--{name.replace("_", "-")}: expected an integer >= 1, got {getattr(args, name)}')


def seed_everything(seed, threads):
    """Seed torch and numpy and fix the thread count, so a run is reproducible on the same machine."""
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(threads)


class Progress:
    """Prints `name step/total loss ... elapsed` about every `every` seconds, and the final line."""

    def __init__(self, name, total, max_minutes, every=10.0):
        self.name, self.total, self.every = name, total, every
        self.start = time.monotonic()
        self.deadline = self.start + 60 * max_minutes
        self.last = -1e9
        self.stopped_early = False

    def update(self, step, **values):
        """Report step `step` (1-based) and return False when the time budget is spent."""
        now = time.monotonic()
        if now - self.last >= self.every or step == self.total:
            self.last = now
            shown = '  '.join(f'{k} {v:.4g}' for k, v in values.items())
            print(f'[{self.name}] step {step}/{self.total}  {shown}  {now - self.start:.0f}s', flush=True)
        if now > self.deadline and step < self.total:
            self.stopped_early = True
            print(f'[{self.name}] stopping at step {step}/{self.total}: the {(self.deadline - self.start) / 60:g}-minute budget is spent', flush=True)
            return False
        return True

    @property
    def seconds(self):
        return time.monotonic() - self.start


def run(main):
    """Run a trainer's main(); a TrainerError becomes one line on stderr and exit status 2."""
    try:
        main()
    except TrainerError as e:
        print(f'error: {e}', file=sys.stderr)
        sys.exit(2)


def batches(n, batch_size, generator):
    """Endless random minibatch indices (sampling with replacement per epoch-sized permutation)."""
    while True:
        perm = torch.randperm(n, generator=generator)
        for i in range(0, n - batch_size + 1 if n >= batch_size else 1, batch_size):
            yield perm[i:i + batch_size]
