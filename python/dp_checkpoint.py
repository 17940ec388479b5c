"""Reading a diffusion_policy workspace checkpoint without running it (python/armkit_convert.py).

The file is read with a restricted unpickler: tensors, containers and OmegaConf's config nodes
(rebuilt as plain values, so neither omegaconf nor dill needs to be installed); anything else in
the file is refused by name. ``Config`` resolves the config's interpolations (``${horizon}``,
``${eval:...}``), ``eval`` over arithmetic, comparisons and conditionals only.
"""

from __future__ import annotations

import ast
import io
import pickle
import re

import torch

# --- errors ----------------------------------------------------------------------------------


class ConvertError(Exception):
    """A checkpoint or option the converter cannot turn into a contract file; the message says
    what was expected and what came."""


# --- reading a checkpoint --------------------------------------------------------------------


class _ConfigNode:
    """Stand-in for an OmegaConf class in a pickle: keeps the pickled state, nothing else."""

    def __setstate__(self, state):
        self.__dict__['_state'] = state

    def __init__(self, *args, **kwargs):
        pass


_ALLOWED = {
    ('collections', 'OrderedDict'), ('collections', 'defaultdict'), ('_codecs', 'encode'),
    ('torch._utils', '_rebuild_tensor_v2'), ('torch._utils', '_rebuild_parameter'),
    ('torch._utils', '_rebuild_parameter_with_state'), ('torch', 'Size'), ('typing', 'Any'),
    ('builtins', 'dict'), ('builtins', 'list'), ('builtins', 'tuple'), ('builtins', 'set'),
    ('builtins', 'int'), ('builtins', 'float'), ('builtins', 'str'), ('builtins', 'bool'),
    ('builtins', 'object'), ('builtins', 'NoneType'),
}
_STORAGES = {'FloatStorage', 'DoubleStorage', 'HalfStorage', 'BFloat16Storage', 'LongStorage', 'IntStorage',
             'ShortStorage', 'CharStorage', 'ByteStorage', 'BoolStorage'}
_BUILTIN_TYPES = {'DictType': dict, 'ListType': list, 'TupleType': tuple, 'IntType': int, 'FloatType': float,
                  'StringType': str, 'BooleanType': bool, 'NoneType': type(None), 'SetType': set, 'ObjectType': object,
                  'dict': dict, 'list': list, 'tuple': tuple, 'int': int, 'float': float, 'str': str, 'bool': bool,
                  'set': set, 'object': object}
_node_classes: dict[str, type] = {}


def _dill_load_type(name):
    """dill pickles builtin types by name; only plain containers and scalars are given back."""
    if name not in _BUILTIN_TYPES:
        raise ConvertError(f'checkpoint: expected tensors, containers and config values, found the type {name!r}')
    return _BUILTIN_TYPES[name]


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _ALLOWED or (module == 'torch' and name in _STORAGES):
            return super().find_class(module, name)
        if module == 'dill._dill' and name == '_load_type':
            return _dill_load_type
        if module.startswith('omegaconf'):
            return _node_classes.setdefault(f'{module}.{name}', type(name, (_ConfigNode,), {}))
        raise ConvertError(f'checkpoint: expected tensors, containers and config values, found {module}.{name} '
                           '(the converter does not run code from a checkpoint)')


class _RestrictedPickle:
    """The `pickle_module` torch.load is given: the restricted unpickler and pickle's loads."""

    Unpickler = _RestrictedUnpickler
    __name__ = 'armkit_restricted_pickle'

    @staticmethod
    def load(f, **kwargs):
        return _RestrictedUnpickler(f, **kwargs).load()


def _plain(value):
    """OmegaConf stand-ins (DictConfig, ListConfig, value nodes) to plain dicts, lists, scalars."""
    if isinstance(value, _ConfigNode):
        state = value.__dict__.get('_state', {})
        state = state if isinstance(state, dict) else {}
        if '_content' in state:
            content = state['_content']
            if isinstance(content, dict):
                return {k: _plain(v) for k, v in content.items()}
            if isinstance(content, (list, tuple)):
                return [_plain(v) for v in content]
            return content  # None, '???' or an interpolation string
        if '_val' in state:
            return _plain(state['_val'])
        raise ConvertError(f'checkpoint cfg: expected config nodes, found a {type(value).__name__} without a value')
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _torch_load(data):
    """torch.load through the restricted unpickler (torch 1.x ignores `pickle_module`, hence its
    own zip reader there)."""
    if int(torch.__version__.split('.')[0]) >= 2:
        return torch.load(io.BytesIO(data), map_location='cpu', pickle_module=_RestrictedPickle, weights_only=False)
    from torch import serialization
    with serialization._open_zipfile_reader(io.BytesIO(data)) as archive:
        return serialization._load(archive, 'cpu', _RestrictedPickle, encoding='utf-8')


