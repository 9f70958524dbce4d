"""A mirrored model's state crosses whole, except when only its flags changed (requires_grad,
train/eval): then the weights stay where they are. The copy on the other side must end equal to
the original either way (values, gradients, flags, modes, buffers)."""

import copy

import torch

from kit.isolation import mirrors


def model() -> torch.nn.Module:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.Linear(3, 2))


def assert_same(a: torch.nn.Module, b: torch.nn.Module) -> None:
    for (name, p), (_, q) in zip(a.named_parameters(), b.named_parameters(), strict=True):
        assert torch.equal(p, q) and p.requires_grad == q.requires_grad, name
        assert (p.grad is None) == (q.grad is None) and (p.grad is None or torch.equal(p.grad, q.grad)), name
    for (name, x), (_, y) in zip(a.named_buffers(), b.named_buffers(), strict=True):
        assert torch.equal(x, y), name
    assert [m.training for m in a.modules()] == [m.training for m in b.modules()]


def exchange(sender: torch.nn.Module, receiver: torch.nn.Module, since: dict) -> tuple[dict, dict]:
    """One exchange as kit.isolation.remote / kit.isolation.worker do it: (what crossed, the sender's marks
    afterwards)."""
    state = mirrors.state(sender, since)
    mirrors.apply(receiver, state)
    return state, mirrors.tensor_marks(sender)


def test_flags_alone_cross_without_weights_and_any_tensor_change_sends_everything():
    original = model()
    copied = copy.deepcopy(original)
    marks = mirrors.tensor_marks(original)
    original[0].weight.requires_grad_(False)
    original.eval()
    state, marks = exchange(original, copied, marks)
    assert state["partial"] is True and state["params"] == {} and state["grads"] == {}
    assert_same(original, copied)

    original(torch.randn(5, 4)).sum().backward()  # gradients only
    state, marks = exchange(original, copied, marks)
    assert state["partial"] is False and len(state["params"]) == 6
    assert_same(original, copied)

    original.train()
    original(torch.randn(5, 4))  # BatchNorm's running statistics change without a version
    state, marks = exchange(original, copied, marks)
    assert_same(original, copied)


def test_a_write_through_data_with_a_flag_change_still_sends_the_weights():
    """The wrong variant of this optimisation (versions alone) would keep the copy's old head."""
    original = model()
    copied = copy.deepcopy(original)
    marks = mirrors.tensor_marks(original)
    original[2].weight.data.normal_()  # no version counted on the parameter itself
    original[0].requires_grad_(False)
    state, _ = exchange(original, copied, marks)
    assert state["partial"] is False
    assert_same(original, copied)


def test_without_marks_the_whole_state_crosses():
    original = model()
    state = mirrors.state(original)
    assert state["partial"] is False and set(state["params"]) == {n for n, _ in original.named_parameters()}
    copied = model()
    with torch.no_grad():
        for p in copied.parameters():
            p.add_(1.0)
    mirrors.apply(copied, state)
    assert_same(original, copied)
