"""Question metadata: each `exercises/qN/question.toml` (titles, points, hints per function).

The CLI and the grader read questions only through this module.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kit.paths import EXERCISES


@dataclass
class Question:
    """One question of the lesson."""

    key: str
    title_ko: str
    title_en: str
    hints: dict[str, list[str]] = field(default_factory=dict)
    points: float = 0

    @property
    def number(self) -> int:
        return int(self.key[1:])

    @property
    def functions(self) -> list[str]:
        return list(self.hints)


def load_question(folder: Path) -> Question:
    """Read one question folder's `question.toml`."""
    data = tomllib.loads((folder / "question.toml").read_text(encoding="utf-8"))
    hints = {name: list(entry["hints"]) for name, entry in data.get("functions", {}).items()}
    points = data.get("points", 0)
    if not isinstance(points, int | float) or isinstance(points, bool) or points < 0:
        raise ValueError(f"{folder / 'question.toml'}: points must be a number >= 0, got {points!r}")
    return Question(folder.name, data["title_ko"], data["title_en"], hints, points)


def all_questions(root: Path = EXERCISES) -> list[Question]:
    """Every question with a question.toml, in lesson order (q1, q2, ..., q10)."""
    folders = [p for p in root.glob("q*") if (p / "question.toml").is_file()]
    return [load_question(p) for p in sorted(folders, key=lambda p: int(p.name[1:]))]


def total_points(questions: list[Question] | None = None) -> float:
    """The points of `questions` (default: the whole kit, which totals 100)."""
    return sum(q.points for q in (all_questions() if questions is None else questions))
