"""Assertions with messages a learner can act on: question, function, expected, actual.

Shapes are checked before values, exact comparisons are used for ids, masks and counts,
and every float comparison takes the tolerance its caller chose. Every check accepts any
value a learner's function may return (a list where a Tensor belongs, None, a NumPy array):
a wrong type is reported as such, never as a crash inside the check.

Messages come from the catalogue in kit/messages.py (Korean, or English with KIT_LANG=en):
`what` and `fail`'s message are catalogue keys (a test's English fragment) or `t(...)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import torch

from kit.messages import Text, msg, render, t

__all__ = ["KitFailure", "Text", "check_close", "check_dtype", "check_equal", "check_keys", "check_shape",
           "check_tensor_equal", "check_type", "fail", "t"]

Message = str | Text


class KitFailure(AssertionError):
    """A check failed; `where` is "qN.function", which the report turns into a hint pointer."""

    def __init__(self, where: str, message: Message):
        super().__init__(msg("check.failure", where=where, message=render(message)))
        self.where = where


def check_type(value: Any, expected: type | tuple[type, ...], where: str, what: Message = "returned") -> None:
    """`value` must be an instance of `expected`.

    An object that stayed in the learner's process (an isolated run's handle) is judged by the
    classes its process reports for it; only what it then does is checked against the lesson.
    """
    kinds = expected if isinstance(expected, tuple) else (expected,)
    mro = getattr(type(value), "kit_mro", None) and value.kit_mro
    if mro and any(f"{k.__module__}.{k.__qualname__}" in mro for k in kinds):
        return
    if not isinstance(value, expected):
        names = msg("check.type.or").join(kind.__name__ for kind in kinds)
        actual = value.kit_type.rpartition(".")[2] if mro else type(value).__name__
        raise KitFailure(where, t("check.type", what=render(what), actual=actual, expected=names))


def check_keys(mapping: Any, keys: Sequence[str], where: str) -> None:
    """`mapping` must be a dict (any Mapping, e.g. a BatchEncoding) holding every key in `keys`."""
    check_type(mapping, Mapping, where)
    missing = [k for k in keys if k not in mapping]
    if missing:
        present = sorted(map(repr, mapping))
        raise KitFailure(where, t("check.keys", missing=missing, present=", ".join(present)))


def check_shape(tensor: Any, where: str, what: Message = "returned", **dims: int) -> None:
    """`tensor` must be a plain torch.Tensor (or Parameter) of exactly the named dimensions, in order.

    A Tensor subclass is refused: its __torch_function__ could answer any comparison.
    """
    _check_plain_tensor(tensor, where, what)
    expected = tuple(dims.values())
    if tuple(tensor.shape) != expected:
        named = ", ".join(f"{name}={size}" for name, size in dims.items())
        raise KitFailure(where, t("check.shape", what=render(what), actual=tuple(tensor.shape), named=named))


def check_dtype(tensor: Any, dtype: torch.dtype, where: str, what: Message = "returned") -> None:
    """`tensor` must be a plain Tensor of dtype `dtype` (e.g. ids must be torch.long)."""
    _check_plain_tensor(tensor, where, what)
    if tensor.dtype != dtype:
        raise KitFailure(where, t("check.dtype", what=render(what), actual=tensor.dtype, expected=dtype))


def check_equal(actual: Any, expected: Any, where: str, what: Message = "returned") -> None:
    """Exact equality for plain values (lists of tokens, ids, strings, counts).

    A value whose comparison is not a plain True/False (a Tensor, an array) or raises is
    reported as the wrong type: the test expected a plain value. (`expected` may come from the
    learner's own code too, when a test compares two of its answers.)
    """
    if not _plainly_equal(actual, expected):
        if _holds_array(actual) and not _holds_array(expected):
            check_type(actual, type(expected), where, what)
        raise KitFailure(where, t("check.equal", what=render(what), actual=_short(actual),
                                  expected=_short(expected)))


def check_tensor_equal(actual: Any, expected: torch.Tensor, where: str, what: Message = "returned") -> None:
    """Same shape and dtype family, then exact element-wise equality, naming the first difference.

    `expected` may be the learner's own answer to another input: it is checked to be a Tensor first.
    """
    _check_plain_tensor(expected, where, what)
    check_shape(actual, where, what, **{f"dim{i}": n for i, n in enumerate(expected.shape)})
    # Compared on the CPU: with --device, a result may sit on the model's GPU and the expectation not.
    actual, expected = actual.detach().cpu(), expected.detach().cpu()
    converted = actual.to(expected.dtype)
    if not torch.equal(converted, expected):
        index = tuple(int(i) for i in (converted != expected).nonzero()[0])
        raise KitFailure(where, t("check.tensor_equal", what=render(what), index=index,
                                  got=actual[index].item(), expected=expected[index].item()))


def check_close(
    actual: Any, expected: torch.Tensor, where: str, *, atol: float, rtol: float, what: Message = "returned"
) -> None:
    """Same shape, then values within the caller's tolerance, naming the largest difference.

    `expected` may be the learner's own answer to another input: it is checked to be a Tensor first.
    """
    _check_plain_tensor(expected, where, what)
    check_shape(actual, where, what, **{f"dim{i}": n for i, n in enumerate(expected.shape)})
    actual, expected = actual.detach().cpu().to(expected.dtype), expected.detach().cpu()
    if not torch.allclose(actual, expected, atol=atol, rtol=rtol):
        diff = (actual - expected).abs()
        if not torch.isfinite(diff).all():
            index = tuple(int(i) for i in torch.nonzero(~torch.isfinite(diff))[0])
            raise KitFailure(where, t("check.not_finite", what=render(what), index=index,
                                      got=actual[index].item()))
        index = tuple(int(i) for i in torch.nonzero(diff == diff.max())[0])
        raise KitFailure(where, t("check.close", what=render(what), diff=f"{diff.max().item():.3g}", index=index,
                                  got=f"{actual[index].item():.6g}", expected=f"{expected[index].item():.6g}",
                                  atol=atol, rtol=rtol))


def fail(where: str, message: Message) -> None:
    """Fail with a kit message (for conditions the helpers above do not cover)."""
    raise KitFailure(where, message)


def _check_plain_tensor(tensor: Any, where: str, what: Message) -> None:
    check_type(tensor, torch.Tensor, where, what)
    if type(tensor) not in (torch.Tensor, torch.nn.Parameter):
        raise KitFailure(where, t("check.subclass", what=render(what), actual=type(tensor).__name__))


def _plainly_equal(actual: Any, expected: Any) -> bool:
    """`actual == expected` when that comparison gives a plain bool; False when it gives anything else."""
    try:
        result = actual == expected
        if isinstance(result, bool):
            return result
        # NumPy's scalars (a pandas count) compare to a numpy.bool_: plain enough.
        return type(result).__module__ == "numpy" and getattr(result, "shape", None) == () and bool(result)
    except Exception:
        return False


def _holds_array(value: Any) -> bool:
    """A Tensor or array-like (NumPy, pandas) whose `==` is element-wise."""
    return isinstance(value, torch.Tensor) or hasattr(value, "__array__")


def _short(value: Any, limit: int = 300) -> str:
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."
