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


@contextmanager
def record_loads(solution) -> Iterator:
    """A LoadRecorder in the process that runs `solution`'s code, while the block runs.

    Calling what it yields gives, per loaded model, the names of the parameters that changed.
    """
    from kit.remote import RemoteSolution

    if isinstance(solution, RemoteSolution):
        recorder = solution._session.request("spy_loads", None, None)
    else:
        recorder = LoadRecorder()
        recorder.install()
    try:
        yield recorder
    finally:
        recorder.uninstall()
