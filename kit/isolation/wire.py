"""What the learner's worker may send the judge: plain data in a format that runs no code when read.

A message is JSON (the structure) followed by one safetensors blob (every tensor and array in it).
Tagged JSON objects (`{"$": tag, ...}`) carry what JSON cannot: tuples, dicts with non-string keys,
tensors, numpy arrays and scalars, DataFrames as columns, handles to objects left in the worker,
and the state of mirrored models and optimizers. The judge decodes only these tags, checks every
field, and builds values of exact built-in types, so nothing that arrives can carry its own
`__eq__`, `__bool__` or `__class__`.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors

MAGIC = b"KITW"
MAX_DEPTH = 64


@dataclass(frozen=True)
class Limits:
    """How large a reply may be, checked before what it describes is allocated.

    Chosen from the largest replies the tests exchange on the kit's model (`python bench/reply_sizes.py`,
    recorded in bench/README.md): a frame of 31.6 MB (Q9: a trained model with its gradients and
    AdamW's two moments, four times the model's 7.6 MB of weights), 1.04 MB of JSON, 202,758 values,
    strings of 997 characters. `for_model` scales the frame with a larger `--model`.
    """

    frame: int = 64 << 20  # bytes of one message (JSON and tensors)
    json: int = 8 << 20  # bytes of its JSON part
    nodes: int = 1_000_000  # values in its JSON structure
    string: int = 100_000  # characters of one string

    def for_model(self, state_bytes: int) -> Limits:
        """These limits with a frame for a model whose weights take `state_bytes`: four copies travel back
        at most (weights, gradients, two optimizer moments), with half as much again to spare."""
        frame = max(self.frame, (16 << 20) + 6 * state_bytes)
        return Limits(frame=frame, json=self.json, nodes=self.nodes, string=self.string)


LIMITS = Limits()
ARRAY_DTYPES = {"bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"}
TORCH_DTYPES = {str(d).removeprefix("torch."): d for d in (
    torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
    torch.float16, torch.bfloat16, torch.float32, torch.float64)}


class ProtocolError(Exception):
    """What the worker sent is not a well-formed message of plain data."""


# ---------------------------------------------------------------- encoding (worker side)


class Encoder:
    """Turns a value into JSON plus tensors; `handle` is called for anything that is not plain data."""

    def __init__(self, handle):
        self.tensors: dict[str, torch.Tensor] = {}
        self.handle = handle

    def tensor(self, value: torch.Tensor) -> dict:
        key = str(len(self.tensors))
        data = value.detach()
        if data.layout != torch.strided or data.dtype not in TORCH_DTYPES.values():
            raise TypeError(f"cannot send a tensor of layout {data.layout} and dtype {data.dtype}")
        self.tensors[key] = data.to("cpu").contiguous().clone()
        return {"$": "tensor", "i": key, "param": type(value) is torch.nn.Parameter,
                "grad": bool(value.requires_grad), "device": str(value.device)}

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise ValueError("value nested too deeply to send")
        kind = type(value)
        if value is None or kind in (bool, str, int):
            return value
        if kind is float:
            return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
        if kind in (torch.Tensor, torch.nn.Parameter):
            return self.tensor(value)
        if isinstance(value, np.generic) and kind.__module__ == "numpy" and value.dtype.name in ARRAY_DTYPES:
            return {"$": "npscalar", "dtype": value.dtype.name, "v": self.encode(value.item(), depth + 1)}
        if kind is np.ndarray and value.dtype.name in ARRAY_DTYPES:
            return {**self.tensor(torch.from_numpy(np.array(value, copy=True, order="C"))), "$": "ndarray"}
        if kind is list:
            return [self.encode(v, depth + 1) for v in value]
        if kind is tuple:
            return {"$": "tuple", "v": [self.encode(v, depth + 1) for v in value]}
        if kind is torch.Size:
            return {"$": "size", "v": [int(n) for n in value]}
        if kind is dict:
            return {"$": "dict", "k": [self.encode(k, depth + 1) for k in value],
                    "v": [self.encode(v, depth + 1) for v in value.values()]}
        if kind is torch.dtype:
            return {"$": "dtype", "v": str(value).removeprefix("torch.")}
        if kind is torch.device:
            return {"$": "device", "v": str(value)}
        frame = self.frame(value, depth)
        if frame is not None:
            return frame
        return self.handle(value)

    def frame(self, value: Any, depth: int) -> dict | None:
        """DataFrames and Series as columns; None for anything else."""
        import pandas as pd

        if type(value) is pd.DataFrame:
            return {"$": "frame", "columns": [self.encode(c, depth + 1) for c in value.columns],
                    "data": [self.column(value.iloc[:, i], depth) for i in range(value.shape[1])],
                    "index": self.column(value.index.to_series(), depth)}
        if type(value) is pd.Series:
            return {"$": "series", "name": self.encode(value.name, depth + 1), "data": self.column(value, depth),
                    "index": self.column(value.index.to_series(), depth)}
        return None

    def column(self, series, depth: int) -> Any:
        values = series.to_numpy()
        if values.dtype.name in ARRAY_DTYPES:
            return self.encode(values, depth + 1)
        return [self.encode(v.item() if isinstance(v, np.generic) else v, depth + 1) for v in values.tolist()]


def pack(structure: Any, tensors: dict[str, torch.Tensor]) -> bytes:
    """One message: magic, JSON length, JSON, then the tensors as safetensors."""
    text = json.dumps(structure, ensure_ascii=False, allow_nan=False).encode("utf-8")
    blob = save_tensors(tensors) if tensors else b""
    return MAGIC + struct.pack("<Q", len(text)) + text + blob


# ---------------------------------------------------------------- decoding (judge side)


class TooLarge(ProtocolError):
    """A well-formed reply over one of the limits (the learner's value, not the kit, is at fault)."""


def unpack(message: bytes, limits: Limits = LIMITS) -> tuple[Any, dict[str, torch.Tensor]]:
    """The JSON structure and the tensors of one message; ProtocolError when malformed, TooLarge when over
    a limit. Sizes are checked before the JSON is parsed or a tensor is built."""
    if message[:4] != MAGIC or len(message) < 12:
        raise ProtocolError("not a worker message")
    if len(message) > limits.frame:
        raise TooLarge(f"{len(message):,} bytes, over the {limits.frame:,} a reply may take")
    (length,) = struct.unpack("<Q", message[4:12])
    if length > len(message) - 12:
        raise ProtocolError("truncated message")
    if length > limits.json:
        raise TooLarge(f"{length:,} bytes of structure, over the {limits.json:,} a reply may take")
    try:
        structure = json.loads(message[12 : 12 + length].decode("utf-8"))
        blob = message[12 + length :]
        tensors = load_tensors(blob) if blob else {}
    except Exception as exc:
        raise ProtocolError(f"unreadable message ({type(exc).__name__})") from None
    return structure, tensors


class Decoder:
    """Builds plain values from a message; `handle` and `extra` build what the judge tracks itself."""

    def __init__(self, tensors: dict[str, torch.Tensor], handle=None, extra=None, limits: Limits = LIMITS):
        self.tensors = tensors
        self.handle = handle
        self.extra = extra or {}
        self.limits = limits
        self.nodes = 0
        self.used: set[str] = set()

    def decode(self, node: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise ProtocolError("message nested too deeply")
        self.nodes += 1
        if self.nodes > self.limits.nodes:
            raise TooLarge(f"more than {self.limits.nodes:,} values")
        kind = type(node)
        if kind is str and len(node) > self.limits.string:
            raise TooLarge(f"a string of {len(node):,} characters, over {self.limits.string:,}")
        if kind is int and abs(node) >= 1 << 64:
            raise TooLarge("an integer of more than 64 bits")
        if node is None or kind in (bool, str, int, float):
            return node
        if kind is list:
            return [self.decode(v, depth + 1) for v in node]
        if kind is not dict or type(node.get("$")) is not str:
            raise ProtocolError(f"unexpected {kind.__name__} in message")
        tag = node["$"]
        if tag == "float":
            text = self.field(node, "v", str)
            if text not in ("nan", "inf", "-inf"):
                raise ProtocolError("bad float")
            return float(text)
        if tag == "tuple":
            return tuple(self.decode(v, depth + 1) for v in self.field(node, "v", list))
        if tag == "size":
            return torch.Size(self.ints(self.field(node, "v", list)))
        if tag == "dict":
            keys, values = self.field(node, "k", list), self.field(node, "v", list)
            if len(keys) != len(values):
                raise ProtocolError("dict with unequal keys and values")
            result = {}
            for k, v in zip(keys, values, strict=True):
                key = self.decode(k, depth + 1)
                if not isinstance(key, str | int | float | bool | tuple | type(None)):
                    raise ProtocolError("dict key of a type that cannot be a key")
                result[key] = self.decode(v, depth + 1)
            return result
        if tag == "tensor":
            return self.tensor(node)
        if tag == "ndarray":
            array = self.tensor(node).detach().numpy().copy()
            if array.dtype.name not in ARRAY_DTYPES:
                raise ProtocolError("array of an unsupported dtype")
            return array
        if tag == "npscalar":
            dtype = self.field(node, "dtype", str)
            if dtype not in ARRAY_DTYPES:
                raise ProtocolError("numpy scalar of an unsupported dtype")
            value = self.decode(node.get("v"), depth + 1)
            if type(value) not in (bool, int, float):
                raise ProtocolError("numpy scalar that is not a number")
            return np.dtype(dtype).type(value)
        if tag == "dtype":
            name = self.field(node, "v", str)
            if name not in TORCH_DTYPES:
                raise ProtocolError("unknown dtype")
            return TORCH_DTYPES[name]
        if tag == "device":
            try:
                return torch.device(self.field(node, "v", str))
            except RuntimeError:
                raise ProtocolError("bad device") from None
        if tag in ("frame", "series"):
            return self.frame(node, depth)
        if tag == "handle" and self.handle is not None:
            return self.handle(node)
        if tag in self.extra:
            return self.extra[tag](node, self, depth)
        raise ProtocolError(f"unknown tag {tag!r}")

    @staticmethod
    def field(node: dict, name: str, kind: type) -> Any:
        value = node.get(name)
        if type(value) is not kind:
            raise ProtocolError(f"field {name!r} missing or of the wrong type")
        return value

    @staticmethod
    def ints(values: list) -> list[int]:
        if not all(type(v) is int for v in values):
            raise ProtocolError("expected integers")
        return values

    def tensor(self, node: dict) -> torch.Tensor:
        key = self.field(node, "i", str)
        if key not in self.tensors:
            raise ProtocolError("reference to a tensor not in the message")
        if key in self.used:  # each tensor once: a small blob must not turn into many copies
            raise ProtocolError("a tensor referred to twice")
        self.used.add(key)
        value = self.tensors[key]
        if type(value) is not torch.Tensor:
            raise ProtocolError("tensor of a foreign type")
        if node.get("grad") is True and value.is_floating_point():
            value = value.requires_grad_(True)
        if node.get("param") is True:
            value = torch.nn.Parameter(value, requires_grad=value.requires_grad)
        return value

    def frame(self, node: dict, depth: int):
        import pandas as pd

        index = self.decode(node.get("index"), depth + 1)
        if node["$"] == "series":
            return pd.Series(self.decode(node.get("data"), depth + 1), index=index,
                             name=self.decode(node.get("name"), depth + 1))
        columns = [self.decode(c, depth + 1) for c in self.field(node, "columns", list)]
        data = [self.decode(c, depth + 1) for c in self.field(node, "data", list)]
        if len(columns) != len(data):
            raise ProtocolError("frame with unequal columns and data")
        frame = pd.DataFrame({i: column for i, column in enumerate(data)}, index=index)
        frame.columns = columns
        return frame
