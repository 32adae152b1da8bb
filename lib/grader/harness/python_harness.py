"""Clockwise Python harness: runs inside the sandbox, talks to the host over fd 3.

Protocol (length-prefixed JSON frames, see lib/grader/sandbox/frames.ts):
  box -> host  {"type": "hello"}
  host -> box  {"type": "init", "code", "entry"}      -> ready | compile_error | load_error
  host -> box  {"type": "test", "index", "nonce", "args"}  -> result | error (echoing index and nonce)
  box -> host  {"type": "engine", "id", "method", "args"}  (while a test runs)
  host -> box  {"type": "engine_reply", "id", "value"} | {"type": "engine_error", "id", "message"}

Nothing the user's code prints is read by the host: stdout/stderr are only shown to the user. The host
trusts nothing from this process beyond well-formed frames answering the test it sent, so a user program
that forges frames gains nothing it could not get by returning a value.
"""
import array
import base64
import json
import linecache
import math
import os
import sys
import traceback
import types

SOLUTION_PATH = "/box/solution.py"
MAX_TRACEBACK = 4000


def _take_channel():
    # Move the channel off the well-known fd 3 so careless user code (closing/writing fd 3) does not
    # break the protocol by accident. It is not a security boundary: the host validates every frame.
    fd = os.dup(3)
    high = 200 + (os.getpid() % 50)
    try:
        os.dup2(fd, high)
        os.close(fd)
        fd = high
    except OSError:
        pass
    os.close(3)
    os.set_inheritable(fd, False)
    return fd


CHANNEL = _take_channel()


