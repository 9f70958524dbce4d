"""Question metadata: each `exercises/qN/question.toml` (titles, points, hints per function).

The CLI and the grader read questions only through this module. Titles and hints come in both
languages (`title_ko`/`title_en`, `hints`/`hints_en`, tier for tier); `title` and `hints_in_language`
give the ones of the moment's KIT_LANG.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kit.messages import ENGLISH, language
from kit.paths import EXERCISES


@dataclass
class Question:
    """One question of the lesson."""

    key: str
    title_ko: str
    title_en: str
    hints: dict[str, list[str]] = field(default_factory=dict)  # function -> its tiers, in Korean
    points: float = 0
    hints_en: dict[str, list[str]] = field(default_factory=dict)  # the same tiers in English

    @property
    def title(self) -> str:
        """The title in the language of the moment (KIT_LANG)."""
        return self.title_en if language() == ENGLISH else self.title_ko

    def hints_in_language(self, function: str) -> list[str]:
        """`function`'s hint tiers in the language of the moment (Korean where English is missing)."""
        if language() == ENGLISH and self.hints_en.get(function):
            return self.hints_en[function]
        return self.hints[function]

    @property
    def number(self) -> int:
        return int(self.key[1:])

    @property
    def functions(self) -> list[str]:
        return list(self.hints)


def load_question(folder: Path) -> Question:
    """Read one question folder's `question.toml`."""
    data = tomllib.loads((folder / "question.toml").read_text(encoding="utf-8"))
    functions = data.get("functions", {})
    hints = {name: list(entry["hints"]) for name, entry in functions.items()}
    hints_en = {name: list(entry["hints_en"]) for name, entry in functions.items() if "hints_en" in entry}
    uneven = [name for name in hints_en if len(hints_en[name]) != len(hints[name])]
    if uneven:
        raise ValueError(f"{folder / 'question.toml'}: hints_en of {', '.join(uneven)} must give one English "
                         f"tier per Korean tier")
    points = data.get("points", 0)
    if not isinstance(points, int | float) or isinstance(points, bool) or points < 0:
        raise ValueError(f"{folder / 'question.toml'}: points must be a number >= 0, got {points!r}")
    return Question(folder.name, data["title_ko"], data["title_en"], hints, points, hints_en)


def all_questions(root: Path = EXERCISES) -> list[Question]:
    """Every question with a question.toml, in lesson order (q1, q2, ..., q10)."""
    folders = [p for p in root.glob("q*") if (p / "question.toml").is_file()]
    return [load_question(p) for p in sorted(folders, key=lambda p: int(p.name[1:]))]


def total_points(questions: list[Question] | None = None) -> float:
    """The points of `questions` (default: the whole kit, which totals 100)."""
    return sum(q.points for q in (all_questions() if questions is None else questions))
