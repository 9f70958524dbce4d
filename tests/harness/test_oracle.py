"""The judge believes nothing the worker sends back (kit.isolation.oracle, kit.isolation.wire's limits,
kit.isolation.remote).

Each attack runs against a real worker (unsandboxed here: the process boundary is what matters)
through `RemoteSession`, the way tests call learner code in graded runs; each defence is then
switched off to show that the same attack wins without it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
import torch

from kit.isolation import launch, oracle, remote, sandbox, wire
from kit.isolation.remote import RemoteSession

LEARNER = '''
import random

import numpy as np
import torch


def choose_random():
    """Draws once, then sets every generator to a state of its own choosing."""
    torch.rand(1)
    torch.manual_seed(1234)
    random.seed(1234)
    np.random.seed(1234)


def draw():
    return torch.rand(3)


def zero_learning_rate(optimizer):
    """Writes into the optimizer it was given."""
    for group in optimizer.param_groups:
        group["lr"] = 0.0


def zero_weights(model):
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.zero_()


def fill(tensor):
    tensor.fill_(7)
    return tensor.sum().item()
'''


@pytest.fixture
def session(tmp_path: Path):
    solution = tmp_path / "submission" / "q5" / "solution.py"
    solution.parent.mkdir(parents=True)
    solution.write_text(LEARNER, encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir(mode=0o777)
    log = tmp_path / "worker.log"

    def start_one():
        return launch.start_worker(solution, "q5", sandbox.WorkerLimits(), [scratch], False, log), log

    remote_session = RemoteSession("q5", start_one, 60.0, [scratch])
    yield remote_session
    remote_session.close()
    oracle.forget()


def call(session: RemoteSession, name: str, *args):
    return session.request("getattr", None, name)(*args)


def test_a_learner_cannot_choose_the_numbers_the_judge_draws_next(session, monkeypatch):
    def after_learner_call() -> torch.Tensor:
        torch.manual_seed(0)  # as every test starts (the plugin's _seeded)
        random.seed(0)
        np.random.seed(0)
        call(session, "choose_random")
        return torch.rand(3)

    torch.manual_seed(1234)
    chosen = torch.rand(3)
    drawn = after_learner_call()
    assert not torch.equal(drawn, chosen)
    assert torch.equal(after_learner_call(), drawn)  # reproducible: the same calls give the same numbers
    torch.manual_seed(0)
    first, second = call(session, "draw"), call(session, "draw")
    assert not torch.equal(first, second)  # two calls in a row draw different numbers, as in one process

    # Switched off: the judge takes the worker's generators as they are after the call.
    def adopt() -> None:
        torch.manual_seed(1234)
        random.seed(1234)
        np.random.seed(1234)

    monkeypatch.setattr(remote, "_advance_random", adopt)
    assert torch.equal(after_learner_call(), chosen)


def test_a_shared_optimizer_is_read_only_and_the_reference_refuses_a_changed_one(session, monkeypatch):
    shared = torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=0.5)
    oracle.protect(shared)
    call(session, "zero_learning_rate", shared)
    assert shared.param_groups[0]["lr"] == 0.5
    assert call(session, "zero_learning_rate", shared) is None  # the worker's copy was set back in between

    own = torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=0.5)
    call(session, "zero_learning_rate", own)
    assert own.param_groups[0]["lr"] == 0.0  # the test sees the learner's in-place change on its own object
    reference = oracle.Oracle(type("Reference", (), {"lr": staticmethod(lambda opt: opt.param_groups[0]["lr"])}),
                              "q5")
    with pytest.raises(oracle.OracleError, match="zero_learning_rate"):
        reference.lr(own)
    assert reference.lr(shared) == 0.5

    monkeypatch.setattr(oracle, "protected", lambda obj: False)  # switched off: shared objects take the write
    call(session, "zero_learning_rate", shared)
    assert shared.param_groups[0]["lr"] == 0.0


def test_a_shared_model_keeps_its_weights_and_the_next_call_sees_them_too(session, monkeypatch):
    model = torch.nn.Linear(3, 2)
    before = [p.detach().clone() for p in model.parameters()]
    oracle.protect({"encoder": model})
    call(session, "zero_weights", model)
    assert all(torch.equal(p, b) for p, b in zip(model.parameters(), before, strict=True))
    assert not oracle.touched_by(model)[0]

    monkeypatch.setattr(oracle, "protected", lambda obj: False)
    call(session, "zero_weights", model)
    assert all(float(p.detach().abs().sum()) == 0 for p in model.parameters())
    assert oracle.touched_by([model]) == (True, "q5.zero_weights")


def test_tensor_arguments_go_by_value(session):
    tensor = torch.zeros(4)
    assert call(session, "fill", tensor) == 28.0
    assert torch.equal(tensor, torch.zeros(4))


# ---------------------------------------------------------------- replies bounded before allocation


def forged_model(vocab: int) -> dict:
    config = {"model_type": "bert", "vocab_size": vocab, "hidden_size": 64, "num_hidden_layers": 1,
              "num_attention_heads": 2, "intermediate_size": 64}
    empty = {"$": "dict", "k": [], "v": []}
    return {"$": "model", "cls": "BertModel", "config": json.dumps(config), "id": "w1",
            "state": {"$": "dict", "k": ["params", "requires_grad", "grads", "buffers", "training", "partial"],
                      "v": [empty, empty, empty, empty, empty, False]}}


def test_a_model_is_built_only_from_tensors_that_arrived(monkeypatch):
    judge = RemoteSession("q4", launch=None, timeout_s=1.0)
    node = forged_model(250_000)
    message = len(json.dumps(node))
    with pytest.raises(wire.ProtocolError, match="did not arrive"):
        judge._decode_model(node, wire.Decoder({}), 0)

    # Switched off: a reply of a few hundred bytes makes the judge build (and fill) a 50 MB model.
    monkeypatch.setattr(remote, "_fits", lambda cls, config, state: None)
    monkeypatch.setattr(remote.mirrors, "apply", lambda obj, state: None)
    built = judge._decode_model(forged_model(250_000), wire.Decoder({}), 0)
    size = sum(p.numel() * p.element_size() for p in built.parameters())
    assert message < 1000 and size > 50 << 20


def test_replies_over_a_limit_are_refused_before_they_are_parsed(monkeypatch):
    zeros = wire.pack([0] * 3_000_000, {})
    with pytest.raises(wire.TooLarge):
        wire.unpack(zeros)  # its JSON part is over the limit
    small = wire.Limits(frame=1 << 20, json=1 << 20, nodes=1000, string=100)
    with pytest.raises(wire.TooLarge):
        wire.unpack(wire.pack({"x": 1}, {"0": torch.zeros(1 << 19)}), small)
    with pytest.raises(wire.TooLarge):
        wire.Decoder({}, limits=small).decode(list(range(2000)))
    with pytest.raises(wire.TooLarge):
        wire.Decoder({}, limits=small).decode("x" * 101)
    tensors = {"0": torch.zeros(1000)}
    with pytest.raises(wire.ProtocolError, match="twice"):
        wire.Decoder(tensors).decode([{"$": "ndarray", "i": "0"}, {"$": "ndarray", "i": "0"}])

    # Switched off (limits as large as the old 2 GB frame): the same flood decodes into three million values.
    huge = wire.Limits(frame=2 << 30, json=2 << 30, nodes=1 << 40, string=1 << 40)
    structure, _ = wire.unpack(zeros, huge)
    assert len(wire.Decoder({}, limits=huge).decode(structure)) == 3_000_000


def test_a_frame_over_the_limit_is_refused_by_its_header(tmp_path):
    """The judge reads 8 bytes and stops: nothing of a 250 MB frame is read or kept."""
    import os
    import struct

    reader, writer = os.pipe()
    os.write(writer, struct.pack("<Q", 250 << 20) + b"\0" * 4096)

    class Fake:
        stdout = os.fdopen(reader, "rb", buffering=0)

    process = remote.WorkerProcess(Fake(), tmp_path / "log")
    with pytest.raises(wire.TooLarge):
        process.receive(1.0)
    assert len(os.read(reader, 8192)) == 4096  # the body is still unread in the pipe
    os.close(writer)
