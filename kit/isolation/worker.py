"""The worker: the only process that runs the learner's code during graded or `--isolate` runs.

It starts inside the OS sandbox (kit.isolation.sandbox builds the command), lowers its own limits, imports
one `qN/solution.py`, then answers the judge's requests one at a time: attribute reads, calls,
`len`, iteration and indexing on the solution module or on objects it keeps (handles). Requests
come from the judge (trusted) as pickles; answers go back as `kit.isolation.wire` messages of plain data.
Objects the judge passes (models, optimizers, schedulers, parameters) are kept as mirrors whose
state is exchanged around every call (kit.isolation.mirrors); the judge's random state is set before each
call, so a learner's function draws what it would draw in the judge's process (the worker only
says whether it drew; the judge never takes its state back).
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import random
import resource
import sys
import traceback
from pathlib import Path
from typing import Any

from kit.isolation.protocol import OUTPUT_LIMIT, Batches, Ref, TokenizerRef, random_state, read_frame, write_frame

# ---------------------------------------------------------------- the worker


class Worker:
    """The worker's state: the solution module, handles, mirrors and the last fingerprints."""

    def __init__(self, solution: Path, question: str):
        self.question = question
        self.solution_path = solution
        self.module = None
        self.import_error: str | None = None
        self.objects: dict[int, Any] = {}
        self.mirrors: dict[str, Any] = {}
        self.marks: dict[str, int] = {}
        self.tensor_marks: dict[str, dict | None] = {}  # each module mirror's tensors at the last exchange
        self.tokenizers: dict[str, Any] = {}
        self.next_id = 1
        self.current_encoder = None

    def load(self) -> None:
        name = f"kit_solution_{self.question}"
        spec = importlib.util.spec_from_file_location(name, self.solution_path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException as exc:
            del sys.modules[name]
            self.import_error = f"{type(exc).__name__}: {exc}"
            return
        self.module = module

    # ------------------------------------------------------------ requests

    def handle_request(self, request: dict) -> dict:
        from kit.isolation import mirrors

        for mid in request.get("drop", ()):
            self.mirrors.pop(mid, None)
            self.marks.pop(mid, None)
            self.tensor_marks.pop(mid, None)
        for handle in request.get("release", ()):
            self.objects.pop(handle, None)
        for mid, spec in request.get("mirrors", ()):
            self.receive_mirror(mid, spec)
        set_random_state(request.get("random"))
        reply: dict[str, Any] = {}
        try:
            if self.module is None:
                reply["import_error"] = self.import_error
            else:
                args = self.resolve(request.get("args", ()))
                kwargs = self.resolve(request.get("kwargs", {}))
                reply["value"] = self.run(request["op"], request.get("target"), request.get("name"), args, kwargs)
        except StopIteration:
            reply["stop"] = True
        except BaseException as exc:
            reply["error"] = self.describe(exc)
        # Whether the call drew random numbers: the judge then moves its own generators on (never to ours).
        reply["drew"] = not _same_random_state(request.get("random"), random_state())
        changed = []
        for mid, obj in self.mirrors.items():
            mark = mirrors.fingerprint(obj)
            if mark != self.marks.get(mid):  # only what changed since the last exchange goes back
                changed.append((mid, mirrors.state(obj, self.tensor_marks.get(mid))))
                self.marks[mid] = mark
                self.tensor_marks[mid] = mirrors.tensor_marks(obj)
        reply["sync"] = changed
        return reply

    def run(self, op: str, target: int | None, name: str | None, args: tuple, kwargs: dict) -> Any:
        obj = self.module if target is None else self.objects[target]
        if op == "getattr":
            return getattr(obj, name)
        if op == "call":
            return obj(*args, **kwargs)
        if op == "len":
            return len(obj)
        if op == "iter":
            return iter(obj)
        if op == "next":
            return next(obj)
        if op == "getitem":
            return obj[args[0]]
        if op == "contains":
            return args[0] in obj
        if op == "repr":
            return repr(obj)[:2000]
        if op == "str":
            return str(obj)[:20000]
        if op == "bool":
            return bool(obj)
        if op == "probe":
            return self.probe(name)
        raise ValueError(f"unknown operation {op!r}")

    def probe(self, name: str) -> Any:
        """Install one of the kit's probes (kit.isolation.probes) here; a handle to read it through."""
        from kit.isolation.probes import PROBES

        recorder = PROBES[name]()
        recorder.install()
        return recorder

    def receive_mirror(self, mid: str, spec: tuple) -> None:
        from kit.isolation import mirrors

        kind, payload, new = spec
        if not new:
            mirrors.apply(self.mirrors[mid], payload)
        elif kind == "module" and type(payload) is dict:
            model = payload["rebuild"](payload["config"])
            mirrors.apply(model, payload["state"])
            self.mirrors[mid] = model
        elif kind in ("module", "tensor"):
            self.mirrors[mid] = payload
        elif kind == "optimizer":
            self.mirrors[mid] = mirrors.rebuild_optimizer(payload["cls"], payload["groups"], self.param_of,
                                                          payload["state"])
        elif kind == "scheduler":
            scheduler = payload["cls"].__new__(payload["cls"])
            scheduler.__dict__.update(payload["dict"])
            scheduler.optimizer = self.mirrors[payload["optimizer"]]
            self.mirrors[mid] = scheduler
        self.marks[mid] = mirrors.fingerprint(self.mirrors[mid])
        self.tensor_marks[mid] = mirrors.tensor_marks(self.mirrors[mid])

    def param_of(self, ref: tuple) -> Any:
        if ref[0] == "m":
            return dict(self.mirrors[ref[1]].named_parameters())[ref[2]]
        return self.mirrors[ref[1]]

    def resolve(self, value: Any) -> Any:
        kind = type(value)
        if kind is Ref:
            return self.objects[value.id] if value.kind == "handle" else self.mirrors[value.id]
        if kind is TokenizerRef:
            if value.name not in self.tokenizers:
                from transformers import AutoTokenizer

                self.tokenizers[value.name] = AutoTokenizer.from_pretrained(value.name)
            return self.tokenizers[value.name]
        if kind is Batches:
            return Batches([self.resolve(b) for b in value], len(value.dataset), value.batch_size)
        if kind in (list, tuple):
            return kind(self.resolve(v) for v in value)
        if kind is dict:
            return {k: self.resolve(v) for k, v in value.items()}
        return value

    def describe(self, exc: BaseException) -> dict:
        """The exception as plain data: type, message, the traceback, the question's function it came from."""
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if Path(f.filename).resolve() == self.solution_path.resolve()]
        # Where the learner's own code was, as pytest shows a frame (the kit's and libraries' frames left out).
        where = "".join(f"{self.question}/solution.py:{f.lineno}: in {f.name}\n    {(f.line or '').strip()}\n"
                        for f in ours)
        last = traceback.format_exception_only(exc)[-1]
        return {"type": type(exc).__name__, "builtin": type(exc).__module__ == "builtins",
                "message": str(exc)[:4000], "traceback": (where + last)[-4000:],
                "function": ours[0].name if ours else None}

    # ------------------------------------------------------------ answers

    def encode_reply(self, reply: dict) -> bytes:
        from kit.isolation import wire

        encoder = self.current_encoder = wire.Encoder(self.as_handle)
        body: dict[str, Any] = {"output": reply.get("output", "")}
        for key in ("import_error", "stop", "error"):
            if key in reply:
                body[key] = encoder.encode(reply[key])
        if "value" in reply:
            try:
                body["value"] = encoder.encode(reply["value"])
            except Exception as exc:
                body.pop("value", None)
                body["error"] = encoder.encode(self.describe(exc))
        body["drew"] = reply["drew"]
        body["sync"] = [[mid, encoder.encode(state)] for mid, state in reply["sync"]]
        return wire.pack(body, encoder.tensors)

    def as_handle(self, value: Any) -> dict:
        """What the judge gets for a value that is not plain data: a mirror, a rebuilt object, or a handle."""
        import torch

        for mid, obj in self.mirrors.items():
            if obj is value:
                return {"$": "mirror", "id": mid}
        built = self.rebuildable(value, torch)
        if built is not None:
            return built
        handle = self.next_id
        self.next_id += 1
        self.objects[handle] = value
        kind = type(value)
        name = getattr(value, "__name__", None) if callable(value) else None
        return {"$": "handle", "id": handle, "type": f"{kind.__module__}.{kind.__qualname__}",
                "mro": [f"{k.__module__}.{k.__qualname__}" for k in kind.__mro__],
                "name": name if type(name) is str else None}

    def new_mirror(self, value: Any) -> str:
        from kit.isolation import mirrors

        mid = f"w{self.next_id}"
        self.next_id += 1
        self.mirrors[mid] = value
        self.marks[mid] = mirrors.fingerprint(value)
        self.tensor_marks[mid] = mirrors.tensor_marks(value)
        return mid

    def rebuildable(self, value: Any, torch) -> dict | None:
        """Optimizers over mirrored parameters, Hugging Face models and model outputs, as data."""
        import transformers
        from transformers.modeling_outputs import ModelOutput

        from kit.isolation import mirrors

        kind = type(value)
        if kind.__module__.startswith("torch.optim") and isinstance(value, torch.optim.Optimizer):
            names = {}
            for mid, obj in self.mirrors.items():
                if isinstance(obj, torch.nn.Module):
                    names.update({id(p): ["m", mid, n] for n, p in obj.named_parameters()})
                elif isinstance(obj, torch.Tensor):
                    names[id(obj)] = ["t", mid]
            params = [p for g in value.param_groups for p in g["params"]]
            if not all(id(p) in names for p in params):
                return None
            groups = mirrors.optimizer_groups(value, lambda p: names[id(p)])
            encoder = self.current_encoder  # nested values share the reply's tensor table
            return {"$": "optimizer", "cls": kind.__name__, "id": self.new_mirror(value),
                    "groups": encoder.encode(groups), "state": encoder.encode(value.state_dict())}
        if isinstance(value, transformers.PreTrainedModel) and getattr(transformers, kind.__name__, None) is kind:
            encoder = self.current_encoder  # nested values share the reply's tensor table
            return {"$": "model", "cls": kind.__name__, "config": value.config.to_json_string(),
                    "id": self.new_mirror(value), "state": encoder.encode(mirrors.state(value))}
        if isinstance(value, ModelOutput) and kind.__module__ == "transformers.modeling_outputs":
            encoder = self.current_encoder  # nested values share the reply's tensor table
            return {"$": "output", "cls": kind.__name__, "k": list(value.keys()),
                    "v": [encoder.encode(v) for v in value.values()]}
        return None


