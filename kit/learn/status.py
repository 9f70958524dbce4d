"""The learner's progress: the public tests of some questions in one pytest run, and each question's state
in words ("not started", "in progress k/n", "done"), as `kit status` and `kit.check()` show it."""

from __future__ import annotations

from kit.messages import msg
from kit.paths import EXERCISES
from kit.questions import Question
from kit.records import run_pytest_records


def run_public_tests(impl: str, questions: list[Question]) -> list[dict]:
    """Run the public tests of `questions` in one pytest process; one record per test."""
    _, records = run_pytest_records([*[str(EXERCISES / q.key) for q in questions], "--impl", impl])
    return records


def progress(records: list[dict], question: str) -> str:
    """not started / in progress k/n / done, for one question's records."""
    mine = [r for r in records if r["question"] == question]
    if not mine:
        return msg("cli.status.no_tests")
    # A skip among the public tests is a concept answer of valid form in a copy without the key (graded on submission).
    passed = sum(r["outcome"] in ("passed", "skipped") for r in mine)
    if passed == len(mine):
        return msg("cli.status.done")
    if all(r["outcome"] == "not_started" for r in mine):
        return msg("cli.status.not_started")
    return msg("cli.status.in_progress", passed=passed, total=len(mine))
