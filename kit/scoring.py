"""Scoring: a question's finished judge (exit status, records) becomes its result and points.

A question's score is its points x (weight of passed tests / weight of all tests), weights
coming from `@pytest.mark.points(w)` (1 by default). A skipped test counts as not passed.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass, field

from kit.questions import Question

PASSED, FAILED, NOT_STARTED, TIMEOUT, CRASHED = "passed", "failed", "not started", "timeout", "crashed"
TIMEOUT_MARK = "from pytest-timeout"
OUT_OF_TIME_NOT_STARTED = "not graded: the grading run's time budget was spent before this question's turn"
OUT_OF_TIME_CUT = "stopped when the grading run's time budget ran out"
WORKER_ENDED = "the learner's process ended"
IMPORT_TIMEOUT = "ran past"  # as in "importing qN/solution.py ran past 60 s"
# Below this the judge and worker cannot even import torch and the model: the setting is at fault.
MEMORY_FLOOR_MB = 1500


@dataclass
class Limits:
    """Resources one question may use: the judge's wall clock, the per-test timeout, the worker's memory."""

    question_s: float = 300.0  # wall clock for the whole question (public + hidden tests)
    test_s: float = 120.0  # pytest-timeout, per test (setup included)
    memory_mb: int = 3072  # the worker's address space; torch, transformers and the tiny model need ~1.5 GB
    shuffle: int | None = None  # run the tests in an order shuffled by this seed (kit check's flake part)

    def too_small(self) -> str | None:
        """Why these limits cannot let even the reference pass (the instructor's setting); None if they can."""
        if self.memory_mb < MEMORY_FLOOR_MB:
            return (f"--memory-mb {self.memory_mb} is below the {MEMORY_FLOOR_MB} MB that torch, transformers and "
                    "the tests need: the grader's limit is too small (not the solution's fault); grade again "
                    "with a larger --memory-mb")
        return None


@dataclass
class QuestionResult:
    """The outcome of one question of one submission."""

    question: Question
    status: str = NOT_STARTED
    score: float = 0.0
    message: str = ""
    records: list[dict] = field(default_factory=list)
    duration_s: float = 0.0
    peak_rss_mb: float = 0.0
    advice: list[str] = field(default_factory=list)

    @property
    def max_score(self) -> float:
        return float(self.question.points)


def finish(result: QuestionResult, code: int, killed: bool, records: list[dict] | None, progress: list[dict],
           limits: Limits, out_of_time: bool = False) -> None:
    """Turn a finished judge (exit code, records, or the progress it left) into the question's result."""
    if out_of_time:
        result.records, result.score, result.status = progress, 0.0, TIMEOUT
        result.message = OUT_OF_TIME_CUT if result.duration_s else OUT_OF_TIME_NOT_STARTED
        return
    if records is not None and code in (0, 1):
        result.records = records
        score_records(result, limits)
        return
    result.records = progress
    result.score = 0.0
    result.status = CRASHED
    if killed:
        result.status = TIMEOUT
        result.message = f"ran past the {limits.question_s:g} s limit for the whole question"
    elif code < 0 and not limits.too_small():
        name = signal.Signals(-code).name if -code in signal.Signals.__members__.values() else str(-code)
        result.message = f"the grading process was killed by {name}; this is the kit's problem, tell staff"
    elif limits.too_small():
        result.message = limits.too_small()
    else:
        result.message = f"the tests could not run (pytest exit {code}); this is the kit's problem, tell staff"


def score_records(result: QuestionResult, limits: Limits) -> None:
    """Points x passed weight / total weight; the status says what went wrong, if anything.

    A skipped test counts as not passed: no graded test skips itself, so a skip can only come
    from the submission and must not take its weight away.
    """
    graded = result.records
    total = sum(r["weight"] for r in graded)
    passed = sum(r["weight"] for r in graded if r["outcome"] == "passed")
    result.score = round(result.max_score * passed / total, 4) if total else 0.0
    summaries = [r["summary"] or r["message"] for r in graded if r["outcome"] != "passed"]
    if not graded:
        result.status, result.message = CRASHED, "no test of this question ran"
    elif any("MemoryError" in s for s in summaries) or any(WORKER_ENDED in s and "SIGKILL" in s for s in summaries):
        result.status = CRASHED
        result.message = limits.too_small() or f"ran out of memory (limit {limits.memory_mb} MB)"
    elif passed == 0 and all(WORKER_ENDED in s or IMPORT_TIMEOUT in s for s in summaries):
        # The learner's process could not even import the solution (it ends, or never finishes).
        line = summaries[0].splitlines()[0]
        result.status = TIMEOUT if IMPORT_TIMEOUT in line else CRASHED
        result.message = line.partition(": ")[2] if line.startswith(result.question.key) else line
    elif any(TIMEOUT_MARK in s or "ran past" in s for s in summaries):
        result.status = TIMEOUT
        result.message = f"a test ran past the {limits.test_s:g} s limit per test"
    elif passed == total:
        result.status = PASSED
    elif all(r["outcome"] == "not_started" for r in graded):
        result.status = NOT_STARTED
        functions = sorted({r["function"] for r in graded if r.get("function")})
        result.message = f"still stubs: {', '.join(functions)}"
    else:
        result.status = FAILED
        failed = sum(r["outcome"] != "passed" for r in graded)
        result.message = f"{failed} of {len(graded)} tests failed"
        first = [s.splitlines()[0] for s in summaries if s]
        if first and all(line == first[0] for line in first) and ": importing " in first[0]:
            result.message += f": {first[0]}"  # one cause for all: the module does not import
