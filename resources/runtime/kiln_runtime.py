#!/usr/bin/env python3
"""Kiln in-container runtime: serves one algorithm folder over HTTP.

Every call uses Kiln's function protocol (request: work_path, input_files,
arg_map; response: error_code, error_msg, output_files, arg_map), whatever the
entry kind: a Python class, a command line, or a C function in a shared library.

Endpoints: POST /invoke, GET /healthz, GET /readyz, GET /metrics.
Configuration (environment): KILN_PORT, KILN_HOST, KILN_MANIFEST, KILN_APP_DIR,
KILN_WORK_ROOT (see README.md beside this file).

Standard library only; runs on Python 3.8 .. 3.13.
Exit status: 0 after a graceful stop (SIGTERM/SIGINT), 2 for a bad configuration
or manifest, 3 when the algorithm cannot be set up.
"""

import ctypes
import datetime
import http.server
import importlib
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import traceback
import uuid

RUNTIME_VERSION = "1"

# Error codes of the function protocol. 2000 and up belong to the algorithm.
OK = 0
BAD_REQUEST = 1001
BUSY = 1002
TIMEOUT = 1003
OUTSIDE_WORK_PATH = 1004
INVALID_RESPONSE = 1005
CRASHED = 1006
COMMAND_FAILED = 2001

OUTPUT_EXTENSIONS = {"image": ".png", "video": ".mp4", "json": ".json", "text": ".txt", "binary": ".bin"}
DEFAULT_TIMEOUT_S = 600.0
MAX_BODY_BYTES = 64 * 1024 * 1024
MAX_NATIVE_BUFFER = 256 * 1024 * 1024
STDERR_TAIL_LINES = 20


class CallError(Exception):
    """A call failed with a protocol error code and a message for the caller."""

    def __init__(self, code, msg):
        Exception.__init__(self, msg)
        self.code = code
        self.msg = msg


class ManifestError(Exception):
    """The configuration or manifest is unusable: exit status 2."""


class SetupError(Exception):
    """The algorithm cannot be loaded or set up: exit status 3."""


def _inside(path, root):
    """True when the (already real) path is root or below it."""
    if root == os.sep:
        return True
    return path == root or path.startswith(root + os.sep)


def _describe(exc):
    text = str(exc)
    return "%s: %s" % (type(exc).__name__, text) if text else type(exc).__name__


def _user_traceback(exc):
    """The traceback of an exception from the algorithm, without the runtime's own frames
    (they are the same in every crash and bury the user's line). The whole one when the
    error is the runtime's, or when it has a cause or context to show."""
    if exc.__cause__ is not None or (exc.__context__ is not None and not exc.__suppress_context__):
        return traceback.format_exc()
    here = os.path.abspath(__file__)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if os.path.abspath(f.filename) != here]
    if not frames:
        return traceback.format_exc()
    return "Traceback (most recent call last):\n%s%s" % (
        "".join(traceback.format_list(frames)),
        "".join(traceback.format_exception_only(type(exc), exc)),
    )


# ---------------------------------------------------------------- logging
#
# One JSON object per line on the real stdout, flushed. What the algorithm
# prints through sys.stdout / sys.stderr is turned into log events as well, so
# the stream stays parseable.

_LOG_LOCK = threading.Lock()
_LOG_OUT = None  # binary stream of the real stdout, set by main()
_tls = threading.local()


def _now_iso():
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (now.microsecond // 1000)


def log(level, msg, call_id=None, **fields):
    record = {"ts": _now_iso(), "level": level,
              "call_id": call_id if call_id is not None else getattr(_tls, "call_id", None),
              "msg": msg}
    record.update(fields)
    line = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8", "replace")
    out = _LOG_OUT if _LOG_OUT is not None else sys.__stdout__.buffer
    with _LOG_LOCK:
        try:
            out.write(line)
            out.flush()
        except (OSError, ValueError):
            pass


class _CapturedStream(io.TextIOBase):
    """Stands in for sys.stdout/sys.stderr: each printed line becomes a log event."""

    def __init__(self, stream_name, level, real):
        io.TextIOBase.__init__(self)
        self._stream_name = stream_name
        self._level = level
        self._real = real

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return self._real.fileno()

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        attr = "pending_" + self._stream_name
        lines = (getattr(_tls, attr, "") + text).split("\n")
        setattr(_tls, attr, lines.pop())
        for line in lines:
            self._emit(line)
        return len(text)

    def flush_pending(self):
        attr = "pending_" + self._stream_name
        pending = getattr(_tls, attr, "")
        setattr(_tls, attr, "")
        self._emit(pending)

    def _emit(self, line):
        line = line.rstrip("\r")
        if line.strip():
            log(self._level, line, stream=self._stream_name)


def _flush_captured():
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, _CapturedStream):
            stream.flush_pending()


# ---------------------------------------------------------------- configuration and manifest