def load_torch_file(path, what='a torch checkpoint'):
    """What torch.save wrote at `path`, read through the restricted unpickler (no code runs)."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except OSError as e:
        raise ConvertError(f'{path}: expected a readable checkpoint file, got {e.strerror}') from e
    try:
        return _torch_load(data)
    except ConvertError as e:
        raise ConvertError(f'{path}: {e}') from e
    except Exception as e:  # noqa: BLE001  (torch raises many types for a file that is no checkpoint)
        raise ConvertError(f'{path}: expected {what}, could not read it ({type(e).__name__}: {e})') from e


def load_checkpoint(path):
    """The checkpoint's plain config and state dicts: `(cfg, state_dicts)`."""
    payload = load_torch_file(path)
    if not isinstance(payload, dict) or 'cfg' not in payload or 'state_dicts' not in payload:
        found = sorted(payload) if isinstance(payload, dict) else type(payload).__name__
        raise ConvertError(f"{path}: expected a diffusion_policy workspace checkpoint {{'cfg', 'state_dicts', ...}}, found {found}")
    return Config(_plain(payload['cfg'])), payload['state_dicts']


# --- the config and its interpolations -------------------------------------------------------

_INNER = re.compile(r'\$\{([^${}]*)\}')
_MISSING = object()


class Config:
    """A workspace config as plain values, read by dotted path with `${...}` resolved."""

    def __init__(self, root):
        if not isinstance(root, dict):
            raise ConvertError(f'checkpoint cfg: expected a mapping, found {type(root).__name__}')
        self.root = root

    def get(self, path, default=_MISSING):
        node = self.root
        for part in path.split('.'):
            if not isinstance(node, dict) or part not in node:
                if default is _MISSING:
                    raise ConvertError(f'checkpoint cfg: expected {path}, not found')
                return default
            node = node[part]
        return self.resolve(node, path)

    def resolve(self, value, where, depth=0):
        if depth > 20:
            raise ConvertError(f'checkpoint cfg {where}: interpolations nest too deep')
        if isinstance(value, dict):
            return {k: self.resolve(v, f'{where}.{k}', depth) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v, where, depth) for v in value]
        if not isinstance(value, str) or '${' not in value:
            return value
        text = value
        while True:
            m = _INNER.search(text)
            if not m:
                return text
            got = self._interpolate(m.group(1).strip(), where, depth)
            if m.start() == 0 and m.end() == len(text):
                return got
            # Inside an ${eval:...} a value is Python text (repr); elsewhere it joins the string.
            inside_eval = '${eval:' in text[:m.start()]
            text = text[:m.start()] + (repr(got) if inside_eval else str(got)) + text[m.end():]

    def _interpolate(self, body, where, depth):
        if body.startswith('eval:'):
            expr = body[5:].strip()
            if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in '\'"':
                expr = expr[1:-1]
            return _safe_eval(expr, where)
        if ':' in body:
            raise ConvertError(f'checkpoint cfg {where}: expected ${{path}} or ${{eval:...}}, found the resolver ${{{body}}}')
        return self.resolve(self.get(body), body, depth + 1)


_BINOPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
           ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b}
_CMPS = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
         ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
         ast.Is: lambda a, b: a is b, ast.IsNot: lambda a, b: a is not b}


def _safe_eval(expr, where):
    """`${eval:...}` as diffusion_policy's configs use it: arithmetic, comparisons, and/or/not, if-else."""
    def ev(n):
        if isinstance(n, ast.Expression):
            return ev(n.body)
        if isinstance(n, ast.Constant) and isinstance(n.value, (int, float, bool, str, type(None))):
            return n.value
        if isinstance(n, ast.BinOp) and type(n.op) in _BINOPS:
            return _BINOPS[type(n.op)](ev(n.left), ev(n.right))
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, (ast.USub, ast.UAdd, ast.Not)):
            v = ev(n.operand)
            return -v if isinstance(n.op, ast.USub) else (+v if isinstance(n.op, ast.UAdd) else not v)
        if isinstance(n, ast.BoolOp):
            vals = [ev(v) for v in n.values]
            return all(vals) if isinstance(n.op, ast.And) else any(vals)
        if isinstance(n, ast.Compare) and all(type(o) in _CMPS for o in n.ops):
            left = ev(n.left)
            for op, right in zip(n.ops, n.comparators):
                r = ev(right)
                if not _CMPS[type(op)](left, r):
                    return False
                left = r
            return True
        if isinstance(n, ast.IfExp):
            return ev(n.body) if ev(n.test) else ev(n.orelse)
        if isinstance(n, (ast.List, ast.Tuple)):
            return [ev(e) for e in n.elts]
        raise ConvertError(f'checkpoint cfg {where}: expected arithmetic in ${{eval:...}}, found {ast.dump(n)[:60]}')
    try:
        return ev(ast.parse(expr, mode='eval'))
    except SyntaxError as e:
        raise ConvertError(f'checkpoint cfg {where}: expected an expression in ${{eval:...}}, found {expr!r}') from e
