"""Known-wrong solutions ("mutants") and the check that the tests catch each of them.

A mutant is a file `tests/mutants/<qN>/<name>.py` whose docstring's first line says the
mistake and which defines one (sometimes two) function(s) of that question wrongly. It is
graded as the reference with those functions replaced: the mutant's text is appended to a
copy of `reference/<qN>/solution.py`, so its definitions win. A mutant is caught when its
question loses points (the grader's rule: points x weight of failed tests / all weight).

A wrong concept answer is a mutant too: `tests/mutants/<qN>/answers_<name>.toml`, whose first
comment line says the mistake and whose values replace those of `reference/<qN>/answers.toml`.

Usage: python -m kit.authoring.mutants [q3 q4 ...] [--jobs 2]   (prints the kill table; exit 1 on a survivor)
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kit import records
from kit.grading import grader
from kit.isolation import runner
from kit.learn.concepts import ANSWERS_FILE, load_answers
from kit.paths import HIDDEN_TESTS, REFERENCE, SOLUTION_FILE
from kit.progress import Progress

MUTANTS = HIDDEN_TESTS / "mutants"


@dataclass
class Mutant:
    """One known-wrong variant of a question's solution."""

    question: str
    name: str
    path: Path

    @property
    def key(self) -> str:
        """Unique across questions: "q3-decode_keeps_specials"."""
        return f"{self.question}-{self.name}"

    @property
    def is_answers(self) -> bool:
        """A wrong concept answer (answers_*.toml) rather than wrong code."""
        return self.path.suffix == ".toml"

    @property
    def mistake(self) -> str:
        """The first line of the mutant's docstring (of an answers mutant: its first comment line)."""
        if self.is_answers:
            first = self.path.read_text(encoding="utf-8").splitlines()[0]
            return first.lstrip("# ").strip() if first.startswith("#") else "(no description)"
        doc = ast.get_docstring(ast.parse(self.path.read_text(encoding="utf-8"))) or ""
        return doc.splitlines()[0] if doc else "(no description)"

    @property
    def functions(self) -> list[str]:
        """The functions and classes the mutant replaces ("constants" when it only rebinds names)."""
        if self.is_answers:
            return ["concepts"]
        tree = ast.parse(self.path.read_text(encoding="utf-8"))
        names = [node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)]
        return names or ["constants"]


def discover(questions: list[str] | None = None, answers: bool = False) -> list[Mutant]:
    """All code mutants (and, with `answers`, the wrong concept answers), or those of the given questions,
    in question then name order."""
    found = []
    for folder in sorted(MUTANTS.glob("q*"), key=lambda p: int(p.name[1:])):
        if questions and folder.name not in questions:
            continue
        paths = [*folder.glob("*.py"), *(folder.glob("answers_*.toml") if answers else [])]
        for path in sorted(paths):
            found.append(Mutant(folder.name, path.stem, path))
    return found


def mutant_source(mutant: Mutant) -> str:
    """The mutant's solution file: the reference with the mutant's definitions appended (they win).

    An answers mutant leaves the code as the reference has it.
    """
    reference = (REFERENCE / mutant.question / SOLUTION_FILE).read_text(encoding="utf-8")
    if mutant.is_answers:
        return reference
    patch = mutant.path.read_text(encoding="utf-8")
    return f"{reference}\n\n# ---- mutant {mutant.name} ----\n{patch}"


def build_submission(mutant: Mutant, out: Path) -> Path:
    """A submission folder: the reference with the mutant's functions appended to one question."""
    target = out / mutant.question
    target.mkdir(parents=True, exist_ok=True)
    (target / SOLUTION_FILE).write_text(mutant_source(mutant), encoding="utf-8")
    # The reference's concept answers go along, so a code mutant loses points for its code only.
    if mutant.is_answers or (REFERENCE / mutant.question / ANSWERS_FILE).is_file():
        (target / ANSWERS_FILE).write_text(mutant_answers(mutant), encoding="utf-8")
    return out


def mutant_answers(mutant: Mutant) -> str:
    """The reference's concept answers (with an answers mutant's values in place of theirs), as TOML."""
    answers = load_answers(REFERENCE, mutant.question)
    if mutant.is_answers:
        answers.update(tomllib.loads(mutant.path.read_text(encoding="utf-8")))
    # Strings, numbers and lists of strings: JSON writes each as valid TOML.
    return "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in answers.items())


@dataclass
class Kill:
    """How one mutant fared: the points its question lost, and the first test that caught it."""

    mutant: Mutant
    points_lost: float = 0.0
    max_points: float = 0.0
    caught_by: str = ""
    at_least: bool = False  # slow tests were skipped: the mutant loses these points or more
    error: str = ""

    @property
    def caught(self) -> bool:
        return self.points_lost > 0

    @property
    def shown(self) -> str:
        return f"{'>= ' if self.at_least else ''}{self.points_lost:.2f}".rstrip("0").rstrip(".")


