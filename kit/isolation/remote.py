"""The judge's side of isolation: a stand-in for the learner's module whose calls run in the worker.

`RemoteSolution` answers `solution.encode(...)` by sending the call to the worker (kit.isolation.worker) and
decoding the answer (kit.isolation.wire): plain values arrive as exact built-in types; models, optimizers
and model outputs the learner returns are rebuilt here from data; anything else stays in the
worker and arrives as a `Handle` whose attribute reads, calls, `len`, iteration and indexing run
there. Models, optimizers and schedulers the tests pass keep their mirrors in the worker in step
(kit.isolation.mirrors): the learner's in-place changes reach the test's own objects, never a shared
fixture's, and mark them as changed for the reference's guard (kit.isolation.oracle); tensor arguments go
by value; the judge's random state goes to the worker, never back. Every reply is bounded before
it is read or built (kit.isolation.wire.Limits). A worker that dies, hangs or sends garbage fails the call
it was in; the next call starts a fresh worker.
"""

from __future__ import annotations

import builtins
import json
import os
import pickle
import random
import select
import signal
import stat
import struct
import subprocess
import sys
import time
import weakref
from pathlib import Path
from typing import Any

import torch

from kit.impl import ImplError
from kit.isolation import mirrors, oracle, wire
from kit.isolation.outfiles import WORKER_AREA
from kit.isolation.protocol import OUTPUT_LIMIT, Batches, Ref, StepTable, TokenizerRef, random_state
from kit.messages import msg
from kit.records import Kind


class WorkerFailure(Exception):
    """The learner's process died, ran past its limit or sent something that is not plain data.

    `kit_kind` says which (a kit.records.Kind), never in words of the message's language.
    """

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kit_kind = kind


class LearnerError(Exception):
    """An exception of a type defined outside Python's builtins, raised by the learner's code."""


class Handle:
    """An object that stays in the worker; what is done to it here is done to it there."""

    def __init__(self, session: RemoteSession, handle: int, kind: str, mro: list[str], label: str | None = None):
        object.__setattr__(self, "_kit", (session, handle, session.generation, kind, tuple(mro), label))
        weakref.finalize(self, session.release, handle, session.generation)

    @property
    def kit_type(self) -> str:
        """The qualified name of the object's class in the worker ("module.Class")."""
        return self._kit[3]

    @property
    def kit_mro(self) -> tuple[str, ...]:
        """The qualified names of the object's classes, most derived first (as the worker reports them)."""
        return self._kit[4]

    def _ask(self, op: str, *args, name: str | None = None, **kwargs):
        __tracebackhide__ = True  # pytest shows the test and the learner's frames, not the kit's plumbing
        session, handle, generation = self._kit[:3]
        if generation != session.generation:
            raise WorkerFailure(Kind.GONE, msg("worker.gone"))
        return session.request(op, handle, name, args, kwargs, label=self._kit[5])

    def __getattr__(self, name: str):
        __tracebackhide__ = True
        if name.startswith("__"):
            raise AttributeError(name)
        return self._ask("getattr", name=name)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError("objects that live in the learner's process are read-only here")

    def __call__(self, *args, **kwargs):
        __tracebackhide__ = True  # pytest shows the test and the learner's frames, not the kit's plumbing
        return self._ask("call", *args, **kwargs)

    def __len__(self) -> int:
        value = self._ask("len")
        if type(value) is not int:
            raise TypeError("len() of a learner object is not an int")
        return value

    def __iter__(self):
        iterator = self._ask("iter")
        while True:
            try:
                yield iterator._ask("next")
            except StopIteration:
                return

    def __getitem__(self, key):
        return self._ask("getitem", key)

    def __contains__(self, item) -> bool:
        return self._ask("contains", item) is True

    def __bool__(self) -> bool:
        return self._ask("bool") is True

    def __repr__(self) -> str:
        try:
            text = self._ask("repr")
        except Exception:
            text = None
        return text if type(text) is str else f"<{self.kit_type} in the learner's process>"

    def __str__(self) -> str:
        text = self._ask("str")
        return text if type(text) is str else repr(self)


