"""What crosses from the judge to the worker, and how frames are cut: the types in a request (the
judge's pickles hold only these besides plain values and tensors), the frame length prefix and the
random state both sides read. Imported by both sides (kit.isolation.remote, kit.isolation.worker).
"""

from __future__ import annotations

import random
import struct
from dataclasses import dataclass
from typing import Any

MAX_REQUEST = 2 << 30
OUTPUT_LIMIT = 20_000


# ---------------------------------------------------------------- what the judge's requests hold


@dataclass(frozen=True)
class Ref:
    """An object the worker already holds: a handle ("handle", n) or a mirror ("mirror", "j3")."""

    kind: str
    id: Any


@dataclass(frozen=True)
class TokenizerRef:
    """A tokenizer the worker loads itself (by `from_pretrained` name or folder) instead of receiving it."""

    name: str


class StepTable:
    """A scheduler's learning-rate factor by step, computed in the judge (its own function cannot travel).

    Past the table's end the last factor holds.
    """

    def __init__(self, values: list[float]):
        self.values = values

    def __call__(self, step: int) -> float:
        return self.values[min(int(step), len(self.values) - 1)]


class Batches(list):
    """A judge's DataLoader, as the list of its batches; `dataset` and `batch_size` read like a DataLoader's."""

    def __init__(self, batches: list, samples: int, batch_size: int | None):
        super().__init__(batches)
        self.dataset = range(samples)
        self.batch_size = batch_size


# ---------------------------------------------------------------- framing


def _read_exactly(stream, size: int) -> bytes | None:
    chunks, got = [], 0
    while got < size:
        chunk = stream.read(min(size - got, 1 << 24))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(stream) -> bytes | None:
    """One length-prefixed frame from a pipe (which hands out large frames in pieces); None at the end."""
    header = _read_exactly(stream, 8)
    if header is None:
        return None
    (size,) = struct.unpack("<Q", header)
    if size > MAX_REQUEST:
        raise ValueError("request too large")
    return _read_exactly(stream, size)


def write_frame(stream, data: bytes) -> None:
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def random_state() -> dict:
    import numpy as np
    import torch

    name, keys, pos, has_gauss, cached = np.random.get_state()
    return {"torch": torch.get_rng_state(), "random": random.getstate(),
            "numpy": (name, keys.astype(np.int64), int(pos), int(has_gauss), float(cached))}
