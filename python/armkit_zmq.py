"""armkit's remote-policy protocol (v1) from Python, both ways.

* ``PolicyServer(fn, spec)`` serves any callable ``fn(windows, seeds) -> chunks`` to armkit, so
  a PyTorch policy that was never exported runs in ``armkit eval/collect/deploy --policy
  zmq://HOST:PORT``. ``windows`` is float32 (m, observation horizon, frame size), oldest frame
  first, keys flattened in ``spec['keys']`` order; the callable returns (m, prediction horizon,
  action size) in the env's action space. armkit keeps the history and chunk queue.
* ``PolicyClient(endpoint)`` calls an ``armkit serve`` server: ``predict(windows, seeds)``.

Wire format: each message is a multipart ZeroMQ message; part 0 a msgpack map header (``v`` = 1,
``t`` = type, ``id``), further parts raw little-endian float32 arrays. See
policies/remote/protocol.ts for the list of types and error codes.

Needs Debian's python3-zmq, python3-msgpack and python3-numpy only.
"""

from __future__ import annotations

import itertools
import threading

import msgpack
import numpy as np
import zmq

PROTOCOL_VERSION = 1


class ArmkitProtocolError(Exception):
    """A request the other side refused; ``code`` is the protocol's name for the problem."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class RemotePolicyError(Exception):
    """No reply in time, or a reply that does not fit the request."""


def make_spec(keys, action_dim, *, observation=1, prediction=1, action=None, action_offset=0,
              stochastic=False, control_mode=None):
    """A spec for PolicyServer. ``keys``: [(name, size), ...] in frame order, as the env names them."""
    spec = {
        "keys": [{"name": name, "shape": [int(size)], "type": "low_dim"} for name, size in keys],
        "actionDim": int(action_dim),
        "horizons": {
            "observation": int(observation),
            "prediction": int(prediction),
            "action": int(prediction if action is None else action),
            "actionOffset": int(action_offset),
        },
        "stochastic": bool(stochastic),
    }
    if control_mode is not None:
        spec["controlMode"] = control_mode
    return spec


def _frame_size(spec):
    return sum(int(np.prod(k["shape"])) for k in spec["keys"])


def _header(part):
    try:
        header = msgpack.unpackb(part, raw=False)
    except Exception as e:  # noqa: BLE001 - any decode failure is the same protocol error
        raise ArmkitProtocolError("malformed-header", f"expected a msgpack header map, got {len(part)} bytes that do not decode") from e
    if not isinstance(header, dict):
        raise ArmkitProtocolError("malformed-header", f"expected a msgpack header map, got {type(header).__name__}")
    if header.get("v") != PROTOCOL_VERSION:
        raise ArmkitProtocolError("unknown-version", f"expected protocol version {PROTOCOL_VERSION}, got {header.get('v')!r}")
    return header


def _pack(header):
    return msgpack.packb(header, use_bin_type=True)


class PolicyServer:
    """Serve ``fn(windows, seeds) -> chunks`` on a ROUTER socket, one request at a time.

    Binding anything but loopback needs ``curve_secret_key`` (Z85, from ``armkit keys``).
    """

    def __init__(self, fn, spec, bind="tcp://127.0.0.1:*", *, curve_secret_key=None):
        host = bind.split("://", 1)[-1].rsplit(":", 1)[0].strip("[]")
        loopback = bind.startswith(("ipc://", "inproc://")) or host in ("localhost", "::1") or host.startswith("127.")
        if not loopback and curve_secret_key is None:
            raise ValueError(f"bind {bind}: an address other than loopback needs CURVE keys (armkit keys --out DIR), got none")
        self.fn = fn
        self.spec = spec
        self.requests = 0
        self._ctx = zmq.Context.instance()
        self._socket = self._ctx.socket(zmq.ROUTER)
        self._socket.linger = 0
        if curve_secret_key is not None:
            self._socket.curve_server = True
            self._socket.curve_secretkey = curve_secret_key.encode() if isinstance(curve_secret_key, str) else curve_secret_key
        self._socket.bind(bind)
        self.endpoint = self._socket.getsockopt_string(zmq.LAST_ENDPOINT)
        self._sessions = set()
        self._next_session = itertools.count(1)
        self._stop = threading.Event()
        self._thread = None

    @property
    def port(self):
        return int(self.endpoint.rsplit(":", 1)[1])

    def serve_forever(self, poll_ms=50):
        """Answer requests until close() (from another thread) or stop is set."""
        poller = zmq.Poller()
        poller.register(self._socket, zmq.POLLIN)
        while not self._stop.is_set():
            if not poller.poll(poll_ms):
                continue
            route, *parts = self._socket.recv_multipart()
            request_id = 0
            try:
                header = _header(parts[0] if parts else b"")
                request_id = header.get("id", 0)
                reply, frames = self._answer(header, parts[1:])
            except ArmkitProtocolError as e:
                reply, frames = {"v": PROTOCOL_VERSION, "t": "error", "id": request_id, "code": e.code, "message": e.message}, []
            except Exception as e:  # noqa: BLE001 - the policy's own failure goes back to the client, the server carries on
                reply, frames = {"v": PROTOCOL_VERSION, "t": "error", "id": request_id, "code": "server-error", "message": f"the Python policy failed: {e!r}"}, []
            self._socket.send_multipart([route, _pack(reply), *frames])

    def _answer(self, header, frames):
        kind, request_id = header.get("t"), header.get("id")
        if kind == "open":
            session = next(self._next_session)
            self._sessions.add(session)
            return {"v": PROTOCOL_VERSION, "t": "opened", "id": request_id, "session": session, "spec": self.spec}, []
        if kind == "spec":
            return {"v": PROTOCOL_VERSION, "t": "spec", "id": request_id, "spec": self.spec}, []
        if kind == "close":
            self._sessions.discard(header.get("session"))
            return {"v": PROTOCOL_VERSION, "t": "closed", "id": request_id}, []
        if kind != "observe":
            raise ArmkitProtocolError("unknown-type", f"expected request type open, spec, observe or close, got {kind!r}")
        if header.get("session") not in self._sessions:
            raise ArmkitProtocolError("unknown-session", f"observe: expected an open session, got session {header.get('session')}")
        if len(frames) != 1:
            raise ArmkitProtocolError("wrong-frame-count", f"observe: expected a header and 1 float32 frame, got {len(frames)} frames")
        if len(frames[0]) % 4:
            raise ArmkitProtocolError("wrong-frame-size", f"observe windows: expected a multiple of 4 bytes, got {len(frames[0])} bytes")
        m, h = int(header["m"]), self.spec["horizons"]
        f = _frame_size(self.spec)
        windows = np.frombuffer(frames[0], dtype="<f4")
        if windows.size != m * h["observation"] * f:
            raise ArmkitProtocolError("wrong-observation-length", f"observe: expected {m} x {h['observation']} x {f} = {m * h['observation'] * f} floats, got {windows.size}")
        chunks = np.ascontiguousarray(self.fn(windows.reshape(m, h["observation"], f), list(header["seeds"])), dtype="<f4")
        want = (m, h["prediction"], self.spec["actionDim"])
        if chunks.shape != want:
            raise ArmkitProtocolError("server-error", f"the Python policy returned shape {chunks.shape}, expected {want}")
        self.requests += 1
        return {"v": PROTOCOL_VERSION, "t": "chunk", "id": request_id, "m": m}, [chunks.tobytes()]

    def start(self):
        """Serve in a daemon thread; returns self."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._socket.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class PolicyClient:
    """A client of ``armkit serve`` (or of PolicyServer): open a session, then predict chunks."""

    def __init__(self, endpoint, *, timeout_ms=10_000, server_key=None):
        self.endpoint = endpoint
        self.timeout_ms = timeout_ms
        self._ids = itertools.count(1)
        self._socket = zmq.Context.instance().socket(zmq.DEALER)
        self._socket.linger = 0
        if server_key is not None:
            public, secret = zmq.curve_keypair()
            self._socket.curve_serverkey = server_key.encode() if isinstance(server_key, str) else server_key
            self._socket.curve_publickey = public
            self._socket.curve_secretkey = secret
        self._socket.connect(endpoint)
        opened, _ = self._request({"t": "open"})
        self.session = opened["session"]
        self.spec = opened["spec"]
        self.frame_size = _frame_size(self.spec)

    def _request(self, body, frames=()):
        request_id = next(self._ids)
        self._socket.send_multipart([_pack({"v": PROTOCOL_VERSION, "id": request_id, **body}), *frames])
        while True:
            if not self._socket.poll(self.timeout_ms):
                raise RemotePolicyError(f"policy server {self.endpoint}: no reply to {body['t']!r} within {self.timeout_ms} ms")
            header, *parts = self._socket.recv_multipart()
            reply = _header(header)
            if reply.get("id") != request_id:
                continue  # a late reply to a request given up on
            if reply["t"] == "error":
                raise ArmkitProtocolError(reply["code"], reply["message"])
            return reply, parts

    def predict(self, windows, seeds=None):
        """Chunks (m, prediction, actionDim) for windows (m, observation, frame size) or (m, frame size)."""
        h = self.spec["horizons"]
        windows = np.ascontiguousarray(windows, dtype="<f4").reshape(-1, h["observation"] * self.frame_size)
        m = windows.shape[0]
        seeds = [0] * m if seeds is None else [int(s) for s in seeds]
        reply, parts = self._request({"t": "observe", "session": self.session, "m": m, "seeds": seeds}, [windows.tobytes()])
        return np.frombuffer(parts[0], dtype="<f4").reshape(m, h["prediction"], self.spec["actionDim"])

    def close(self):
        try:
            self._request({"t": "close", "session": self.session})
        except (RemotePolicyError, ArmkitProtocolError):
            pass
        self._socket.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