class RemoteSolution:
    """The learner's `qN/solution.py` as the tests see it in isolated runs."""

    def __init__(self, session: RemoteSession):
        self._session = session

    def __getattr__(self, name: str):
        __tracebackhide__ = True
        if name.startswith("__"):
            raise AttributeError(name)
        return self._session.request("getattr", None, name)

    def __repr__(self) -> str:
        return f"<isolated {self._session.question}/solution.py>"


def install_probe(solution: RemoteSolution, probe: str) -> Handle:
    """Install one of the kit's probes (kit.isolation.probes) in the worker that runs `solution`'s code."""
    return solution._session.request("probe", None, probe)


STARTUP_S = 60.0  # importing torch, transformers and the solution, on a busy machine (or the call limit if longer)


class WorkerProcess:
    """One running worker: its process (cold, or forked by kit.isolation.zygote) and the two pipes of the protocol."""

    def __init__(self, process, log: Path, limits: wire.Limits = wire.LIMITS):
        self.log = log
        self.ready = False
        self.process = process  # subprocess.Popen, or kit.isolation.zygote.ForkedWorker
        self.limits = limits

    def wait_ready(self, timeout_s: float) -> None:
        """Wait for the worker's first message (it has imported the solution); raise if it never comes."""
        if not self.ready:
            structure, _ = wire.unpack(self.receive(timeout_s), self.limits)
            if type(structure) is not dict or structure.get("ready") is not True:
                raise wire.ProtocolError("the worker did not start properly")
            self.ready = True

    def send(self, data: bytes) -> None:
        self.process.stdin.write(struct.pack("<Q", len(data)) + data)
        self.process.stdin.flush()

    def receive(self, timeout_s: float) -> bytes:
        header = self._read(8, timeout_s)
        (size,) = struct.unpack("<Q", header)
        if size > self.limits.frame:  # refused before a byte of it is read
            raise wire.TooLarge(f"{size:,} bytes, over the {self.limits.frame:,} a reply may take")
        return self._read(size, timeout_s)

    def _read(self, size: int, timeout_s: float) -> bytes:
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout_s
        chunks, got = [], 0
        while got < size:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(fd, min(size - got, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def out_of_memory(self) -> bool:
        """Whether the sandbox's memory budget was hit (its cgroup's OOM killer fired)."""
        group = getattr(self.process, "group", None)
        return group is not None and group.oom_kills() > 0

    def ending(self) -> str:
        """How the process ended, and the last lines it wrote before its output was redirected."""
        try:
            code = self.process.wait(timeout=1)  # its pipe closed a moment before its end is known
        except subprocess.TimeoutExpired:
            return "it stopped answering"
        reason = getattr(self.process, "death_reason", None)  # the budget's own account, where there is one
        if reason is not None:
            said = reason(code)
        elif code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals.__members__.values() else str(-code)
            said = f"it was killed by {name}"
        else:
            said = f"it exited with code {code}"
        try:
            tail = self.log.read_bytes()[-600:].decode("utf-8", "replace").strip()
        except OSError:
            tail = ""
        return f"{said}{': ' + tail.splitlines()[-1] if tail else ''}"


class RemoteSession:
    """The judge's bookkeeping for one question's worker: mirrors, handles, the process itself."""

    def __init__(self, question: str, launch, timeout_s: float, shared: list[Path] | None = None,
                 limits: wire.Limits = wire.LIMITS):
        self.question = question
        self.limits = limits
        self.calling: str | None = None  # the learner's function of the call in flight ("q7.freeze_encoder")
        self.shared = [p.resolve() for p in shared or []]  # folders the judge writes and the worker reads
        self.share = False
        self.launch = launch  # () -> (started worker process, its log path)
        self.timeout_s = timeout_s
        self.process: WorkerProcess | None = None
        self.generation = 0
        self.next_mirror = 0
        self.mirror_ids: dict[int, str] = {}
        self.objects: dict[str, weakref.ref] = {}
        self.marks: dict[str, int] = {}
        self.tensor_marks: dict[str, dict | None] = {}  # each module mirror's tensors at the last exchange
        self.pending: list[tuple[str, tuple]] = []
        self.dropped: list[str] = []
        self.released: list[int] = []
        self.broken: str | None = None  # set when importing the solution ends its process (each call then fails)
        self.broken_kind = ""

    # ------------------------------------------------------------ lifetime

    def start(self) -> None:
        """Start the worker now (its imports overlap with the judge's own setup)."""
        if self.process is None:
            self.process = WorkerProcess(*self.launch(), self.limits)
            self.generation += 1

    def wait_ready(self) -> None:
        """Start the worker if needed and wait until it has imported the solution (failures are left
        for the first call to report)."""
        self.start()
        try:
            self._ready()
        except (TimeoutError, EOFError, wire.ProtocolError, WorkerFailure):
            pass

    def _ready(self) -> None:
        """Wait for the worker to import the solution; one that never finishes importing is stopped for good."""
        limit = max(STARTUP_S, self.timeout_s)
        try:
            self.process.wait_ready(limit)
        except TimeoutError:
            self._restart()
            self.broken_kind = Kind.IMPORT_TIMEOUT
            self.broken = msg("worker.import_timeout", question=self.question, limit=limit)
            raise WorkerFailure(self.broken_kind, self.broken) from None

    def close(self) -> None:
        self._restart()

    def release(self, handle: int, generation: int) -> None:
        if generation == self.generation:
            self.released.append(handle)

    # ------------------------------------------------------------ mirrors

    def _forget(self, mid: str) -> None:
        self.objects.pop(mid, None)
        self.marks.pop(mid, None)
        self.tensor_marks.pop(mid, None)
        self.mirror_ids = {k: v for k, v in self.mirror_ids.items() if v != mid}
        self.dropped.append(mid)

    def _register(self, obj: Any, mid: str) -> None:
        self.mirror_ids[id(obj)] = mid
        self.objects[mid] = weakref.ref(obj, lambda _ref, mid=mid: self._forget(mid))
        self.marks[mid] = mirrors.fingerprint(obj)
        self.tensor_marks[mid] = mirrors.tensor_marks(obj)

    def mirror(self, obj: Any) -> str:
        """The mirror id of `obj`, queuing its first copy or its changed state for the next request."""
        mid = self.mirror_ids.get(id(obj))
        ref = self.objects.get(mid) if mid is not None else None
        if ref is not None and ref() is obj:
            mark = mirrors.fingerprint(obj)
            if mark != self.marks[mid]:  # only what changed since the last exchange goes
                self.pending.append((mid, (mirrors.kind_of(obj), mirrors.state(obj, self.tensor_marks.get(mid)),
                                           False)))
                self.marks[mid] = mark
                self.tensor_marks[mid] = mirrors.tensor_marks(obj)
            return mid
        kind = mirrors.kind_of(obj)
        if kind == "optimizer":
            payload = self._optimizer_spec(obj)
        elif kind == "scheduler":
            payload = {"cls": _importable(type(obj)), "optimizer": self.mirror(obj.optimizer),
                       "dict": {k: _tabled(k, v, obj) for k, v in obj.__dict__.items() if k != "optimizer"}}
        else:
            payload = _module_payload(obj) if kind == "module" else obj
        self.next_mirror += 1
        mid = f"j{self.next_mirror}"
        self.pending.append((mid, (kind, payload, True)))
        self._register(obj, mid)
        return mid

    def _optimizer_spec(self, optimizer: torch.optim.Optimizer) -> dict:
        owners = {}
        for mid, ref in self.objects.items():
            obj = ref()
            if isinstance(obj, torch.nn.Module):
                owners.update({id(p): ("m", mid, n) for n, p in obj.named_parameters()})

        def name_of(param):
            return owners.get(id(param)) or ("t", self.mirror(param))

        groups = mirrors.optimizer_groups(optimizer, name_of)
        return {"cls": _importable(type(optimizer)), "groups": groups, "state": optimizer.state_dict()}

    def _param_of(self, ref) -> Any:
        if not isinstance(ref, list | tuple) or not ref or ref[0] not in ("m", "t"):
            raise wire.ProtocolError("bad parameter reference")
        obj = self.objects.get(ref[1], lambda: None)() if isinstance(ref[1], str) else None
        if obj is None:
            raise wire.ProtocolError("reference to an unknown object")
        if ref[0] == "m":
            params = dict(obj.named_parameters())
            if len(ref) != 3 or ref[2] not in params:
                raise wire.ProtocolError("reference to an unknown parameter")
            return params[ref[2]]
        return obj

    # ------------------------------------------------------------ packing what the tests pass

    def pack(self, value: Any) -> Any:
        if isinstance(value, Handle):
            session, handle, generation = value._kit[:3]
            if session is not self or generation != self.generation:
                raise WorkerFailure(Kind.GONE, msg("worker.gone"))
            return Ref("handle", handle)
        kind = mirrors.kind_of(value)
        if kind == "tensor" and id(value) not in self.mirror_ids:
            return value  # by value: what the learner's code does to it in place never comes back
        if kind is not None:
            return Ref("mirror", self.mirror(value))
        if type(value) in (list, tuple):
            return type(value)(self.pack(v) for v in value)
        if type(value) is dict:
            return {k: self.pack(v) for k, v in value.items()}
        tokenizer = _tokenizer_name(value)
        if tokenizer:
            self._note_path(tokenizer)
            return TokenizerRef(tokenizer)
        if isinstance(value, str | Path):
            self._note_path(value)
        if isinstance(value, torch.utils.data.DataLoader):
            batches = [self.pack(b) for b in value]
            samples = len(value.dataset) if hasattr(value.dataset, "__len__") else 0
            return Batches(batches, samples, value.batch_size)
        return value

    def _note_path(self, value: str | Path) -> None:
        """A path into the folders the judge shares with the worker: make them readable before the call."""
        if self.shared and str(value).startswith(tuple(map(str, self.shared))):
            self.share = True

    def _modules_first(self, value: Any) -> None:
        """Mirror every model among the arguments before anything that refers to their parameters."""
        if isinstance(value, torch.nn.Module):
            self.mirror(value)
        elif type(value) in (list, tuple):
            for v in value:
                self._modules_first(v)
        elif type(value) is dict:
            for v in value.values():
                self._modules_first(v)

    # ------------------------------------------------------------ one request

    def request(self, op: str, target: int | None, name: str | None, args: tuple = (), kwargs: dict | None = None,
                label: str | None = None):
        __tracebackhide__ = True  # pytest shows the test and the learner's frames, not the kit's plumbing
        kwargs = kwargs or {}
        what = f"{self.question}.{name}" if name else f"{self.question} ({op})"
        if self.broken:
            raise WorkerFailure(self.broken_kind, f"{what}: {self.broken}")
        self.start()
        self.calling = f"{self.question}.{label or name}" if (label or name) else None
        self.share = False
        self._modules_first((args, kwargs))
        for _mid, ref in list(self.objects.items()):  # what the test changed since the last call
            obj = ref()
            if obj is not None:
                self.mirror(obj)
        body = {"op": op, "target": target, "name": name, "args": self.pack(args), "kwargs": self.pack(kwargs),
                "mirrors": self.pending, "drop": self.dropped, "release": self.released,
                "random": random_state()}
        try:
            data = pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            self._restart()  # what was queued for the worker cannot go; start again from a clean slate
            raise TypeError(f"the kit cannot pass these arguments to the learner's process: {exc}") from None
        self.pending, self.dropped, self.released = [], [], []
        if self.share:
            _readable(self.shared)
        try:
            self._ready()
            self.process.send(data)
            message = self.process.receive(self.timeout_s)
            structure, tensors = wire.unpack(message, self.limits)
            del message
            raised, value = self._answer(structure, tensors)
        except wire.TooLarge as exc:
            self._restart()  # the reply was refused unread or half read: the worker's state is unknown
            raise WorkerFailure(Kind.TOO_LARGE, msg("worker.too_large", what=what, error=exc)) from None
        except (TimeoutError, EOFError, BrokenPipeError, wire.ProtocolError, mirrors.StateError) as exc:
            ending = self.process.ending() if self.process else ""
            oom = self.process.out_of_memory() if self.process else False
            importing = self.process is not None and not self.process.ready
            self._restart()
            if importing and not isinstance(exc, TimeoutError):
                # Importing the solution ends its process: so would every restart. One message for all calls.
                self.broken_kind = Kind.ENDED_IMPORTING
                self.broken = msg("worker.ended_importing", question=self.question, ending=ending)
                raise WorkerFailure(self.broken_kind, f"{what}: {self.broken}") from None
            if isinstance(exc, TimeoutError):
                raise WorkerFailure(Kind.CALL_TIMEOUT, msg("worker.call_timeout", what=what, limit=self.timeout_s)) \
                    from None
            if isinstance(exc, wire.ProtocolError | mirrors.StateError):
                raise WorkerFailure(Kind.GARBAGE, msg("worker.garbage", what=what, error=exc)) from None
            kind = Kind.MEMORY if oom else Kind.ENDED
            raise WorkerFailure(kind, msg("worker.ended", what=what, ending=ending)) from None
        except BaseException:
            self._restart()  # a test timeout or Ctrl-C in the middle of a call: the worker's state is unknown
            raise
        if raised:
            raise value
        return value

    def _restart(self) -> None:
        """Stop the worker and forget everything it held (mirrors, queued state); the next call starts anew."""
        if self.process is not None:
            self.process.stop()
        self.process = None
        self.mirror_ids.clear()
        self.objects.clear()
        self.marks.clear()
        self.tensor_marks.clear()
        self.pending, self.dropped, self.released = [], [], []

    def _answer(self, structure: Any, tensors: dict) -> tuple[bool, Any]:
        """(True, the exception to raise) or (False, the value), after applying what the worker changed."""
        if type(structure) is not dict:
            raise wire.ProtocolError("an answer must be an object")
        decoder = wire.Decoder(tensors, handle=self._handle, extra={
            "mirror": self._decode_mirror, "optimizer": self._decode_optimizer, "model": self._decode_model,
            "output": self._decode_output}, limits=self.limits)
        output = structure.get("output")
        if type(output) is str and output:
            sys.stdout.write(output[-OUTPUT_LIMIT:])
        if structure.get("drew") is True:
            _advance_random()
        for entry in _list(structure.get("sync")):
            if type(entry) is not list or len(entry) != 2 or type(entry[0]) is not str:
                raise wire.ProtocolError("bad state entry")
            obj = self.objects.get(entry[0], lambda: None)()
            new = decoder.decode(entry[1])
            if obj is None:
                continue
            if oracle.protected(obj):
                self._refuse_change(entry[0], new)
                continue
            mirrors.apply(obj, new)
            oracle.touch(obj, self.calling)
            self.marks[entry[0]] = mirrors.fingerprint(obj)
            self.tensor_marks[entry[0]] = mirrors.tensor_marks(obj)
        if structure.get("import_error") is not None:
            return True, ImplError(msg("worker.importing_failed", question=self.question,
                                       error=decoder.decode(structure["import_error"])))
        if "error" in structure:
            return True, _exception(decoder.decode(structure["error"]))
        if structure.get("stop") is True:
            return True, StopIteration()
        return False, decoder.decode(structure.get("value"))

    def _refuse_change(self, mid: str, new: Any) -> None:
        """A learner call changed its copy of a shared object: the judge's stays as it is, and the worker's
        copy is set back from it before the next call (only the flags when only flags changed)."""
        self.marks[mid] = None
        if not (type(new) is dict and new.get("partial") is True):
            self.tensor_marks[mid] = None

    def _handle(self, node: dict) -> Handle:
        mro = node.get("mro")
        if (type(node.get("id")) is not int or type(node.get("type")) is not str or type(mro) is not list
                or not all(type(m) is str for m in mro)):
            raise wire.ProtocolError("bad handle")
        label = node.get("name")
        return Handle(self, node["id"], node["type"][:200], [m[:200] for m in mro[:50]],
                      label[:100] if type(label) is str else None)

    def _decode_mirror(self, node: dict, decoder, depth: int) -> Any:
        obj = self.objects.get(node.get("id"), lambda: None)() if type(node.get("id")) is str else None
        if obj is None:
            raise wire.ProtocolError("reference to an unknown object")
        return obj

    def _new_mirror_id(self, node: dict) -> str:
        mid = node.get("id")
        if type(mid) is not str or not mid.startswith("w") or mid in self.objects:
            raise wire.ProtocolError("bad object id")
        return mid

    def _decode_optimizer(self, node: dict, decoder, depth: int) -> torch.optim.Optimizer:
        cls = getattr(torch.optim, decoder.field(node, "cls", str), None)
        if not (isinstance(cls, type) and issubclass(cls, torch.optim.Optimizer)):
            raise wire.ProtocolError("not an optimizer of torch.optim")
        mid = self._new_mirror_id(node)
        groups = decoder.decode(node.get("groups"), depth + 1)
        if type(groups) is not list or not all(type(g) is dict and type(g.get("params")) is list
                                               and type(g.get("options")) is dict for g in groups):
            raise wire.ProtocolError("bad parameter groups")
        try:
            built = mirrors.rebuild_optimizer(cls, groups, self._param_of, decoder.decode(node.get("state"), depth + 1))
        except (TypeError, ValueError, KeyError, RuntimeError) as exc:
            raise wire.ProtocolError(f"optimizer that cannot be rebuilt ({exc})") from None
        self._register(built, mid)
        return built

    def _decode_model(self, node: dict, decoder, depth: int) -> torch.nn.Module:
        import transformers

        cls = getattr(transformers, decoder.field(node, "cls", str), None)
        if not (isinstance(cls, type) and issubclass(cls, transformers.PreTrainedModel)):
            raise wire.ProtocolError("not a model class of transformers")
        mid = self._new_mirror_id(node)
        state = decoder.decode(node.get("state"), depth + 1)
        try:
            config = cls.config_class.from_dict(json.loads(decoder.field(node, "config", str)))
            _fits(cls, config, state)
            model = cls(config)
        except (TypeError, ValueError, KeyError, RuntimeError, AttributeError) as exc:
            raise wire.ProtocolError(f"model that cannot be rebuilt ({exc})") from None
        mirrors.apply(model, state)
        self._register(model, mid)
        return model

    def _decode_output(self, node: dict, decoder, depth: int):
        from transformers import modeling_outputs

        cls = getattr(modeling_outputs, decoder.field(node, "cls", str), None)
        if not (isinstance(cls, type) and issubclass(cls, modeling_outputs.ModelOutput)):
            raise wire.ProtocolError("not a model output class of transformers")
        keys = decoder.field(node, "k", list)
        values = [decoder.decode(v, depth + 1) for v in decoder.field(node, "v", list)]
        if len(keys) != len(values) or not all(type(k) is str for k in keys):
            raise wire.ProtocolError("bad model output")
        try:
            return cls(**dict(zip(keys, values, strict=True)))
        except TypeError as exc:
            raise wire.ProtocolError(f"bad model output ({exc})") from None


def _fits(cls: type, config: Any, state: Any) -> None:
    """Refuse a model whose configuration asks for more than the tensors that came with it.

    A model the learner's code made (`load_encoder`, a trained classifier) arrives as its config and
    its whole state; the sizes in the config are the worker's choice. The model is built first on
    torch's meta device (no memory), and only when every parameter and buffer it would allocate is
    one that arrived, of the same shape, is it built for real: then it takes no more memory than the
    reply that was already within its limits.
    """
    if type(state) is not dict or state.get("partial") is not False:
        raise ValueError("a new model must come with all its tensors")
    params, buffers = state.get("params"), state.get("buffers")
    if type(params) is not dict or type(buffers) is not dict:
        raise ValueError("bad model state")
    with torch.device("meta"):
        skeleton = cls(config)
    for table, arrived in ((dict(skeleton.named_parameters()), params), (dict(skeleton.named_buffers()), buffers)):
        for name, tensor in table.items():
            got = arrived.get(name)
            if type(got) not in (torch.Tensor, torch.nn.Parameter) or tuple(got.shape) != tuple(tensor.shape):
                raise ValueError(f"its config asks for {name} {tuple(tensor.shape)}, which did not arrive")


def _readable(roots: list[Path]) -> None:
    """Let the worker's user read what the judge wrote under `roots` (some libraries save files 0600)."""
    for root in roots:
        for folder, dirs, files in os.walk(root):
            if folder == str(root) and WORKER_AREA in dirs:
                dirs.remove(WORKER_AREA)  # the worker's own files: never walked as root (it may swap in links)
            for name in [folder, *(os.path.join(folder, f) for f in files)]:
                try:  # never through a link the worker may have planted: open the file itself, then chmod it
                    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                except OSError:
                    continue
                try:
                    mode = os.fstat(fd).st_mode
                    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
                        os.fchmod(fd, mode | (0o555 if stat.S_ISDIR(mode) else 0o444))
                finally:
                    os.close(fd)


def _list(value: Any) -> list:
    if value is None:
        return []
    if type(value) is not list:
        raise wire.ProtocolError("expected a list")
    return value


def _importable(cls: type) -> type:
    """`cls` when the worker can import it by name (torch's own classes); a clear error otherwise."""
    if not cls.__module__.startswith("torch."):
        raise TypeError(f"the kit cannot pass a {cls.__qualname__} (defined in {cls.__module__}) to the learner's "
                        "process; tests pass torch's own optimizer and scheduler classes")
    return cls


def _module_payload(module: torch.nn.Module) -> Any:
    """How a model first travels to the worker: a Hugging Face model as its class, config and state
    (rebuilt there, so no hook or cache the judge's copy picked up at run time goes along); any
    other module as itself."""
    import transformers

    cls = type(module)
    if isinstance(module, transformers.PreTrainedModel) and getattr(transformers, cls.__name__, None) is cls:
        return {"rebuild": cls, "config": module.config, "state": mirrors.state(module)}
    return module


STEP_TABLE_LENGTH = 100_000


def _tabled(name: str, value: Any, scheduler) -> Any:
    """A LambdaLR's factor functions as tables of their values by step (the functions may be local)."""
    if name != "lr_lambdas" or type(value) is not list:
        return value
    try:
        pickle.dumps(value)
        return value
    except (pickle.PicklingError, TypeError, AttributeError):
        horizon = max(0, scheduler.last_epoch) + STEP_TABLE_LENGTH
        return [StepTable([float(f(step)) for step in range(horizon)]) for f in value]


def _tokenizer_name(value: Any) -> str | None:
    """The `from_pretrained` name of a tokenizer the worker can load itself, or None."""
    from transformers import PreTrainedTokenizerBase

    if not isinstance(value, PreTrainedTokenizerBase):
        return None
    name = getattr(value, "name_or_path", "") or ""
    if name and Path(name).exists():
        name = str(Path(name).resolve())  # the worker's working folder is not the judge's
    return name or None


def _advance_random() -> None:
    """After a learner call drew random numbers, move the judge's generators on from their own state.

    The learner's code draws from the state the judge sent; taking back the state the worker reports
    would let it choose every number the judge (the tests' inputs, the reference) draws next. Seeding
    from a digest of the judge's own state keeps runs reproducible, a reseeded test identical, and
    two calls in a row drawing different numbers, as in one process.
    """
    import hashlib

    import numpy as np

    digest = hashlib.sha256(torch.get_rng_state().numpy().tobytes())
    digest.update(repr(random.getstate()).encode())
    digest.update(np.random.get_state()[1].tobytes())
    seed = int.from_bytes(digest.digest()[:8], "little")
    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed % (1 << 32))


def _exception(info: Any) -> Exception:
    """The learner's exception, rebuilt here from its type name and message (never from an object)."""
    if type(info) is not dict or type(info.get("type")) is not str or type(info.get("message")) is not str:
        raise wire.ProtocolError("bad error report")
    name, message = info["type"][:100], info["message"][:4000]
    cls = getattr(builtins, name, None) if info.get("builtin") is True else None
    exc = None
    if isinstance(cls, type) and issubclass(cls, Exception):
        try:
            exc = cls(message)
        except TypeError:
            exc = None
    if exc is None:
        exc = LearnerError(f"{name}: {message}")
    function = info.get("function")
    exc.kit_function = function if type(function) is str else None
    trace = info.get("traceback")
    if type(trace) is str and trace:
        exc.add_note(msg("worker.where") + "\n" + trace.rstrip())
    return exc
