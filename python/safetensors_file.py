"""Reading a .safetensors file without the safetensors package (python/lerobot_checkpoint.py).

The format: an unsigned 64-bit little-endian header length N, N bytes of JSON mapping each
tensor name to {dtype, shape, data_offsets: [begin, end]} (offsets into the bytes after the
header; an optional `__metadata__` of strings), then the tensors' bytes, row-major, little-endian.
"""

from __future__ import annotations

import json
import struct

import numpy as np
import torch

from dp_checkpoint import ConvertError

_DTYPES = {'F64': np.float64, 'F32': np.float32, 'F16': np.float16, 'I64': np.int64, 'I32': np.int32,
           'I16': np.int16, 'I8': np.int8, 'U8': np.uint8, 'BOOL': np.bool_}


def read_safetensors(path):
    """The tensors of a .safetensors file by name, as torch tensors (bfloat16 as float32)."""
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except OSError as e:
        raise ConvertError(f'{path}: expected a readable .safetensors file, got {e.strerror}') from e
    if len(raw) < 8:
        raise ConvertError(f'{path}: expected a .safetensors file (8-byte header length, JSON header), found {len(raw)} bytes')
    n = struct.unpack('<Q', raw[:8])[0]
    if n > len(raw) - 8:
        raise ConvertError(f'{path}: expected a .safetensors header of at most {len(raw) - 8} bytes, found a length of {n}')
    try:
        header = json.loads(raw[8:8 + n].decode('utf-8'))
    except (UnicodeDecodeError, ValueError) as e:
        raise ConvertError(f'{path}: expected a JSON .safetensors header, could not parse it ({e})') from e
    if not isinstance(header, dict):
        raise ConvertError(f'{path}: expected a JSON object as .safetensors header, found {type(header).__name__}')
    data = memoryview(raw)[8 + n:]
    out = {}
    for name, entry in header.items():
        if name == '__metadata__':
            continue
        try:
            dtype, shape, (begin, end) = entry['dtype'], [int(d) for d in entry['shape']], entry['data_offsets']
        except (KeyError, TypeError, ValueError) as e:
            raise ConvertError(f'{path}: tensor {name!r}: expected dtype, shape and data_offsets, found {entry!r}') from e
        count = int(np.prod(shape)) if shape else 1
        if dtype == 'BF16':
            if end - begin != 2 * count:
                raise ConvertError(f'{path}: tensor {name!r}: expected {2 * count} bytes, found {end - begin}')
            bits = np.frombuffer(data[begin:end], dtype='<u2').astype(np.uint32) << 16
            out[name] = torch.from_numpy(bits.view(np.float32).reshape(shape).copy())
            continue
        if dtype not in _DTYPES:
            raise ConvertError(f'{path}: tensor {name!r}: expected one of {", ".join([*_DTYPES, "BF16"])}, found dtype {dtype!r}')
        np_type = np.dtype(_DTYPES[dtype]).newbyteorder('<')
        if end - begin != count * np_type.itemsize or end > len(data):
            raise ConvertError(f'{path}: tensor {name!r}: expected {count * np_type.itemsize} bytes for {dtype} {shape}, '
                               f'found offsets {begin}..{end} in {len(data)} bytes')
        out[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype=np_type).astype(_DTYPES[dtype]).reshape(shape).copy())
    return out