class Config(object):
    def __init__(self, env):
        try:
            self.port = int(env.get("KILN_PORT", "8080"))
        except ValueError:
            raise ManifestError("KILN_PORT must be a port number, got %r" % env.get("KILN_PORT"))
        self.host = env.get("KILN_HOST", "0.0.0.0")
        self.manifest_path = os.path.abspath(env.get("KILN_MANIFEST", "/kiln/manifest.json"))
        self.app_dir = os.path.realpath(env.get("KILN_APP_DIR", "/kiln/app"))
        self.work_root = os.path.abspath(env.get("KILN_WORK_ROOT", "/kiln/work"))
        try:
            self.native_buffer = max(16, int(env.get("KILN_NATIVE_BUFFER_BYTES", "65536")))
            self.drain_seconds = float(env.get("KILN_DRAIN_SECONDS", "30"))
        except ValueError as exc:
            raise ManifestError("bad numeric environment variable: %s" % exc)


class Manifest(object):
    def __init__(self, data, where):
        if not isinstance(data, dict):
            raise ManifestError("%s: the manifest must be a JSON object" % where)
        self.name = str(data.get("name") or "algorithm")
        self.entry = data.get("entry")
        if not isinstance(self.entry, dict) or self.entry.get("kind") not in ("python", "command", "native"):
            raise ManifestError("%s: entry must be an object with kind python, command or native" % where)
        needed = {"python": ("module", "class"), "command": ("template",), "native": ("library", "function")}
        for field in needed[self.entry["kind"]]:
            if not isinstance(self.entry.get(field), str) or not self.entry[field]:
                raise ManifestError("%s: entry.%s must be a non-empty string for a %s entry"
                                    % (where, field, self.entry["kind"]))
        self.inputs = [self._port(item, "inputs", i, where) for i, item in enumerate(data.get("inputs") or [])]
        self.outputs = [self._port(item, "outputs", i, where) for i, item in enumerate(data.get("outputs") or [])]
        for out in self.outputs:
            ext = out.get("ext") or OUTPUT_EXTENSIONS.get(out.get("type", "binary"))
            if not isinstance(ext, str):
                raise ManifestError("%s: output %r has type %r, which has no default extension; give ext"
                                    % (where, out["key"], out.get("type")))
            out["ext"] = ext if ext.startswith(".") else "." + ext
        self.args = data.get("args") or {}
        if not isinstance(self.args, dict) or not all(isinstance(v, dict) for v in self.args.values()):
            raise ManifestError("%s: args must be an object of name -> {type, default, ...}" % where)
        concurrency = data.get("concurrency", 1)
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ManifestError("%s: concurrency must be an integer >= 1, got %r" % (where, concurrency))
        self.concurrency = concurrency
        timeout = data.get("timeout", DEFAULT_TIMEOUT_S)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float, type(None))) or (timeout or 0) < 0:
            raise ManifestError("%s: timeout must be a number of seconds, got %r" % (where, timeout))
        self.timeout = float(timeout) if timeout else None  # 0 or null: no limit

    @staticmethod
    def _port(item, section, index, where):
        if not isinstance(item, dict):
            raise ManifestError("%s: %s[%d] must be an object" % (where, section, index))
        key = item.get("key")
        if not isinstance(key, str) or key in ("", ".", "..") or "/" in key or "\\" in key or "\0" in key:
            raise ManifestError("%s: %s[%d].key must be a plain name, got %r" % (where, section, index, key))
        port = dict(item)
        port["required"] = item.get("required", True) is not False
        return port


def load_manifest(path):
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except OSError as exc:
        raise ManifestError("cannot read manifest %s: %s" % (path, exc))
    except ValueError as exc:
        raise ManifestError("manifest %s is not valid JSON: %s" % (path, exc))
    return Manifest(data, path)


# ---------------------------------------------------------------- request preparation

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_ARG_TYPES = {"number": "number", "float": "number", "integer": "integer", "int": "integer",
              "boolean": "boolean", "bool": "boolean", "string": "string", "str": "string"}


def _check_arg(name, spec, value):
    kind = _ARG_TYPES.get(spec.get("type"))
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    ok = {"number": number,
          "integer": number and float(value).is_integer(),
          "boolean": isinstance(value, bool),
          "string": isinstance(value, str)}.get(kind, True)
    if not ok:
        raise CallError(BAD_REQUEST, "arg_map.%s must be of type %s, got %s" % (name, kind, json.dumps(value)))
    enum = spec.get("enum")
    if isinstance(enum, list) and value not in enum:
        raise CallError(BAD_REQUEST, "arg_map.%s must be one of %s, got %s" % (name, json.dumps(enum), json.dumps(value)))
    if number:
        low, high = spec.get("minimum"), spec.get("maximum")
        if isinstance(low, (int, float)) and value < low:
            raise CallError(BAD_REQUEST, "arg_map.%s is %s, below the minimum %s" % (name, value, low))
        if isinstance(high, (int, float)) and value > high:
            raise CallError(BAD_REQUEST, "arg_map.%s is %s, above the maximum %s" % (name, value, high))


