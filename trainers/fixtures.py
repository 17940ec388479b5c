"""The fixture exporter's networks, noise schedules and ONNX export, shared instead of copied.

test/fixtures/models/ holds the reference networks (the 1-D conditional UNet with FiLM, the BC
heads, Q MLP), the DDPM/DDIM schedule arithmetic and the export routine that writes the export
form (unit-height Conv2d, rational Mish) with declared output shapes. The trainers import them
from there so that a trained model and the runtime's fixtures are the same architecture.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE_DIR = os.path.join(ROOT, 'test', 'fixtures', 'models')

if FIXTURE_DIR not in sys.path:
    sys.path.insert(0, FIXTURE_DIR)

import nets  # noqa: E402  (test/fixtures/models/nets.py)
import schedules  # noqa: E402  (test/fixtures/models/schedules.py)
import export as fixture_export  # noqa: E402  (test/fixtures/models/export.py)

__all__ = ['nets', 'schedules', 'fixture_export', 'ROOT']
