"""What the tests compare against stays out of the learner's reach in isolated runs.

Two rules, kept by the judge (kit.isolation.remote applies them to every reply; the `reference_solution`
fixture wraps the reference in `Oracle`):

- **Shared objects are read-only to the learner.** The values of fixtures wider than one test
  (the session's encoder, a module's classifier, the tokenizer) are `protect`ed when the fixture
  is set up. A learner call may change its own copy of one in the worker, but the change is never
  applied to the judge's object, and the worker's copy is reset from the judge's before the next
  call: every later test, and the reference, see the object as the fixture made it.
- **The reference never runs on what a learner call changed.** An object of the test's own (a
  fresh classifier, a copied model, an optimizer) takes the learner's in-place changes, since a
  question may ask for them (`freeze_encoder(model)`, a training step) and the test inspects
  that object. Once changed by the learner it is `touch`ed; the reference refuses it (and any
  container, model or optimizer holding it) with `OracleError`, naming the learner's function.
  A test that needs the reference's answer for such an object gives the reference its own copy
  made by the judge.

Tensors passed as arguments are sent by value and the learner's in-place changes to them never
come back; the global random state the judge draws from is never set by the learner (kit.isolation.remote).
"""

from __future__ import annotations

import weakref
from typing import Any

import torch

_DEPTH = 4  # how deep containers are searched (fixture values, reference arguments)


class OracleError(Exception):
    """The reference was given an object that a learner call changed in place."""

    def __init__(self, message: str, function: str | None):
        super().__init__(message)
        self.kit_function = function


class _Registry:
    """Objects by identity, each forgotten when it is collected (ids are reused afterwards)."""

    def __init__(self):
        self.entries: dict[int, tuple[weakref.ref, Any]] = {}

    def add(self, obj: Any, note: Any = None) -> None:
        key = id(obj)
        try:
            ref = weakref.ref(obj, lambda _r, key=key: self.entries.pop(key, None))
        except TypeError:  # a type without weak references (int, str): nothing to protect
            return
        self.entries[key] = (ref, note)

    def get(self, obj: Any) -> tuple[bool, Any]:
        entry = self.entries.get(id(obj))
        if entry is None or entry[0]() is not obj:
            return False, None
        return True, entry[1]

    def clear(self) -> None:
        self.entries.clear()


_protected = _Registry()
_touched = _Registry()


def _parts(obj: Any) -> list[Any]:
    """`obj` and what a change to it would reach: a model's modules and parameters, an optimizer's parameters."""
    if isinstance(obj, torch.nn.Module):
        return [*obj.modules(), *obj.parameters()]
    if isinstance(obj, torch.optim.Optimizer):
        return [obj, *(p for group in obj.param_groups for p in group["params"])]
    return [obj]


def _walk(value: Any, depth: int = 0):
    """The mirrorable objects in `value` (through lists, tuples, dicts and their parts)."""
    if depth > _DEPTH:
        return
    if type(value) in (list, tuple):
        for v in value:
            yield from _walk(v, depth + 1)
    elif type(value) is dict:
        for v in value.values():
            yield from _walk(v, depth + 1)
    elif isinstance(value, torch.nn.Module | torch.optim.Optimizer | torch.Tensor):
        yield from _parts(value)
    elif isinstance(value, torch.optim.lr_scheduler.LRScheduler):
        yield value
        yield from _parts(value.optimizer)


def protect(value: Any) -> None:
    """Make every model, optimizer, scheduler and tensor in a fixture's value read-only to learner calls."""
    for obj in _walk(value):
        _protected.add(obj)


def protected(obj: Any) -> bool:
    """Whether a learner call may never change `obj` as the judge sees it."""
    return _protected.get(obj)[0]


def touch(obj: Any, function: str | None) -> None:
    """Record that a learner call (`function`, e.g. "q7.freeze_encoder") changed `obj` in place."""
    for part in _parts(obj):
        if not _touched.get(part)[0]:
            _touched.add(part, function)


def touched_by(value: Any) -> tuple[bool, str | None]:
    """(True, the learner's function) when `value` holds something a learner call changed."""
    for obj in _walk(value):
        found, function = _touched.get(obj)
        if found:
            return True, function
    return False, None


def forget() -> None:
    """Drop every record (a new session of tests)."""
    _protected.clear()
    _touched.clear()


class Oracle:
    """The reference module as the tests see it in isolated runs: its functions refuse learner-changed input."""

    def __init__(self, module: Any, question: str):
        self._module = module
        self._question = question

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._module, name)
        if not callable(value) or isinstance(value, type):
            return value

        def guarded(*args, **kwargs):
            __tracebackhide__ = True
            changed, function = touched_by((args, kwargs))
            if changed:
                from kit.messages import msg

                raise OracleError(msg("oracle.touched", function=function or self._question,
                                      reference=f"{self._question}.{name}"),
                                  function.rpartition(".")[2] if function else None)
            return value(*args, **kwargs)

        guarded.__name__ = getattr(value, "__name__", name)
        guarded.__doc__ = getattr(value, "__doc__", None)
        return guarded

    def __repr__(self) -> str:
        return f"<reference {self._question}/solution.py, guarded>"