def _encode_value(value):
    """Converts user results to JSON-safe data: numpy arrays/scalars to lists/numbers, tuples to lists,
    non-finite floats to {"$float": ...}."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"$float": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if isinstance(value, dict):
        return {str(k): _encode_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode_value(v) for v in value]
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars, torch tensors
    if callable(tolist):
        return _encode_value(tolist())
    item = getattr(value, "item", None)
    if callable(item):
        return _encode_value(item())
    raise TypeError("cannot return a value of type %s (use numbers, strings, lists and dicts)" % type(value).__name__)


def _unpack_f32(value):
    """{"$f32": dims, "b64": float32 bytes} from the host (large engine outputs) -> nested lists of floats."""
    data = array.array("f")
    data.frombytes(base64.b64decode(value["b64"]))
    flat = data.tolist()
    dims = value["$f32"]

    def build(axis, offset):
        if axis == len(dims) - 1:
            return flat[offset:offset + dims[axis]]
        stride = 1
        for d in dims[axis + 1:]:
            stride *= d
        return [build(axis + 1, offset + i * stride) for i in range(dims[axis])]

    return build(0, 0)


def _decode_value(value):
    if isinstance(value, dict):
        if len(value) == 1 and "$float" in value:
            return float(value["$float"].replace("Infinity", "inf"))
        if len(value) == 2 and "$f32" in value and "b64" in value:
            return _unpack_f32(value)
        return {k: _decode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode_value(v) for v in value]
    return value


def _write_all(data):
    view = memoryview(data)
    while view:
        written = os.write(CHANNEL, view)
        view = view[written:]


def send(message):
    body = json.dumps(message, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    _write_all(len(body).to_bytes(4, "big") + body)


def _read_exact(n):
    chunks = []
    while n > 0:
        chunk = os.read(CHANNEL, min(n, 1 << 20))
        if not chunk:
            os._exit(0)  # host closed the channel: the submission is over
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def receive():
    length = int.from_bytes(_read_exact(4), "big")
    return json.loads(_read_exact(length).decode("utf-8"))


class EngineError(Exception):
    """Raised inside user code when the host refuses an engine request (unknown model, bad shapes, quota)."""


class Engine:
    """The inference engine seen by submissions; every method is a blocking request to the host."""

    def __init__(self):
        self._next_id = 0

    def _call(self, method, *args):
        self._next_id += 1
        call_id = self._next_id
        try:
            payload = _encode_value(list(args))
        except TypeError as error:
            raise EngineError("engine.%s: %s" % (method, error)) from None
        send({"type": "engine", "id": call_id, "method": method, "args": payload})
        while True:
            reply = receive()
            if reply.get("id") != call_id:
                continue
            if reply.get("type") == "engine_reply":
                return _decode_value(reply.get("value"))
            raise EngineError(str(reply.get("message", "engine request failed")))

    def tokenize(self, model, text, max_length=None):
        return self._call("tokenize", model, text, {"maxLength": max_length} if max_length is not None else {})

    def forward(self, model, inputs):
        """Encoders: {"input_ids": [[...]], ...} -> outputs. Decoder LMs: {"input_ids": [[...]], "past": None or
        the previous result's "past" handle, "attention_mask"?, "past_rows"?, "all_logits"?} -> {"logits": [[...]], "past": handle}."""
        return self._call("forward", model, inputs)

    def decode(self, model, ids, skip_special_tokens=False):
        """Token ids -> text (decoder LMs)."""
        return self._call("decode", model, ids, {"skipSpecialTokens": bool(skip_special_tokens)})

    def labels(self, model):
        return self._call("labels", model)

    def info(self, model):
        return self._call("info", model)


def _user_traceback(error):
    """The traceback limited to the user's own frames (the harness's frames are noise to the user)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == SOLUTION_PATH]
    text = "Traceback (most recent call last):\n" if frames else ""
    text += "".join(traceback.format_list(frames))
    text += "".join(traceback.format_exception_only(type(error), error))
    return text.rstrip("\n")[-MAX_TRACEBACK:]


def _flush_user_output():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def load_solution(code, entry):
    """Compiles and executes the user's module; returns the entry function or reports why not."""
    try:
        compiled = compile(code, SOLUTION_PATH, "exec", dont_inherit=True)
    except SyntaxError as error:
        send({"type": "compile_error", "message": "%s: %s" % (type(error).__name__, error.msg),
              "line": error.lineno, "column": error.offset})
        return None
    except (ValueError, OverflowError, MemoryError, RecursionError) as error:
        send({"type": "compile_error", "message": "%s: %s" % (type(error).__name__, error), "line": None})
        return None
    # Tracebacks show the user's source lines without a file on disk.
    linecache.cache[SOLUTION_PATH] = (len(code), None, code.splitlines(True), SOLUTION_PATH)
    module = types.ModuleType("solution")
    module.__file__ = SOLUTION_PATH
    module.__dict__["EngineError"] = EngineError
    sys.modules["solution"] = module
    try:
        exec(compiled, module.__dict__)
    except BaseException as error:  # noqa: BLE001 - the user's module may raise anything, even SystemExit
        _flush_user_output()
        send({"type": "load_error", "errorType": type(error).__name__, "message": str(error)[:1000],
              "traceback": _user_traceback(error)})
        return None
    fn = module.__dict__.get(entry)
    if not callable(fn):
        send({"type": "compile_error", "message": "the function %s is not defined at the top level" % entry,
              "line": None})
        return None
    return fn


def main():
    sys.setrecursionlimit(10000)
    send({"type": "hello", "language": "python"})
    init = receive()
    if init.get("type") != "init":
        return
    fn = load_solution(init["code"], init["entry"])
    if fn is None:
        return
    engine = Engine()
    send({"type": "ready"})
    while True:
        message = receive()
        kind = message.get("type")
        if kind == "shutdown":
            return
        if kind != "test":
            continue
        index = message["index"]
        nonce = message.get("nonce")
        args = _decode_value(message.get("args", []))
        try:
            value = fn(*args, engine)
            payload = _encode_value(value)
            _flush_user_output()
            send({"type": "result", "index": index, "nonce": nonce, "value": payload})
        except BaseException as error:  # noqa: BLE001 - SystemExit/KeyboardInterrupt are user errors too
            _flush_user_output()
            send({"type": "error", "index": index, "nonce": nonce, "errorType": type(error).__name__,
                  "message": str(error)[:1000], "traceback": _user_traceback(error)})


if __name__ == "__main__":
    main()