def prepare_request(body, call_id, config, manifest):
    """Checks a request and returns the one the algorithm sees: real work_path,
    absolute input paths, arg_map with defaults filled in."""
    work_path = body.get("work_path")
    if work_path in (None, ""):
        work_path = call_id if _SAFE_NAME.match(call_id) else uuid.uuid4().hex
    if not isinstance(work_path, str):
        raise CallError(BAD_REQUEST, "work_path must be a string")
    work_path = os.path.realpath(os.path.join(config.work_root, work_path))
    if not _inside(work_path, config.work_root) or work_path == config.work_root:
        raise CallError(BAD_REQUEST, "work_path %s is not inside KILN_WORK_ROOT %s"
                        % (body.get("work_path"), config.work_root))
    try:
        os.makedirs(work_path, exist_ok=True)
    except OSError as exc:
        raise CallError(BAD_REQUEST, "cannot create work_path %s: %s" % (work_path, exc))

    files = body.get("input_files") or []
    if not isinstance(files, list):
        raise CallError(BAD_REQUEST, "input_files must be a list")
    declared = dict((port["key"], port) for port in manifest.inputs)
    inputs = []
    for index, item in enumerate(files):
        where = "input_files[%d]" % index
        if not isinstance(item, dict):
            raise CallError(BAD_REQUEST, "%s must be an object" % where)
        key, local, remote = item.get("key"), item.get("local_path") or "", item.get("remote_url") or ""
        if key not in declared:
            raise CallError(BAD_REQUEST, "%s: unknown input key %s (declared: %s)"
                            % (where, json.dumps(key), ", ".join(sorted(declared)) or "none"))
        if any(done["key"] == key for done in inputs):
            raise CallError(BAD_REQUEST, "%s: input %r is given twice" % (where, key))
        if not isinstance(local, str) or not isinstance(remote, str):
            raise CallError(BAD_REQUEST, "%s: local_path and remote_url must be strings" % where)
        if not local:
            if remote:
                raise CallError(BAD_REQUEST, "input %r: remote_url inputs are not supported by this runtime; "
                                             "download the file into work_path and give local_path" % key)
            raise CallError(BAD_REQUEST, "input %r has no local_path" % key)
        path = os.path.realpath(os.path.join(work_path, local))
        if not _inside(path, work_path):
            raise CallError(BAD_REQUEST, "input %r: %s is outside work_path %s" % (key, local, work_path))
        if not os.path.isfile(path):
            raise CallError(BAD_REQUEST, "input %r: file not found: %s" % (key, local))
        inputs.append({"key": key, "local_path": path, "remote_url": remote})
    for key, port in declared.items():
        if port["required"] and not any(done["key"] == key for done in inputs):
            raise CallError(BAD_REQUEST, "missing required input %r" % key)

    given = body.get("arg_map") or {}
    if not isinstance(given, dict):
        raise CallError(BAD_REQUEST, "arg_map must be an object")
    args = {}
    for name, value in given.items():
        if name not in manifest.args:
            raise CallError(BAD_REQUEST, "unknown arg %r (declared: %s)"
                            % (name, ", ".join(sorted(manifest.args)) or "none"))
        _check_arg(name, manifest.args[name], value)
        args[name] = value
    for name, spec in manifest.args.items():
        if name in args:
            continue
        if "default" in spec:
            args[name] = spec["default"]
        elif spec.get("required"):
            raise CallError(BAD_REQUEST, "missing required arg %r" % name)
    return {"work_path": work_path, "input_files": inputs, "arg_map": args}


# ---------------------------------------------------------------- response validation


def resolve_output(key, body, work_path):
    """Real path of an output file, checked to be inside work_path; returns it relative to work_path."""
    path = os.path.realpath(os.path.join(work_path, body))
    if not _inside(path, work_path) or path == work_path:
        raise CallError(OUTSIDE_WORK_PATH, "output %r: %s resolves to %s, outside work_path %s"
                        % (key, body, path, work_path))
    if not os.path.isfile(path):
        raise CallError(INVALID_RESPONSE, "output %r: file %s does not exist" % (key, body))
    return os.path.relpath(path, work_path).replace(os.sep, "/")


