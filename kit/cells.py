"""The marked cells of a Jupyter notebook: the code a learner wrote for each question.

A solution cell's first line is `# kit: q3` (the lesson notebook marks every stub cell this
way); a question may have several, which join in notebook order. A cell whose first line is
`# kit: q3 answers` holds that question's concept answers, written exactly as `answers.toml`
(`c1 = "B"`): it is read as TOML text and never executed here. Several answers cells of one
question join too (an item per cell is fine; an item answered twice is a TOML error that the
concept check reports).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

CELL_MARK = re.compile(r"^\s*#\s*kit:\s*(q\d+)(\s+answers)?\s*$")


class CellsError(ValueError):
    """The notebook cannot be read as a Jupyter notebook; the message says why."""


@dataclass
class MarkedCells:
    """Per question: the solution code (cells joined) and the answers cells' text."""

    code: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)


def _cell_sources(notebook: Path) -> list[str]:
    """The source of every code cell, in order; CellsError when the file is not a notebook."""
    try:
        data = json.loads(notebook.read_bytes().decode("utf-8"))
        cells = data["cells"]
        if not isinstance(cells, list):
            raise TypeError("'cells' is not a list")
        sources = []
        for cell in cells:
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            sources.append("".join(map(str, source)) if isinstance(source, list) else str(source))
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise CellsError(f"{notebook.name}: not a readable Jupyter notebook ({type(exc).__name__}: {exc})") from None
    return sources


def marked_cells(notebook: Path) -> MarkedCells:
    """The notebook's `# kit: qN` and `# kit: qN answers` cells, by question."""
    found = MarkedCells()
    code: dict[str, list[str]] = {}
    answers: dict[str, list[str]] = {}
    for source in _cell_sources(notebook):
        first, _, body = source.lstrip("\n").partition("\n")
        mark = CELL_MARK.match(first)
        if not mark:
            continue
        key = mark.group(1)
        (answers if mark.group(2) else code).setdefault(key, []).append(body.strip("\n"))
    found.code = {key: "\n\n\n".join(parts) + "\n" for key, parts in code.items()}
    found.answers = {key: "\n".join(parts) + "\n" for key, parts in answers.items()}
    return found


def answers_cell(sources: list[str], key: str) -> str | None:
    """The body of the last `# kit: <key> answers` cell among executed cell sources (IPython's
    `In`, oldest first): what the learner answered most recently; None when no such cell ran."""
    for source in reversed(sources):
        if not isinstance(source, str):
            continue
        first, _, body = source.lstrip("\n").partition("\n")
        mark = CELL_MARK.match(first)
        if mark and mark.group(1) == key and mark.group(2):
            return body.strip("\n") + "\n"
    return None


def solution_cells(notebook: Path) -> dict[str, str]:
    """Question key -> the code of the notebook's cells marked `# kit: qN`, joined in order."""
    return marked_cells(notebook).code


def is_notebook(path: str | Path) -> bool:
    """Whether a path names a notebook file (by its suffix, any case)."""
    return str(path).lower().endswith(".ipynb")
