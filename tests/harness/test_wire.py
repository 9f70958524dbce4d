"""What may cross from the learner's worker to the judge: plain data of exact types, nothing that
runs code when read. Values round-trip exactly; lying objects become handles; forged messages fail."""

import json
import struct

import numpy as np
import pandas as pd
import pytest
import torch

from kit.isolation import wire


def round_trip(value):
    handles = []
    encoder = wire.Encoder(lambda v: handles.append(v) or {"$": "handle", "id": len(handles)})
    structure, tensors = wire.unpack(wire.pack(encoder.encode(value), encoder.tensors))
    return wire.Decoder(tensors, handle=lambda node: ("handle", node["id"])).decode(structure), handles


def test_plain_values_come_back_equal_and_of_the_same_exact_type():
    value = {"ids": [1, 2, 3], "t": (1.5, float("nan"), None, True), 7: "칠", "x": torch.arange(6).view(2, 3),
             "mask": torch.tensor([True, False]), "size": torch.Size([2, 3]), "dtype": torch.float16,
             "np": np.array([[1.0, 2.0]]), "scalar": np.int64(4), "p": torch.nn.Parameter(torch.ones(2))}
    got, handles = round_trip(value)
    assert not handles
    assert got["ids"] == [1, 2, 3] and type(got["t"]) is tuple and np.isnan(got["t"][1]) and got[7] == "칠"
    assert type(got["x"]) is torch.Tensor and torch.equal(got["x"], value["x"])
    assert got["mask"].dtype == torch.bool and got["size"] == torch.Size([2, 3]) and got["dtype"] is torch.float16
    assert type(got["np"]) is np.ndarray and got["np"].tolist() == [[1.0, 2.0]]
    assert type(got["scalar"]) is np.int64 and type(got["p"]) is torch.nn.Parameter


def test_a_frame_comes_back_as_columns():
    frame = pd.DataFrame({"name": ["a", "b"], "count": [1, 2], "ratio": [0.5, 1.5]}, index=[3, 4])
    got, _ = round_trip(frame)
    pd.testing.assert_frame_equal(got, frame)


class Liar(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class Sneaky(torch.Tensor):
    pass


def test_subclasses_that_could_lie_stay_behind_as_handles():
    got, handles = round_trip([Liar("x"), torch.ones(2).as_subclass(Sneaky), object()])
    assert got == [("handle", 1), ("handle", 2), ("handle", 3)]
    assert type(handles[0]) is Liar and type(handles[1]) is Sneaky


@pytest.mark.parametrize("structure", [
    {"$": "pickle", "v": "gASVAAAA"}, {"$": "tensor", "i": "9"}, {"$": "dict", "k": [[1]], "v": [2]},
    {"$": "npscalar", "dtype": "object", "v": 1}, {"$": "float", "v": "1e999x"}, {"nodollar": 1},
])
def test_forged_structures_are_refused(structure):
    message = wire.pack(structure, {})
    parsed, tensors = wire.unpack(message)
    with pytest.raises(wire.ProtocolError):
        wire.Decoder(tensors).decode(parsed)


@pytest.mark.parametrize("message", [b"", b"JUNK" + b"\0" * 20, wire.MAGIC + struct.pack("<Q", 10 ** 9) + b"{}",
                                     wire.MAGIC + struct.pack("<Q", 2) + b"{}" + b"not safetensors"])
def test_garbage_messages_are_refused(message):
    with pytest.raises(wire.ProtocolError):
        wire.unpack(message)


def test_json_is_read_without_object_hooks():
    text = json.dumps({"$": "tuple", "v": [1, {"$": "dict", "k": ["__class__"], "v": ["os.system"]}]})
    message = wire.MAGIC + struct.pack("<Q", len(text)) + text.encode()
    parsed, tensors = wire.unpack(message)
    assert wire.Decoder(tensors).decode(parsed) == (1, {"__class__": "os.system"})