def validate_response(raw, work_path, manifest, who):
    """Checks what a python or native entry returned; returns output_files and arg_map."""
    if not isinstance(raw, dict):
        raise CallError(INVALID_RESPONSE, "%s returned %s, expected a dict (the response object)"
                        % (who, type(raw).__name__))
    code = raw.get("error_code")
    if isinstance(code, bool) or not isinstance(code, int):
        raise CallError(INVALID_RESPONSE, "%s: error_code must be an integer, got %s" % (who, repr(code)))
    message = raw.get("error_msg")
    message = "" if message is None else str(message)
    if code >= 2000:
        raise CallError(code, message)
    if code != OK:
        raise CallError(INVALID_RESPONSE, "%s returned error_code %d, which is reserved for the runtime "
                                          "(algorithms use 0 or >= 2000): %s" % (who, code, message))
    files = raw.get("output_files") or []
    if not isinstance(files, list):
        raise CallError(INVALID_RESPONSE, "%s: output_files must be a list" % who)
    outputs = []
    for index, item in enumerate(files):
        where = "%s: output_files[%d]" % (who, index)
        if not isinstance(item, dict):
            raise CallError(INVALID_RESPONSE, "%s must be an object" % where)
        key, form, body = item.get("key"), item.get("form", "LocalPath"), item.get("body")
        if not isinstance(key, str) or not key:
            raise CallError(INVALID_RESPONSE, "%s.key must be a non-empty string" % where)
        if form != "LocalPath":
            raise CallError(INVALID_RESPONSE, "%s.form %r is not supported (only LocalPath)" % (where, form))
        if not isinstance(body, str) or not body:
            raise CallError(INVALID_RESPONSE, "%s.body must be a path string" % where)
        outputs.append({"key": key, "form": "LocalPath", "body": resolve_output(key, body, work_path)})
    returned = set(item["key"] for item in outputs)
    missing = [port["key"] for port in manifest.outputs if port["required"] and port["key"] not in returned]
    if missing:
        raise CallError(INVALID_RESPONSE, "%s succeeded but did not return declared output(s): %s"
                        % (who, ", ".join(missing)))
    arg_map = raw.get("arg_map") or {}
    if not isinstance(arg_map, dict):
        raise CallError(INVALID_RESPONSE, "%s: arg_map must be an object" % who)
    try:
        json.dumps(arg_map)
    except (TypeError, ValueError) as exc:
        raise CallError(INVALID_RESPONSE, "%s: arg_map is not JSON-serializable: %s" % (who, exc))
    return {"output_files": outputs, "arg_map": arg_map}


# ---------------------------------------------------------------- entries


class PythonEntry(object):
    """A class with predict(request) -> response, and optionally setup(), instantiated once."""
    kind = "python"

    def __init__(self, spec, config):
        self.module_spec, self.class_name, self.app_dir = spec["module"], spec["class"], config.app_dir
        self.instance = None

    def setup(self):
        cls = getattr(self._import(), self.class_name, None)
        if cls is None:
            raise SetupError("module %s has no class %s" % (self.module_spec, self.class_name))
        instance = cls()
        if not callable(getattr(instance, "predict", None)):
            raise SetupError("%s has no predict(request) method" % self.class_name)
        if callable(getattr(instance, "setup", None)):
            instance.setup()
        self.instance = instance

    def _import(self):
        if not self.module_spec.endswith(".py"):
            return importlib.import_module(self.module_spec)  # a dotted module name
        path = os.path.realpath(os.path.join(self.app_dir, self.module_spec))
        if not _inside(path, self.app_dir) or not os.path.isfile(path):
            raise SetupError("entry module %s not found in %s" % (self.module_spec, self.app_dir))
        folder = os.path.dirname(path)
        parts = os.path.relpath(path, self.app_dir)[:-3].split(os.sep)
        in_package = folder != self.app_dir and os.path.isfile(os.path.join(folder, "__init__.py"))
        if in_package and all(part.isidentifier() for part in parts):
            return importlib.import_module(".".join(parts))  # a module inside a package: relative imports work
        if folder not in sys.path:
            sys.path.insert(0, folder)  # a script folder: siblings import as under `python file.py`
        # Loaded from its file, so an entry named like a module already imported
        # (code.py, signal.py) is still the algorithm's own file.
        name = parts[-1] if parts[-1].isidentifier() and parts[-1] not in sys.modules else "kiln_entry"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module

    def invoke(self, request, call_id):
        return self.instance.predict(request)


class NativeEntry(object):
    """int fn(const char *request_json, char *response_buf, int buf_size) in a shared library."""
    kind = "native"

    def __init__(self, spec, config):
        self.library = os.path.join(config.app_dir, spec["library"])
        self.function_name = spec["function"]
        self.buffer_size = config.native_buffer
        self.function = None

    def setup(self):
        if not os.path.isfile(self.library):
            raise SetupError("native library %s not found" % self.library)
        lib = ctypes.CDLL(self.library)
        try:
            function = getattr(lib, self.function_name)
        except AttributeError:
            raise SetupError("%s does not export %s" % (self.library, self.function_name))
        function.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_char), ctypes.c_int]
        function.restype = ctypes.c_int
        self.function = function

    def invoke(self, request, call_id):
        payload = json.dumps(request).encode("utf-8")
        size = self.buffer_size
        for _ in range(4):
            buf = ctypes.create_string_buffer(size)
            needed = self.function(payload, buf, size)
            if needed < 0:
                raise CallError(CRASHED, "native function returned %d" % needed)
            if needed <= size - 1:
                data = buf.raw[:needed].split(b"\0", 1)[0]
                try:
                    return json.loads(data.decode("utf-8"))
                except ValueError as exc:
                    raise CallError(INVALID_RESPONSE, "native function's response is not valid JSON: %s" % exc)
            if needed + 1 > MAX_NATIVE_BUFFER:
                break
            size = needed + 1
        raise CallError(INVALID_RESPONSE, "native function asked for a %d-byte buffer; giving up" % needed)


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\.([^{}\s]+))?\}")