def set_random_state(states: dict | None) -> None:
    if not states:
        return
    import numpy as np
    import torch

    torch.set_rng_state(states["torch"])
    random.setstate(states["random"])
    np.random.set_state(states["numpy"])


def _same_random_state(before: dict | None, after: dict) -> bool:
    import numpy as np
    import torch

    return (before is not None and before["random"] == after["random"]
            and torch.equal(before["torch"], after["torch"])
            and np.array_equal(before["numpy"][1], after["numpy"][1]) and before["numpy"][2:] == after["numpy"][2:])


def lower_limits(memory_mb: int, cpu_s: int) -> None:
    """Limits the learner's code cannot raise again: memory, CPU time, processes, file size, open files."""
    def cap(which: int, value: int) -> None:
        soft, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, value))

    cap(resource.RLIMIT_AS, memory_mb << 20)
    cap(resource.RLIMIT_CPU, cpu_s)
    cap(resource.RLIMIT_NPROC, 512)
    cap(resource.RLIMIT_FSIZE, 2 << 30)
    cap(resource.RLIMIT_NOFILE, 512)
    cap(resource.RLIMIT_CORE, 0)


def drop_privileges(uid: int) -> None:
    """Under the sandbox as root: become an unprivileged user for good (all capabilities go with it),
    and let nothing started later gain privileges again (no_new_privs: set-uid programs stay plain)."""
    if os.getuid() == 0 and uid:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS


