"""Writing a converted network as an armkit contract ONNX file (policies/MODEL-CONTRACT.md)."""

from __future__ import annotations

import os
import warnings

import torch

OPSET = 17


def write_contract_onnx(module, args, path, input_names, outputs, metadata):
    """Export `module(*args)` to `path` with a dynamic batch axis on every input and output.

    `outputs` maps each output name, in the module's return order, to its sizes after the batch
    axis: the exporter may leave some symbolic (a UNet's sequence length), the contract wants them
    fixed. `metadata` is written as `metadata_props`; the file is checked by onnx before saving.
    """
    import onnx

    names = list(outputs)
    dynamic = {n: {0: 'batch'} for n in [*input_names, *names]}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with warnings.catch_warnings():
        # torch 1.13's GroupNorm, RNN and ONNX symbolics warn about their own tracing.
        warnings.filterwarnings('ignore', category=UserWarning)
        warnings.filterwarnings('ignore', category=torch.jit.TracerWarning)
        with torch.no_grad():
            torch.onnx.export(module, args, path, input_names=list(input_names), output_names=names,
                              dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)
    model = onnx.load(path)
    for value in model.graph.output:
        if value.name not in outputs:
            continue
        dims = value.type.tensor_type.shape.dim
        del dims[:]
        dims.add().dim_param = 'batch'
        for size in outputs[value.name]:
            dims.add().dim_value = int(size)
    del model.metadata_props[:]
    for k, v in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = k, v
    onnx.checker.check_model(model)
    onnx.save(model, path)