class CommandEntry(object):
    """A command line per call: the template is split like a shell would (shlex), then
    placeholders are replaced inside each argv element; no shell ever runs."""
    kind = "command"

    def __init__(self, spec, config, manifest):
        self.template, self.app_dir, self.manifest = spec["template"], config.app_dir, manifest
        try:
            self.argv = shlex.split(self.template)
        except ValueError as exc:
            raise ManifestError("entry.template %r cannot be split: %s" % (self.template, exc))
        if not self.argv:
            raise ManifestError("entry.template is empty")

    def setup(self):
        program = self.argv[0]
        if _PLACEHOLDER.search(program):
            return
        if "/" in program:
            path = os.path.join(self.app_dir, program)
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                raise SetupError("command %s is not an executable file (relative to %s)" % (program, self.app_dir))
        elif shutil.which(program) is None:
            raise SetupError("command %r is not on PATH" % program)

    def run(self, request, call_id, timeout):
        work_path = request["work_path"]
        out_dir = os.path.join(work_path, "out")
        os.makedirs(out_dir, exist_ok=True)
        outputs = dict((port["key"], os.path.join(out_dir, port["key"] + port["ext"])) for port in self.manifest.outputs)
        values = {"inputs": dict((f["key"], f["local_path"]) for f in request["input_files"]),
                  "outputs": outputs, "args": request["arg_map"]}

        def fill(match):
            space, key = match.group(1), match.group(2)
            if space == "work_path" and key is None:
                return work_path
            if space in values and key is not None:
                if key not in values[space]:
                    raise CallError(BAD_REQUEST, "placeholder %s in the command template has no value "
                                                 "(no %s named %r in this call)" % (match.group(0), space, key))
                return _argv_text(values[space][key])
            raise CallError(BAD_REQUEST, "unknown placeholder %s in the command template (known: {inputs.KEY}, "
                                         "{outputs.KEY}, {args.KEY}, {work_path})" % match.group(0))

        argv = [_PLACEHOLDER.sub(fill, token) for token in self.argv]
        for path in outputs.values():
            if os.path.lexists(path) and not os.path.isdir(path):
                os.remove(path)  # a stale file from an earlier call must not pass for this call's output
        env = dict(os.environ, KILN_WORK_PATH=work_path, KILN_CALL_ID=call_id)
        try:
            proc = subprocess.Popen(argv, cwd=self.app_dir, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            raise CallError(CRASHED, "cannot start command %s: %s" % (argv[0], _describe(exc)))
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                proc.communicate(timeout=5)
            except subprocess.TimeoutExpired:  # a grandchild left the group and holds the pipes
                pass
            raise CallError(TIMEOUT, "command timed out after %gs; its process group was killed" % timeout)
        err_tail = _tail(stderr)
        if stdout.strip() or stderr.strip():
            log("info", "command output", call_id=call_id, stdout_tail=_tail(stdout), stderr_tail=err_tail)
        if proc.returncode > 0:
            raise CallError(COMMAND_FAILED, "command exited with status %d: %s" % (proc.returncode, err_tail))
        if proc.returncode < 0:
            raise CallError(CRASHED, "command killed by signal %s: %s" % (_signal_name(-proc.returncode), err_tail))
        files = []
        for port in self.manifest.outputs:
            path = outputs[port["key"]]
            if not os.path.lexists(path):
                if port["required"]:
                    raise CallError(INVALID_RESPONSE, "command exited with status 0 but did not write output %r (%s)"
                                    % (port["key"], os.path.relpath(path, work_path)))
                continue
            files.append({"key": port["key"], "form": "LocalPath", "body": resolve_output(port["key"], path, work_path)})
        return {"output_files": files, "arg_map": {}}


def _argv_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _tail(data):
    lines = data.decode("utf-8", "replace").rstrip().splitlines()
    return "\n".join(lines[-STDERR_TAIL_LINES:])


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def make_entry(manifest, config):
    kind = manifest.entry["kind"]
    if kind == "python":
        return PythonEntry(manifest.entry, config)
    if kind == "native":
        return NativeEntry(manifest.entry, config)
    return CommandEntry(manifest.entry, config, manifest)


# ---------------------------------------------------------------- metrics and call slots

BUCKETS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60)


