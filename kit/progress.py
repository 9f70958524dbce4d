"""Progress of a long run of like items (a class's submissions, the mutants of `kit check`): done/total,
failures so far and an ETA.

On a terminal it is tqdm's bar, redrawn in place; anywhere else (a CI log, a pipe) one plain line per
item, so a log keeps what happened to each. Items kept from an earlier run (`--resume`) shrink the
bar's total instead of filling it, so the ETA counts only what is done now. tqdm is imported only when
a terminal needs the bar.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from kit.messages import msg
from kit.text import shown


class Progress:
    """`update(line, failed, kept)` once per item; `graded` counts the items done in this run."""

    def __init__(self, total: int, unit: str, stream: TextIO | None = None):
        self.total, self.done, self.failures, self.graded = total, 0, 0, 0
        self.stream = stream or sys.stdout
        self.start = time.monotonic()
        self.bar = None
        if self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit=unit, dynamic_ncols=True)

    def update(self, line: str, failed: bool = False, kept: bool = False) -> None:
        """One item finished: `line` says what became of it (written only to a log), `failed` counts it
        as a failure, `kept` says it was kept from an earlier run rather than done now."""
        self.done += 1
        self.failures += failed
        self.graded += not kept
        if self.bar is not None:
            if kept:
                self.bar.total -= 1
                self.bar.refresh()
            else:
                self.bar.set_postfix_str(msg("progress.failures", failures=self.failures), refresh=False)
                self.bar.update(1)
            if self.done == self.total:
                self.bar.close()
            return
        elapsed = time.monotonic() - self.start
        left = self.total - self.done
        eta = duration(elapsed / self.graded * left) if self.graded and left else "-"
        counts = msg("progress.counts", done=self.done, total=self.total, failures=self.failures, eta=eta)
        self.stream.write(shown(f"[{counts}] {line}") + "\n")
        self.stream.flush()


def duration(seconds: float) -> str:
    """`75` -> `1m15s`, `9.6` -> `10s`."""
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"
