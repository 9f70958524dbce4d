"""Probes: what a test needs to see inside learner code that its return value does not show.

`LoadRecorder` records the classifiers the learner's code loads with
`AutoModelForSequenceClassification.from_pretrained` and, when asked, names the parameters of
each that changed since loading, or hands over the last one (the trained model). In an isolated
run it is installed in the learner's worker and
read through a handle, so what it reports is the learner's process speaking: tests use it only
for properties the graded hidden tests also check through results (here: a frozen encoder).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class LoadRecorder:
    """Records every model loaded through AutoModelForSequenceClassification.from_pretrained."""

    def __init__(self):
        self.loaded: list[tuple[object, dict]] = []
        self.original = None

    def install(self) -> None:
        from transformers import AutoModelForSequenceClassification

        self.original = AutoModelForSequenceClassification.from_pretrained.__func__
        recorder = self

        def recording(cls, *args, **kwargs):
            model = recorder.original(cls, *args, **kwargs)
            recorder.loaded.append((model, {n: p.detach().clone() for n, p in model.named_parameters()}))
            return model

        AutoModelForSequenceClassification.from_pretrained = classmethod(recording)

    def uninstall(self) -> None:
        from transformers import AutoModelForSequenceClassification

        if self.original is not None:
            AutoModelForSequenceClassification.from_pretrained = classmethod(self.original)
            self.original = None

    def count(self) -> int:
        """How many models were loaded."""
        return len(self.loaded)

    def last(self):
        """The last model loaded (as the learner's code left it), or None."""
        return self.loaded[-1][0] if self.loaded else None

    def __call__(self) -> list[list[str]]:
        """For each model loaded so far, the names of the parameters that changed since it was loaded."""
        import torch

        return [[n for n, p in model.named_parameters() if not torch.equal(p.detach(), start[n])]
                for model, start in self.loaded]


class OptimizerRecorder:
    """Records the learning rate every torch optimizer starts with (before any schedule scales it)."""

    def __init__(self):
        self.rates: list[float] = []
        self.original = None

    def install(self) -> None:
        import torch

        self.original = torch.optim.Optimizer.__init__
        recorder = self

        def recording(optimizer, *args, **kwargs):
            recorder.original(optimizer, *args, **kwargs)
            recorder.rates.append(max(float(group["lr"]) for group in optimizer.param_groups))

        torch.optim.Optimizer.__init__ = recording

    def uninstall(self) -> None:
        import torch

        if self.original is not None:
            torch.optim.Optimizer.__init__ = self.original
            self.original = None

    def __call__(self) -> list[float]:
        """The starting learning rate of each optimizer built so far."""
        return list(self.rates)


PROBES = {"loads": LoadRecorder, "optimizers": OptimizerRecorder}


@contextmanager
def record(solution, probe: str) -> Iterator:
    """A probe (`PROBES`) installed in the process that runs `solution`'s code, while the block runs."""
    from kit.isolation.remote import RemoteSolution, install_probe

    if isinstance(solution, RemoteSolution):
        recorder = install_probe(solution, probe)
    else:
        recorder = PROBES[probe]()
        recorder.install()
    try:
        yield recorder
    finally:
        recorder.uninstall()


def record_optimizers(solution):
    """The learning rates the learner's code starts its optimizers with, recorded while the block runs."""
    return record(solution, "optimizers")


def record_loads(solution):
    """The classifiers the learner's code loads; calling what it yields gives, per model, the names of
    the parameters that changed since loading (`.last()`: the model itself)."""
    return record(solution, "loads")