class Metrics(object):
    def __init__(self):
        self.lock = threading.Lock()
        self.calls = self.failures = self.rejected = 0
        self.bucket_counts = [0] * len(BUCKETS)
        self.duration_sum = 0.0
        self.setup_seconds = 0.0

    def observe(self, seconds, failed):
        with self.lock:
            self.calls += 1
            self.failures += 1 if failed else 0
            self.duration_sum += seconds
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    self.bucket_counts[index] += 1

    def reject(self):
        with self.lock:
            self.rejected += 1

    def render(self, in_flight, stuck):
        with self.lock:
            lines = []

            def metric(name, kind, help_text, value):
                lines.extend(["# HELP %s %s" % (name, help_text), "# TYPE %s %s" % (name, kind), "%s %s" % (name, value)])

            metric("kiln_calls_total", "counter", "Calls answered by /invoke (busy rejections excluded).", self.calls)
            metric("kiln_call_failures_total", "counter", "Calls answered with a non-zero error_code.", self.failures)
            metric("kiln_calls_rejected_total", "counter",
                   "Calls refused before running: busy, not ready, shutting down.", self.rejected)
            metric("kiln_calls_in_flight", "gauge", "Calls holding a concurrency slot.", in_flight)
            metric("kiln_calls_stuck", "gauge", "Calls that timed out and are still running.", stuck)
            lines.extend(["# HELP kiln_call_duration_seconds Duration of answered calls.",
                          "# TYPE kiln_call_duration_seconds histogram"])
            for bound, count in zip(BUCKETS, self.bucket_counts):
                lines.append('kiln_call_duration_seconds_bucket{le="%g"} %d' % (bound, count))
            lines.append('kiln_call_duration_seconds_bucket{le="+Inf"} %d' % self.calls)
            lines.append("kiln_call_duration_seconds_sum %r" % self.duration_sum)
            lines.append("kiln_call_duration_seconds_count %d" % self.calls)
            metric("kiln_setup_seconds", "gauge", "Seconds the algorithm's setup took.", repr(self.setup_seconds))
        return "\n".join(lines) + "\n"


class Slot(object):
    """One unit of the concurrency limit. A timed-out python/native call keeps its
    slot until its thread really returns (the algorithm is still using it)."""

    def __init__(self, runtime):
        self.runtime, self.held, self.handed_off = runtime, True, False

    def release(self):
        if not self.handed_off:
            self.free()

    def free(self):
        with self.runtime.lock:
            if not self.held:
                return
            self.held = False
            self.runtime.in_flight -= 1
        self.runtime.semaphore.release()


# ---------------------------------------------------------------- the runtime


