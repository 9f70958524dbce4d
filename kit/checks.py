"""Assertions with messages a learner can act on: question, function, expected, actual.

Shapes are checked before values, exact comparisons are used for ids, masks and counts,
and every float comparison takes the tolerance its caller chose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import torch


class KitFailure(AssertionError):
    """A check failed; `where` is "qN.function", which the report turns into a hint pointer."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where} {message}")
        self.where = where


def check_type(value: Any, expected: type | tuple[type, ...], where: str, what: str = "returned") -> None:
    """`value` must be an instance of `expected`."""
    if not isinstance(value, expected):
        names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        raise KitFailure(where, f"{what} a {type(value).__name__}; expected a {names}")


def check_keys(mapping: Any, keys: Sequence[str], where: str) -> None:
    """`mapping` must be a dict (any Mapping, e.g. a BatchEncoding) holding every key in `keys`."""
    check_type(mapping, Mapping, where)
    missing = [k for k in keys if k not in mapping]
    if missing:
        raise KitFailure(where, f"returned a dict without {missing}; it has {sorted(mapping)}")


def check_shape(tensor: Any, where: str, what: str = "returned", **dims: int) -> None:
    """`tensor` must be a plain torch.Tensor (or Parameter) of exactly the named dimensions, in order.

    A Tensor subclass is refused: its __torch_function__ could answer any comparison.
    """
    check_type(tensor, torch.Tensor, where, what)
    if type(tensor) not in (torch.Tensor, torch.nn.Parameter):
        raise KitFailure(where, f"{what} a {type(tensor).__name__} (a torch.Tensor subclass); return a plain "
                                "torch.Tensor")
    expected = tuple(dims.values())
    if tuple(tensor.shape) != expected:
        named = ", ".join(f"{name}={size}" for name, size in dims.items())
        raise KitFailure(where, f"{what} shape {tuple(tensor.shape)}; expected ({named})")


def check_dtype(tensor: torch.Tensor, dtype: torch.dtype, where: str, what: str = "returned") -> None:
    """`tensor` must have dtype `dtype` (e.g. ids must be torch.long)."""
    if tensor.dtype != dtype:
        raise KitFailure(where, f"{what} dtype {tensor.dtype}; expected {dtype}")


def check_equal(actual: Any, expected: Any, where: str, what: str = "returned") -> None:
    """Exact equality for plain values (lists of tokens, ids, strings, counts)."""
    if isinstance(actual, torch.Tensor) or isinstance(expected, torch.Tensor):
        raise TypeError("check_equal compares plain values; use check_tensor_equal for tensors")
    if actual != expected:
        raise KitFailure(where, f"{what} {_short(actual)}; expected {_short(expected)}")


def check_tensor_equal(actual: Any, expected: torch.Tensor, where: str, what: str = "returned") -> None:
    """Same shape and dtype family, then exact element-wise equality, naming the first difference."""
    check_shape(actual, where, what, **{f"dim{i}": n for i, n in enumerate(expected.shape)})
    # Compared on the CPU: with --device, a result may sit on the model's GPU and the expectation not.
    actual, expected = actual.detach().cpu(), expected.detach().cpu()
    if not torch.equal(actual.to(expected.dtype), expected):
        index = tuple(int(i) for i in (actual.to(expected.dtype) != expected).nonzero()[0])
        raise KitFailure(
            where,
            f"{what} differs at index {index}: got {actual[index].item()}, "
            f"expected {expected[index].item()}",
        )


def check_close(
    actual: Any, expected: torch.Tensor, where: str, *, atol: float, rtol: float, what: str = "returned"
) -> None:
    """Same shape, then values within the caller's tolerance, naming the largest difference."""
    check_shape(actual, where, what, **{f"dim{i}": n for i, n in enumerate(expected.shape)})
    actual, expected = actual.detach().cpu().to(expected.dtype), expected.detach().cpu()
    if not torch.allclose(actual, expected, atol=atol, rtol=rtol):
        diff = (actual - expected).abs()
        index = tuple(int(i) for i in torch.nonzero(diff == diff.max())[0])
        raise KitFailure(
            where,
            f"{what} is off by up to {diff.max().item():.3g} (at {index}: got "
            f"{actual[index].item():.6g}, expected {expected[index].item():.6g}; "
            f"allowed atol={atol}, rtol={rtol})",
        )


def fail(where: str, message: str) -> None:
    """Fail with a kit message (for conditions the helpers above do not cover)."""
    raise KitFailure(where, message)


def _short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
