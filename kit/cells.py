"""The marked cells of a Jupyter notebook: the code a learner wrote for each question.

A solution cell's first line is `# kit: q3` (the lesson notebook marks every stub cell this
way); a question may have several, which join in notebook order. A cell whose first line is
`# kit: q3 answers` holds that question's concept answers, written exactly as `answers.toml`
(`c1 = "B"`): it is read as TOML text and never executed here. Several answers cells of one
question join too, by one rule for the notebook file and for the live kernel (`kit.check`): each
item's answer comes from the last cell that answers it, so an item per cell, a copied cell with a
changed answer and a cell run again all mean what the learner last wrote. A cell that is not TOML
keeps its text, so the concept check reports it as a bad answers file.
"""

from __future__ import annotations

import json
import re
import tomllib
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
        mark = cell_mark(source)
        if mark:
            key, is_answers, body = mark
            (answers if is_answers else code).setdefault(key, []).append(body.strip("\n"))
    found.code = {key: "\n\n\n".join(parts) + "\n" for key, parts in code.items()}
    found.answers = {key: merge_answers(parts) for key, parts in answers.items()}
    return found


def merge_answers(bodies: list[str]) -> str:
    """One answers.toml text from answers cells' bodies, oldest first: a later cell's answer to an
    item replaces an earlier one. The text is kept as written (comments too) unless two cells answer
    the same item; a cell that is not TOML, or holds anything but text and lists of text, is joined
    as written so that the concept check names the problem."""
    texts = [body.strip("\n") for body in bodies]
    try:
        tables = [tomllib.loads(text) for text in texts]
    except (tomllib.TOMLDecodeError, RecursionError):
        tables = None
    joined = "\n".join(texts) + "\n"
    if tables is None or sum(map(len, tables)) == len({key for table in tables for key in table}):
        return joined
    merged: dict = {}
    for table in tables:
        merged.update(table)
    if not all(isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
               for value in merged.values()):
        return joined
    return "".join(f"{_toml_key(key)} = {_toml_value(value)}\n" for key, value in merged.items())


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_value(value: str | list[str]) -> str:
    return _toml_string(value) if isinstance(value, str) else "[" + ", ".join(map(_toml_string, value)) + "]"


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL is the one control JSON leaves bare)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def answers_cell(sources: list[str], key: str) -> str | None:
    """The answers of the `# kit: <key> answers` cells among executed cell sources (IPython's `In`,
    oldest first), merged as `merge_answers` does: each item as the learner answered it most
    recently; None when no such cell ran."""
    marks = [cell_mark(source) for source in sources if isinstance(source, str)]
    bodies = [body for mark in marks if mark and mark[:2] == (key, True) for body in mark[2:]]
    return merge_answers(bodies) if bodies else None


def cell_mark(source: str) -> tuple[str, bool, str] | None:
    """A cell's mark read from its first line: (question key, whether it is an answers cell, the rest of
    the cell); None for a cell without one."""
    first, _, body = source.lstrip("\n").partition("\n")
    mark = CELL_MARK.match(first)
    return (mark.group(1), bool(mark.group(2)), body) if mark else None


def solution_cells(notebook: Path) -> dict[str, str]:
    """Question key -> the code of the notebook's cells marked `# kit: qN`, joined in order."""
    return marked_cells(notebook).code


def is_notebook(path: str | Path) -> bool:
    """Whether a path names a notebook file (by its suffix, any case)."""
    return str(path).lower().endswith(".ipynb")