class Runtime(object):
    def __init__(self, config, manifest, entry):
        self.config, self.manifest, self.entry = config, manifest, entry
        self.metrics = Metrics()
        self.lock = threading.Lock()
        self.semaphore = threading.BoundedSemaphore(manifest.concurrency)
        self.in_flight = self.stuck = 0
        self.ready = self.stopping = False
        self.setup_ms = None
        self.stop_event = threading.Event()

    def try_acquire(self):
        if not self.semaphore.acquire(False):
            return None
        with self.lock:
            self.in_flight += 1
        return Slot(self)

    def invoke(self, raw_body, call_id):
        """Answers POST /invoke: returns (http_status, response_object)."""
        started = time.perf_counter()
        status, slot = 200, None
        try:
            try:
                body = json.loads(raw_body.decode("utf-8"))
            except ValueError as exc:  # UnicodeDecodeError is a ValueError
                status = 400
                raise CallError(BAD_REQUEST, "request body is not valid JSON: %s" % exc)
            if not isinstance(body, dict):
                status = 400
                raise CallError(BAD_REQUEST, "request body must be a JSON object")
            if not self.ready or self.stopping:
                return self._reject(503, call_id, "not ready: " + ("shutting down" if self.stopping else "setup is running"))
            slot = self.try_acquire()
            if slot is None:
                with self.lock:
                    detail = "%d call(s) in flight" % self.in_flight
                    detail += " (%d timed out, still running)" % self.stuck if self.stuck else ""
                return self._reject(429, call_id, "busy: concurrency limit %d reached, %s"
                                    % (self.manifest.concurrency, detail))
            request = prepare_request(body, call_id, self.config, self.manifest)
            result = self._run(request, call_id, slot)
            response = {"error_code": OK, "error_msg": "success", "output_files": result["output_files"],
                        "arg_map": result["arg_map"]}
        except CallError as exc:
            response = {"error_code": exc.code, "error_msg": exc.msg, "output_files": [], "arg_map": {}}
        except Exception as exc:  # a fault of the runtime itself, not of the algorithm
            log("error", "runtime error", call_id=call_id, error=_describe(exc), traceback=traceback.format_exc())
            response = {"error_code": CRASHED, "error_msg": "kiln runtime error: " + _describe(exc),
                        "output_files": [], "arg_map": {}}
        finally:
            if slot is not None:
                slot.release()
        elapsed = time.perf_counter() - started
        response["elapsed_ms"] = round(elapsed * 1000.0, 3)
        response["call_id"] = call_id
        self.metrics.observe(elapsed, response["error_code"] != OK)
        fields = {"error_code": response["error_code"], "elapsed_ms": response["elapsed_ms"]}
        if response["error_code"] != OK:
            fields["error_msg"] = response["error_msg"]
        log("info" if response["error_code"] == OK else "error", "call", call_id=call_id, **fields)
        return status, response

    def _reject(self, status, call_id, message):
        self.metrics.reject()
        log("info", "call rejected", call_id=call_id, error_code=BUSY, error_msg=message)
        return status, {"error_code": BUSY, "error_msg": message, "output_files": [], "arg_map": {},
                        "elapsed_ms": 0.0, "call_id": call_id}

    def _run(self, request, call_id, slot):
        if self.entry.kind == "command":
            return self.entry.run(request, call_id, self.manifest.timeout)
        work_path = request["work_path"]  # read before predict can change the dict it is given
        raw = self._call_in_thread(lambda: self.entry.invoke(request, call_id), call_id, slot)
        who = "predict" if self.entry.kind == "python" else "native function"
        return validate_response(raw, work_path, self.manifest, who)

    def _call_in_thread(self, function, call_id, slot):
        """Runs the algorithm in a worker thread so a call can time out. A thread cannot
        be killed: a timed-out one keeps its slot and makes /healthz answer 503 until it returns."""
        box = {"done": False, "abandoned": False}
        box_lock = threading.Lock()
        started = time.perf_counter()

        def target():
            _tls.call_id = call_id
            try:
                box["result"] = function()
            except CallError as exc:
                box["error"] = exc
            except BaseException as exc:
                box["error"] = CallError(CRASHED, _describe(exc))
                box["traceback"] = _user_traceback(exc)
            finally:
                _flush_captured()
                with box_lock:
                    box["done"] = True
                    abandoned = box["abandoned"]
                if abandoned:
                    with self.lock:
                        self.stuck -= 1
                    slot.free()
                    log("info", "timed-out call returned", call_id=call_id,
                        ran_ms=round((time.perf_counter() - started) * 1000.0, 3))

        worker = threading.Thread(target=target, name="kiln-call-%s" % call_id[:24])
        worker.daemon = True
        worker.start()
        worker.join(self.manifest.timeout)
        with box_lock:
            if not box["done"]:
                box["abandoned"] = True
                slot.handed_off = True
                with self.lock:
                    self.stuck += 1
                raise CallError(TIMEOUT, "call timed out after %gs; the algorithm is still running and the runtime "
                                         "reports unhealthy until it returns" % self.manifest.timeout)
        if "traceback" in box:
            log("error", "algorithm crashed", call_id=call_id, error=box["error"].msg, traceback=box["traceback"])
        if "error" in box:
            raise box["error"]
        return box["result"]

    def health(self):
        with self.lock:
            stuck = self.stuck
        if stuck:
            return 503, {"status": "unhealthy", "reason": "%d timed-out call(s) still running" % stuck}
        return 200, {"status": "ok"}

    def readiness(self):
        if self.stopping:
            return 503, {"ready": False, "reason": "shutting down"}
        if not self.ready:
            return 503, {"ready": False, "reason": "setup is running"}
        return 200, {"ready": True, "setup_ms": self.setup_ms}

    def metrics_text(self):
        with self.lock:
            in_flight, stuck = self.in_flight, self.stuck
        return self.metrics.render(in_flight, stuck)