def main() -> None:
    """`python -c ... kit.isolation.worker.main SOLUTION QUESTION MEMORY_MB CPU_S UID`: the protocol on stdin/stdout."""
    serve(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))


def serve(solution: Path, question: str, memory_mb: int, cpu_s: int, uid: int) -> None:
    """Become the learner's worker (fds 0 and 1 carry the protocol, 2 is the start-up log) and answer
    requests until the judge closes the pipe. Started cold by kit.isolation.launch or forked by
    kit.isolation.zygote."""
    drop_privileges(uid)
    lower_limits(memory_mb, cpu_s)
    # The protocol keeps the original stdin/stdout; the learner's prints go to a file sent with each answer.
    requests = os.fdopen(os.dup(0), "rb", buffering=0)
    answers = os.fdopen(os.dup(1), "wb")
    output_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"kit-worker-{os.getpid()}.out"
    output = os.open(output_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(output, 1)
    os.dup2(output, 2)
    sys.stdout = open(1, "w", buffering=1, closefd=False)
    sys.stderr = open(2, "w", buffering=1, closefd=False)
    import torch

    from kit.isolation import wire

    torch.set_num_threads(int(os.environ.get("KIT_TORCH_THREADS", "1")))
    worker = Worker(solution, question)
    worker.load()
    # Ready: the judge starts timing calls only now (start-up is not a test's time).
    write_frame(answers, wire.pack({"ready": True}, {}))
    seen = 0
    while True:
        frame = read_frame(requests)
        if frame is None:
            return
        reply = worker.handle_request(pickle.loads(frame))
        sys.stdout.flush()
        sys.stderr.flush()
        size = os.fstat(output).st_size
        text = os.pread(output, min(size - seen, OUTPUT_LIMIT), seen).decode("utf-8", "replace") if size > seen else ""
        seen = size
        try:
            message = worker.encode_reply({**reply, "output": text})
        except Exception as exc:
            message = wire.pack({"error": {"$": "dict", "k": ["type", "builtin", "message"],
                                           "v": [type(exc).__name__, False, f"could not send the result: {exc}"]},
                                 "drew": False, "sync": []}, {})
        write_frame(answers, message)


if __name__ == "__main__":
    main()