def score_kill(kill: Kill, records: list[dict]) -> None:
    """Points lost = question points x weight of the tests that did not pass / weight of all tests.

    Skipped (slow) tests count in the total but not as lost, so the figure is then a lower bound.
    """
    total = sum(r.get("weight", 1.0) for r in records)
    lost = sum(r.get("weight", 1.0) for r in records if r["outcome"] not in ("passed", "skipped"))
    kill.points_lost = round(kill.max_points * lost / total, 4) if total else 0.0
    kill.at_least = any(r["outcome"] == "skipped" for r in records)
    failing = [r for r in records if r["outcome"] not in ("passed", "skipped")]
    kill.caught_by = failing[0]["nodeid"].split("::")[-1] if failing else ""


def mutant_task(mutant: Mutant, workdir: Path, skip_slow: bool) -> runner.Task:
    """The runner task that runs one mutant's question tests; its records go to `<workdir>/<key>.json`.

    Mutants are the kit's own files, run in the judge's process (not isolated): they are trusted.
    """
    impl = workdir / mutant.key
    if not impl.exists():
        build_submission(mutant, impl)
    path = workdir / f"{mutant.key}.json"
    path.unlink(missing_ok=True)
    args = records.question_args(mutant.question, impl, path, test_timeout=120, skip_slow=skip_slow)
    return runner.Task(f"{mutant.key}:{int(skip_slow)}", args, workdir / f"{mutant.key}.log", 900.0)


def grade_mutants(mutants: list[Mutant], jobs: int) -> Iterator[Kill]:
    """A Kill for each mutant, in order, `jobs` children at a time.

    First without the slow tests; a mutant that no fast test catches runs again with all of them.
    """
    from kit.questions import all_questions

    points = {q.key: float(q.points) for q in all_questions()}
    by_key = {m.key: m for m in mutants}
    grader.prewarm()
    done: dict[str, Kill] = {}
    with tempfile.TemporaryDirectory(prefix="kit-mutants-") as tmp:
        workdir = Path(tmp)

        def finished(task: runner.Task, end: runner.Finished) -> list[runner.Task]:
            key, skip_slow = task.key.rsplit(":", 1)
            mutant = by_key[key]
            kill = Kill(mutant, max_points=points.get(mutant.question, 0.0))
            found = records.read_records(workdir / f"{key}.json")
            if found:
                score_kill(kill, found)
            else:
                kill.error = f"no test ran (pytest exit {end.code}); see the log"
            if skip_slow == "1" and not kill.caught and kill.at_least:
                return [mutant_task(mutant, workdir, False)]  # only the slow tests can tell
            done[key] = kill
            return []

        runner.run([mutant_task(m, workdir, True) for m in mutants], jobs, finished)
    for mutant in mutants:
        yield done[mutant.key]


def print_kill_table(kills: Iterator[Kill], total: int) -> int:
    """Show progress while the mutants are graded (kit.progress), then the kill table, a row per mutant
    by question; the number of survivors."""
    from kit.tables import Table

    progress = Progress(total, "mutant")
    table = Table("mutant", "question", "points lost", "caught by", right=[2])
    done = []
    for kill in kills:
        progress.update(f"{kill.mutant.question}/{kill.mutant.name}: {kill.caught_by if kill.caught else 'SURVIVED'}",
                        not kill.caught)
        done.append(kill)
    survivors = sum(not kill.caught for kill in done)
    for kill in sorted(done, key=lambda k: (int(k.mutant.question[1:]), k.mutant.name)):
        table.add_row(f"{kill.mutant.question}/{kill.mutant.name}", kill.mutant.question,
                      f"{kill.shown} / {kill.max_points:g}", kill.caught_by if kill.caught else "SURVIVED")
    table.print()
    for kill in done:
        if not kill.caught:
            print(f"SURVIVED {kill.mutant.question}/{kill.mutant.name}: mistake: {kill.mutant.mistake}"
                  f"{'; ' + kill.error if kill.error else ''}")
    print(f"{len(done) - survivors} of {len(done)} mutants caught (>= : slow tests not run, the mutant was already "
          "caught)")
    return survivors


def main(argv: list[str] | None = None) -> int:
    """Grade every mutant and print the kill table."""
    parser = argparse.ArgumentParser(description="Check that the tests catch every known-wrong solution.")
    parser.add_argument("questions", nargs="*", help="questions to check (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants graded at once")
    args = parser.parse_args(argv)
    if not REFERENCE.is_dir() or not MUTANTS.is_dir():
        print("the mutants need the reference solutions and tests/mutants (an instructor's copy of the kit)")
        return 2
    mutants = discover(args.questions or None, answers=True)
    return 1 if print_kill_table(grade_mutants(mutants, args.jobs), len(mutants)) else 0


if __name__ == "__main__":
    raise SystemExit(main())
