"""The kit's terminal tables (`kit status`, `kit check`, the grade summary, `kit run`), drawn by rich.

rich measures every cell in terminal columns (Hangul and other East Asian wide characters count two),
so Korean titles line up. Two ways out, decided by whether the stream is a terminal:

- a terminal: rich prints the table itself, styled (bold titles) and fitted to the window, a long cell
  wrapped inside its column; rich also copes with the consoles of Windows;
- anything else (a pipe, a CI log, pytest's capture, `!kit ...` in a notebook): plain text, no escape
  sequence, no trailing space, and no line ever wrapped. rich's `soft_wrap` does not do that for a
  table (a table still shares the console's width among its columns and folds a long message into
  unreadable slivers at 80 columns), so the plain table is laid out on a console of `PLAIN_WIDTH`
  columns: each column as wide as its widest cell, each row one line however long.

Only the stream's own `isatty()` decides: FORCE_COLOR or TTY_COMPATIBLE do not turn a log into a
terminal here, since logs and tests read these tables as text.

rich is imported inside the methods, when a table is drawn (about 70 ms): importing this module costs
nothing, so `kit hint` or `kit watch` (kit.cli imports it) and the learner's `pytest exercises/qN`
never load rich.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Collection
from typing import TextIO

from kit.text import shown

# Wide enough that no row of a plain table is ever wrapped; rich pads nothing to this width.
PLAIN_WIDTH = 100_000


class Table:
    """A table of text cells: column titles, rows, and an optional total row under a rule.

    Cells are shown as written (no rich markup: `[b]` stays `[b]`), without control characters or
    escape sequences (kit.text.shown)."""

    def __init__(self, *titles: str, right: Collection[int] = (), header: bool = True, indent: int = 0):
        """`right`: the indices of the columns justified right (numbers); `header`: whether the titles
        are shown; `indent`: spaces before every line."""
        self.titles = [shown(title) for title in titles]
        self.right = set(right)
        self.header = header
        self.indent = indent
        self.rows: list[list[str]] = []
        self.footer: list[str] | None = None

    def add_row(self, *cells: object) -> None:
        self.rows.append(self._cells(cells))

    def add_total(self, *cells: object) -> None:
        """The last row, drawn under a rule (a total, a verdict per column)."""
        self.footer = self._cells(cells)

    def _cells(self, cells: tuple[object, ...]) -> list[str]:
        if len(cells) != len(self.titles):
            raise ValueError(f"{len(cells)} cells for {len(self.titles)} columns")
        return [shown(str(cell)) for cell in cells]

    def text(self) -> str:
        """The plain layout: no escape sequence, no trailing space, one line per row however wide."""
        from rich.console import Console

        buffer = io.StringIO()
        console = Console(file=buffer, width=PLAIN_WIDTH, force_terminal=False, force_jupyter=False,
                          color_system=None, markup=False, emoji=False, highlight=False, legacy_windows=False)
        console.print(self._rich())
        return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").split("\n"))

    def print(self, file: TextIO | None = None) -> None:
        """Print to `file` (standard output by default): styled on a terminal, else `text()`."""
        file = file if file is not None else sys.stdout
        if not is_terminal(file):
            print(self.text(), file=file)
            return
        from rich.console import Console

        Console(file=file, force_jupyter=False, markup=False, emoji=False, highlight=False).print(self._rich())

    def _rich(self):
        """The rich renderable: columns apart by two spaces, a rule under the titles and above the total."""
        from rich import box
        from rich.padding import Padding
        from rich.table import Table as RichTable
        from rich.text import Text

        table = RichTable(box=box.SIMPLE, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0),
                          show_header=self.header, show_footer=self.footer is not None)
        for index, title in enumerate(self.titles):
            footer = Text(self.footer[index]) if self.footer is not None else ""
            table.add_column(Text(title), footer=footer, justify="right" if index in self.right else "left")
        for row in self.rows:
            table.add_row(*map(Text, row))
        return Padding(table, (0, 0, 0, self.indent), expand=False) if self.indent else table


def is_terminal(file: TextIO) -> bool:
    """Whether `file` is a terminal (a closed or unusual stream is not)."""
    try:
        return bool(file.isatty())
    except (AttributeError, ValueError, OSError):
        return False
