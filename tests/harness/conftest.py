"""Fixtures the harness tests share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.learn.notebook import split_cells
from kit.paths import REFERENCE


def code_cell(source: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}


def markdown_cell(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def answers_body(key: str) -> str:
    """The reference's answers.toml without its header comment: what a learner types in the cell."""
    lines = (REFERENCE / key / "answers.toml").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#"))


@pytest.fixture
def reference_notebook(tmp_path):
    """A function writing a notebook with the reference's code and concept answers for `keys`, laid out
    as a learner might leave it: answers cells first, code split over cells, other cells between."""
    def write(keys: list[str], path: Path | None = None) -> Path:
        cells = [markdown_cell("# my notes"), code_cell("import kit")]
        for key in keys:
            if (REFERENCE / key / "answers.toml").is_file():
                cells.append(code_cell(f"# kit: {key} answers\n{answers_body(key)}"))
            for chunk in split_cells((REFERENCE / key / "solution.py").read_text(encoding="utf-8")):
                cells += [code_cell(f"# kit: {key}\n{chunk}"), code_cell("print('trying it out')")]
        path = path or tmp_path / "solved.ipynb"
        notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
        return path

    return write