# ---------------------------------------------------------------- HTTP


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kiln-runtime/" + RUNTIME_VERSION
    timeout = 300  # idle keep-alive connections are closed after this many seconds

    def setup(self):
        http.server.BaseHTTPRequestHandler.setup(self)
        try:  # with keep-alive, Nagle against delayed ACK would add ~40 ms per call
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_message(self, fmt, *args):  # the access log is the per-call event
        pass

    def log_error(self, fmt, *args):
        log("info", "http: " + (fmt % args), client=self.client_address[0])

    def _send(self, status, body, content_type="application/json", headers=()):
        """Writes status line, headers and body in one send."""
        if not isinstance(body, bytes):
            body = json.dumps(body).encode("utf-8")
        lines = ["HTTP/1.1 %d %s" % (status, self.responses.get(status, ("",))[0]),
                 "Content-Type: " + content_type, "Content-Length: %d" % len(body)]
        lines.extend("%s: %s" % pair for pair in headers)
        if self.close_connection:
            lines.append("Connection: close")
        elif self.request_version == "HTTP/1.0":
            lines.append("Connection: keep-alive")
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, total = [], 0
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY_BYTES:
                    raise ValueError("request body is larger than %d bytes" % MAX_BODY_BYTES)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or "0")
        if length < 0 or length > MAX_BODY_BYTES:
            raise ValueError("request body is larger than %d bytes" % MAX_BODY_BYTES)
        return self.rfile.read(length)

    def _path(self):
        return self.path.split("?", 1)[0]

    def _not_found(self):
        self._send(404, {"error_code": BAD_REQUEST, "error_msg": "no endpoint %s %s (POST /invoke, GET /healthz, "
                                                                 "GET /readyz, GET /metrics)" % (self.command, self._path())})

    def _wrong_method(self):
        self._send(405, {"error_code": BAD_REQUEST, "error_msg": "%s is not allowed on %s"
                                                                 % (self.command, self._path())},
                   headers=[("Allow", "POST" if self._path() == "/invoke" else "GET")])

    def do_GET(self):
        runtime = self.server.runtime
        path = self._path()
        if path == "/healthz":
            self._send(*runtime.health())
        elif path == "/readyz":
            self._send(*runtime.readiness())
        elif path == "/metrics":
            self._send(200, runtime.metrics_text().encode("utf-8"), "text/plain; version=0.0.4; charset=utf-8")
        elif path == "/invoke":
            self._wrong_method()
        else:
            self._not_found()

    def do_POST(self):
        try:
            body = self._read_body()
        except ValueError as exc:
            self.close_connection = True
            self._send(413 if "larger" in str(exc) else 400, {"error_code": BAD_REQUEST, "error_msg": str(exc)})
            return
        path = self._path()
        if path == "/invoke":
            call_id = "".join(ch for ch in (self.headers.get("X-Kiln-Call-Id") or "").strip()[:128]
                              if 32 < ord(ch) < 127) or uuid.uuid4().hex
            status, response = self.server.runtime.invoke(body, call_id)
            self._send(status, response, headers=[("X-Kiln-Call-Id", call_id)])
        elif path in ("/healthz", "/readyz", "/metrics"):
            self._wrong_method()
        else:
            self._not_found()

    def _other_method(self):
        try:
            self._read_body()
        except ValueError:
            self.close_connection = True
        if self._path() in ("/invoke", "/healthz", "/readyz", "/metrics"):
            self._wrong_method()
        else:
            self._not_found()

    do_PUT = do_DELETE = do_PATCH = _other_method


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def server_bind(self):
        # HTTPServer.server_bind calls socket.getfqdn(), a DNS lookup that can hang offline.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[0], self.server_address[1]


# ---------------------------------------------------------------- main


def main():
    global _LOG_OUT
    _LOG_OUT = sys.stdout.buffer
    try:
        config = Config(os.environ)
        manifest = load_manifest(config.manifest_path)
        if not os.path.isdir(config.app_dir):
            raise ManifestError("KILN_APP_DIR %s is not a folder" % config.app_dir)
        try:
            os.makedirs(config.work_root, exist_ok=True)
        except OSError as exc:
            raise ManifestError("cannot create KILN_WORK_ROOT %s: %s" % (config.work_root, exc))
        config.work_root = os.path.realpath(config.work_root)
        entry = make_entry(manifest, config)
    except ManifestError as exc:
        log("error", "bad configuration: %s" % exc)
        return 2

    os.chdir(config.app_dir)
    sys.path.insert(0, config.app_dir)
    sys.stdout = _CapturedStream("stdout", "info", sys.__stdout__)
    sys.stderr = _CapturedStream("stderr", "error", sys.__stderr__)
    runtime = Runtime(config, manifest, entry)
    if ":" in config.host:
        Server.address_family = socket.AF_INET6
    try:
        server = Server((config.host, config.port), Handler)
    except OSError as exc:
        log("error", "cannot listen on %s:%d: %s" % (config.host, config.port, exc))
        return 2
    server.runtime = runtime
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="kiln-http")
    serving.daemon = True
    serving.start()

    def on_signal(number, frame):
        if not runtime.ready:
            log("info", "stopped during setup", signal=_signal_name(number))
            os._exit(128 + number)
        runtime.stop_event.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    log("info", "startup", name=manifest.name, entry_kind=entry.kind, host=config.host,
        port=server.server_address[1], pid=os.getpid(), python=sys.version.split()[0],
        runtime_version=RUNTIME_VERSION, app_dir=config.app_dir, work_root=config.work_root,
        concurrency=manifest.concurrency, timeout=manifest.timeout)

    started = time.perf_counter()
    try:
        entry.setup()
    except BaseException as exc:
        _flush_captured()
        log("error", "setup failed: %s" % _describe(exc), traceback=_user_traceback(exc))
        return 3
    _flush_captured()
    seconds = time.perf_counter() - started
    runtime.metrics.setup_seconds = seconds
    runtime.setup_ms = round(seconds * 1000.0, 3)
    runtime.ready = True
    log("info", "ready", setup_ms=runtime.setup_ms)

    while not runtime.stop_event.wait(1.0):
        pass
    runtime.stopping = True
    log("info", "shutting down", in_flight=runtime.in_flight)
    server.shutdown()
    deadline = time.monotonic() + config.drain_seconds
    while runtime.in_flight > runtime.stuck and time.monotonic() < deadline:
        time.sleep(0.05)
    server.server_close()
    log("info", "stopped", in_flight=runtime.in_flight)
    return 0


if __name__ == "__main__":
    status = main()
    try:
        sys.__stdout__.flush()
    finally:
        # os._exit: threads the algorithm started (or one stuck in a timed-out call)
        # must not keep a process alive that has decided to stop.
        os._exit(status)
