"""The state of objects that live on both sides of the isolation boundary, read and applied alike.

A model, optimizer, scheduler or parameter the judge passes to learner code gets a copy in the
worker (its mirror). Before a call the judge sends the state of what changed on its side; after
the call the worker sends back the state of what changed on its side, and the judge applies it
to its own objects (unless kit.isolation.oracle keeps them read-only), so `freeze_encoder(model)` or
`train_epoch(model, ..., optimizer, ...)` leave the test's objects as they would in one process.
A fingerprint tells cheaply whether an object changed since the last exchange; a module whose
tensors did not change sends its flags alone.
States are plain data (tensors, numbers, names) so they can cross as `kit.isolation.wire` messages;
applying one checks names and shapes.
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


def _submodules(root: torch.nn.Module) -> list[torch.nn.Module]:
    """`root` and every module below it, each once (one walk; named_modules is a generator per level)."""
    seen, stack, found = set(), [root], []
    while stack:
        module = stack.pop()
        if id(module) in seen:
            continue
        seen.add(id(module))
        found.append(module)
        stack.extend(child for child in module._modules.values() if child is not None)
    return found


def fingerprint(obj: Any) -> int:
    """A number that changes whenever the object's state (as `state` reads it) may have changed.

    Computed around every call for every mirrored object, so it reads each module's own tables once:
    which modules (by identity), their mode, parameter and buffer names, and each tensor's mark.
    """
    kind = kind_of(obj)
    if kind == "module":
        # A tensor's _version counts its in-place changes (resize_ too); data_ptr tells a new tensor.
        marks: list = []
        add = marks.append
        for module in _submodules(obj):
            add(id(module))
            add(module.training)
            params, buffers = module._parameters, module._buffers
            if params:
                add(tuple(params))
                for p in params.values():
                    if p is None:
                        add(None)
                        continue
                    grad = p.grad
                    add((p._version, p.data_ptr(), p.requires_grad,
                         None if grad is None else (grad._version, grad.data_ptr())))
            if buffers:
                add(tuple(buffers))
                for b in buffers.values():
                    add(None if b is None else (b._version, b.data_ptr()))
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


def _mark(t: torch.Tensor | None) -> tuple | None:
    # The sum sees writes that versions miss (`p.data.normal_()`); NaN never equals, so it sends all.
    if t is None:
        return None
    return (t._version, t.data_ptr(), tuple(t.shape), float(t.detach().sum(dtype=torch.float64)))


def tensor_marks(obj: Any) -> dict[str, tuple | None] | None:
    """For a module: a mark per parameter and gradient, kept after each exchange so that the next
    state can leave the tensors out when only flags changed (`state(obj, since=...)`); None otherwise."""
    if kind_of(obj) != "module":
        return None
    marks: dict[str, tuple | None] = {}
    for name, param in obj.named_parameters():
        marks["p:" + name] = _mark(param)
        marks["g:" + name] = _mark(param.grad)
    return marks


def state(obj: Any, since: dict[str, tuple | None] | None = None) -> dict:
    """The object's state as plain data.

    For a module whose parameters and gradients all still carry the marks `since` (its
    tensor_marks at the last exchange), only the flags cross (requires_grad, train/eval) with the
    buffers ("partial"): `freeze_encoder(model)` sends no weights. Any other change sends the whole
    state: a changed tensor cannot be trusted to be the only one (`p.data` writes and some kernels,
    e.g. BatchNorm's running statistics, do not count as versions; the marks' sums catch most).
    """
    kind = kind_of(obj)
    if kind == "module":
        params = dict(obj.named_parameters())
        flags_only = since is not None and tensor_marks(obj) == since
        return {
            "params": {} if flags_only else {n: p.detach() for n, p in params.items()},
            "requires_grad": {n: p.requires_grad for n, p in params.items()},
            "grads": {} if flags_only else {n: p.grad.detach() for n, p in params.items() if p.grad is not None},
            "buffers": {n: b.detach() for n, b in obj.named_buffers()},
            "training": {n: m.training for n, m in obj.named_modules()},
            "partial": flags_only,
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
    flags_only = new.get("partial") is True
    if set(params) != set(new["requires_grad"]) or (not flags_only and set(params) != set(new["params"])):
        changed = sorted(set(params) ^ set(new["requires_grad"]))[:3]
        raise ValueError(f"the parameters changed (e.g. {changed}); replacing a model's layers is not supported")
    for name, param in params.items():
        param.requires_grad_(bool(new["requires_grad"][name]))
        if flags_only:
            continue  # its values and gradient are those of the last exchange
        _copy_into(param, new["params"][name], name)
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
