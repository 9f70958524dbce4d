"""Scoring: a question's finished judge (exit status, records) becomes its result and points.

A question's score is its points x (weight of passed tests / weight of all tests), weights
coming from `@pytest.mark.points(w)` (1 by default). A skipped test counts as not passed. Each
test's share is exact to 1/10000 of a point and the shares add up to the question's points
exactly (`split_points`), so results.json's tests sum to the question and the reference to 100.
"""

from __future__ import annotations

import math
import signal
from dataclasses import dataclass, field

from kit import defaults
from kit.messages import msg
from kit.questions import Question
from kit.records import Kind
from kit.text import shown

PASSED, FAILED, NOT_STARTED, TIMEOUT, CRASHED = "passed", "failed", "not started", "timeout", "crashed"
POINT_UNITS = 10_000  # points are kept exact to 1/10000


def split_points(points: float, weights: list[float], names: list[str] | None = None) -> list[float]:
    """Each test's share of `points` by weight, to 1/10000, adding up to `points` exactly: every share
    is rounded down, and the units left go to the largest remainders; on a tie, to the first test by
    `names` (the test ids: so a shuffled run order gives every test the same share), else by position."""
    total = sum(weights)
    if not weights or total <= 0:
        return [0.0] * len(weights)
    units = round(points * POINT_UNITS)
    exact = [units * weight / total for weight in weights]
    shares = [math.floor(value) for value in exact]
    order = names if names is not None else list(range(len(weights)))
    by_remainder = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], order[i]))
    for i in by_remainder[:units - sum(shares)]:
        shares[i] += 1
    return [share / POINT_UNITS for share in shares]
TIMEOUT_MARK = "from pytest-timeout"


@dataclass
class Limits:
    """Resources one question may use: the judge's wall clock, the per-test timeout, the worker's memory."""

    question_s: float = defaults.QUESTION_S  # wall clock for the whole question (public + hidden tests)
    test_s: float = defaults.TEST_S  # pytest-timeout, per test (setup included)
    memory_mb: int = defaults.WORKER_MEMORY_MB  # the worker's sandbox (kit.isolation.budget)
    shuffle: int | None = None  # run the tests in an order shuffled by this seed (kit check's flake part)
    judge_memory_mb: int = defaults.JUDGE_MEMORY_MB  # the judge's own budget (a cgroup where one can be made)

    def too_small(self) -> str | None:
        """Why these limits cannot let even the reference pass (the instructor's setting); None if they can."""
        if self.memory_mb < defaults.MEMORY_FLOOR_MB:
            return msg("grader.memory_too_small", limit=self.memory_mb, floor=defaults.MEMORY_FLOOR_MB)
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


def out_of_time_messages() -> tuple[str, str]:
    """(cut while running, never started): what a question says when the run's time budget ran out."""
    return msg("grader.out_of_time_cut"), msg("grader.out_of_time_not_started")


def finish(result: QuestionResult, code: int, killed: bool, records: list[dict] | None, progress: list[dict],
           limits: Limits, out_of_time: bool = False, out_of_memory: bool = False) -> None:
    """Turn a finished judge (exit code, records, or the progress it left, whether its own budget ran
    out) into the question's result."""
    if out_of_time:
        result.records, result.score, result.status = progress, 0.0, TIMEOUT
        cut, never = out_of_time_messages()
        result.message = cut if result.duration_s else never
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
        result.message = msg("grader.question_timeout", limit=limits.question_s)
    elif out_of_memory:
        result.message = msg("grader.judge_out_of_memory", limit=limits.judge_memory_mb)
    elif code < 0 and not limits.too_small():
        name = signal.Signals(-code).name if -code in signal.Signals.__members__.values() else str(-code)
        result.message = msg("grader.judge_killed", signal=name)
    elif limits.too_small():
        result.message = limits.too_small()
    else:
        result.message = msg("grader.pytest_error", code=code)


def score_records(result: QuestionResult, limits: Limits) -> None:
    """Points x passed weight / total weight; the status says what went wrong, if anything.

    A skipped test counts as not passed: no graded test skips itself, so a skip can only come
    from the submission and must not take its weight away. Failures are told apart by their
    kind (kit.learn.pytest_plugin), never by the words of their message, which depend on the language.
    """
    graded = result.records
    total = sum(r["weight"] for r in graded)
    passed = sum(r["weight"] for r in graded if r["outcome"] == "passed")
    shares = split_points(result.max_score, [r["weight"] for r in graded], [r["nodeid"] for r in graded])
    result.score = round(sum(share for share, r in zip(shares, graded, strict=True) if r["outcome"] == "passed"), 4)
    failing = [r for r in graded if r["outcome"] != "passed"]
    kinds = {r.get("kind", "") for r in failing}
    # The first line of each failure, as shown (it may come from learner code: no control or format characters).
    first_lines = [shown((r["summary"] or r["message"]).splitlines()[0]) for r in failing
                   if r["summary"] or r["message"]]
    if not graded:
        result.status, result.message = CRASHED, msg("grader.no_test_ran")
    elif limits.too_small() and passed < total:
        result.status, result.message = CRASHED, limits.too_small()  # the setting's fault, not the learner's
    elif Kind.MEMORY in kinds:
        result.status = CRASHED
        result.message = limits.too_small() or msg("grader.out_of_memory", limit=limits.memory_mb)
    elif kinds and kinds <= {Kind.ENDED_IMPORTING, Kind.IMPORT_TIMEOUT}:
        # The learner's process could not even import the solution (it ends, or never finishes);
        # only what needs no learner code (concept answers) can have passed.
        result.status = TIMEOUT if kinds == {Kind.IMPORT_TIMEOUT} else CRASHED
        line = first_lines[0] if first_lines else ""
        result.message = line.partition(": ")[2] if line.startswith(f"{result.question.key}.") else line
    elif (kinds & {Kind.TIMEOUT, Kind.CALL_TIMEOUT, Kind.IMPORT_TIMEOUT}
          or any(TIMEOUT_MARK in line for line in first_lines)):
        result.status = TIMEOUT
        result.message = msg("grader.test_timeout", limit=limits.test_s)
    elif passed == total:
        result.status = PASSED
    elif all(r["outcome"] == "not_started" for r in graded):
        result.status = NOT_STARTED
        functions = sorted({r["function"] for r in graded if r.get("function")})
        result.message = msg("grader.still_stubs", functions=", ".join(functions))
    else:
        result.status = FAILED
        result.message = msg("grader.failed_count", failed=len(failing), total=len(graded))
        if kinds == {Kind.IMPORT} and first_lines and all(line == first_lines[0] for line in first_lines):
            result.message += f": {first_lines[0]}"  # one cause for all: the module does not import
