"""The state of objects that live on both sides of the isolation boundary, read and applied alike.

A model, optimizer, scheduler or parameter the judge passes to learner code gets a copy in the
worker (its mirror). Before a call the judge sends the state of what changed on its side; after
the call the worker sends back the state of what changed on its side, and the judge applies it
to its own objects, so `freeze_encoder(model)` or `train_epoch(model, ..., optimizer, ...)` leave
the judge's objects as they would in one process. A fingerprint tells cheaply whether an object
changed since the last exchange. States are plain data (tensors, numbers, names) so they can
cross as `kit.wire` messages; applying one checks names and shapes.
"""

from __future__ import annotations

from typing import Any

import torch


class StateError(Exception):
    """A state that does not fit the object it is applied to."""


def kind_of(obj: Any) -> str | None:
    """Which kind of mirrored object `obj` is ("module", "optimizer", "scheduler", "tensor"), or None."""
    if isinstance(obj, torch.nn.Module):
        return "module"
    if isinstance(obj, torch.optim.Optimizer):
        return "optimizer"
    if isinstance(obj, torch.optim.lr_scheduler.LRScheduler):
        return "scheduler"
    if isinstance(obj, torch.Tensor):
        return "tensor"
    return None


def _tensor_mark(t: torch.Tensor | None) -> tuple:
    if t is None:
        return (None,)
    return (t._version, t.data_ptr(), tuple(t.shape), t.requires_grad)


def fingerprint(obj: Any) -> int:
    """A number that changes whenever the object's state (as `state` reads it) may have changed."""
    kind = kind_of(obj)
    if kind == "module":
        marks = [(n, _tensor_mark(p), _tensor_mark(p.grad)) for n, p in obj.named_parameters()]
        marks += [(n, _tensor_mark(b)) for n, b in obj.named_buffers()]
        marks += [(n, m.training) for n, m in obj.named_modules()]
        return hash(tuple(marks))
    if kind == "optimizer":
        groups = [tuple(sorted((k, repr(v)) for k, v in g.items() if k != "params")) for g in obj.param_groups]
        state = [tuple((k, _tensor_mark(v) if isinstance(v, torch.Tensor) else repr(v)) for k, v in s.items())
                 for s in obj.state.values()]
        return hash((tuple(groups), tuple(state)))
    if kind == "scheduler":
        return hash(repr(sorted((k, repr(v)) for k, v in obj.state_dict().items())))
    if kind == "tensor":
        return hash((_tensor_mark(obj), _tensor_mark(obj.grad)))
    raise TypeError(f"not a mirrored kind: {type(obj).__name__}")


def state(obj: Any) -> dict:
    """The object's state as plain data."""
    kind = kind_of(obj)
    if kind == "module":
        params = dict(obj.named_parameters())
        return {
            "params": {n: p.detach() for n, p in params.items()},
            "requires_grad": {n: p.requires_grad for n, p in params.items()},
            "grads": {n: p.grad.detach() for n, p in params.items() if p.grad is not None},
            "buffers": {n: b.detach() for n, b in obj.named_buffers()},
            "training": {n: m.training for n, m in obj.named_modules()},
        }
    if kind == "optimizer":
        return obj.state_dict()
    if kind == "scheduler":
        return {k: v for k, v in obj.state_dict().items() if not callable(v)}
    if kind == "tensor":
        return {"value": obj.detach(), "requires_grad": obj.requires_grad,
                "grad": None if obj.grad is None else obj.grad.detach()}
    raise TypeError(f"not a mirrored kind: {type(obj).__name__}")


def apply(obj: Any, new: dict) -> None:
    """Make `obj`'s state equal `new` in place (the object's identity and structure stay)."""
    kind = kind_of(obj)
    try:
        if kind == "module":
            _apply_module(obj, new)
        elif kind == "optimizer":
            obj.load_state_dict(new)
        elif kind == "scheduler":
            obj.load_state_dict({**obj.state_dict(), **new})
        elif kind == "tensor":
            _copy_into(obj, new["value"], "tensor")
            if obj.is_leaf:
                obj.requires_grad_(bool(new["requires_grad"]))
                obj.grad = None if new.get("grad") is None else new["grad"].clone()
        else:
            raise TypeError(f"not a mirrored kind: {type(obj).__name__}")
    except (KeyError, ValueError, TypeError, RuntimeError) as exc:
        raise StateError(f"{type(obj).__name__}: {exc}") from None


def _copy_into(target: torch.Tensor, value: torch.Tensor, name: str) -> None:
    if tuple(target.shape) != tuple(value.shape):
        raise ValueError(f"{name} changed shape from {tuple(target.shape)} to {tuple(value.shape)}")
    with torch.no_grad():
        target.copy_(value.to(target.device, target.dtype))


def _apply_module(module: torch.nn.Module, new: dict) -> None:
    params = dict(module.named_parameters())
    if set(params) != set(new["params"]):
        changed = sorted(set(params) ^ set(new["params"]))[:3]
        raise ValueError(f"the parameters changed (e.g. {changed}); replacing a model's layers is not supported")
    for name, param in params.items():
        _copy_into(param, new["params"][name], name)
        param.requires_grad_(bool(new["requires_grad"][name]))
        grad = new["grads"].get(name)
        param.grad = None if grad is None else grad.to(param.device, param.dtype).clone()
    buffers = dict(module.named_buffers())
    for name, value in new["buffers"].items():
        if name in buffers:
            _copy_into(buffers[name], value, name)
    modules = dict(module.named_modules())
    for name, training in new["training"].items():
        if name in modules:
            modules[name].training = bool(training)


def optimizer_groups(optimizer: torch.optim.Optimizer, name_of) -> list[dict]:
    """The optimizer's parameter groups with each parameter replaced by `name_of(param)`."""
    return [{"params": [name_of(p) for p in group["params"]],
             "options": {k: v for k, v in group.items() if k != "params"}} for group in optimizer.param_groups]


def rebuild_optimizer(cls: type, groups: list[dict], param_of, saved: dict) -> torch.optim.Optimizer:
    """An optimizer of class `cls` over the parameters `param_of(ref)` finds, with `saved` state loaded."""
    built = cls([{"params": [param_of(ref) for ref in g["params"]], **g["options"]} for g in groups])
    built.load_state_dict(saved)
    return built
