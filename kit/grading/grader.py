"""`kit grade`: grade one submission question by question, as a pipeline.

stage (kit.grading.staging: regular `qN/solution.py` files only, copied into a fresh folder)
→ run (kit.isolation.runner: one judge per question, forked warm, with a wall clock; the judge runs the
  kit's tests and reaches the learner's code only through its sandboxed worker, kit.isolation.remote,
  forked by the run's warm zygote, kit.isolation.zygote)
→ score (kit.grading.scoring: records → points and a status)
→ report (kit.grading.reports: results.json, JUnit, the table).
A loop, an exit, a crash or a memory bomb in learner code costs its calls or its question only,
and a results file is always written.
"""

from __future__ import annotations

import contextlib
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kit import records
from kit.grading import intake
from kit.grading.reports import (
    GradeReport,
    failure_results,
    junit_xml,
    markdown_table,
    print_table,
    results_json,
    write_json_atomically,
    write_results,
)
from kit.grading.scoring import (
    CRASHED,
    FAILED,
    NOT_STARTED,
    PASSED,
    TIMEOUT,
    Limits,
    QuestionResult,
    finish,
    out_of_time_messages,
)
from kit.grading.staging import stage_submission
from kit.impl import ImplError, resolve_impl
from kit.isolation import runner, sandbox, zygote
from kit.messages import msg
from kit.paths import HIDDEN_TESTS, SOLUTION_FILE
from kit.questions import Question, all_questions

__all__ = ["CRASHED", "FAILED", "NOT_STARTED", "PASSED", "TIMEOUT", "GradeError", "GradeReport", "Job", "Limits",
           "QuestionResult", "all_questions", "failure_results", "grade", "markdown_table", "out_of_time_messages",
           "prepare", "results_json", "run_jobs", "select_questions", "solution_hashes", "write_json_atomically",
           "write_results"]


def prewarm() -> None:
    """Import, once, what every forked judge needs: the kit's pytest plugin first (it sets
    HF_HUB_OFFLINE, which huggingface_hub reads once), then torch, transformers and pytest."""
    import kit.learn.pytest_plugin  # noqa: F401
    from kit.learn import hypothesis_profile

    runner.prewarm()
    hypothesis_profile.load()  # most hidden tests use Hypothesis: imported once here, not in every judge


class GradeError(Exception):
    """Grading cannot start as asked (no sandbox, a bad option); nothing was graded."""


@dataclass
class Job:
    """One question of one submission: where its judge writes, and the result it fills in."""

    question: Question
    impl_dir: Path
    workdir: Path
    limits: Limits
    result: QuestionResult
    sandboxed: bool = True
    isolate: bool = True

    def path(self, suffix: str) -> Path:
        return self.workdir / f"{self.question.key}.{suffix}"

    def task(self) -> runner.Task:
        args = records.question_args(
            self.question.key, self.impl_dir, self.path("records.json"), progress=self.path("progress.jsonl"),
            test_timeout=self.limits.test_s, shuffle=self.limits.shuffle, isolate=self.isolate,
            sandboxed=self.sandboxed, memory_mb=self.limits.memory_mb, basetemp=self.path("tmp"))
        return runner.Task(self.question.key, args, self.path("log"), self.limits.question_s,
                           memory_mb=self.limits.judge_memory_mb)


def sandbox_check(no_sandbox: bool) -> bool:
    """Whether the worker runs sandboxed; GradeError when no sandbox can start and none was waived."""
    if no_sandbox:
        return False
    reason = sandbox.unavailable()
    if reason:
        raise GradeError(f"{reason}. Learner code must not run unconfined: grade on Linux with bubblewrap, or "
                         "pass --no-sandbox to grade anyway (results.json then records \"sandbox\": false)")
    return True


def run_jobs(jobs: list[Job], parallel: int = 1, deadline: float | None = None,
             on_finish: Callable[[Job], None] | None = None, more: Callable[[], list[Job]] | None = None,
             warm: dict[str, str] | None = None) -> None:
    """Run every job's judge, `parallel` at a time, and score each as it finishes.

    `deadline` (a time.monotonic() value) bounds the whole run (kit.isolation.runner.run); `on_finish` gets
    each job as soon as its result is final, so a caller can write partial results; `more()` is
    asked for further jobs when the queue runs dry. `warm` is a zygote a caller keeps between runs (a Dask
    worker's grading process, kit.clients.cluster: zygote.serving's environment, {} for none) and that has
    already called prewarm; without it the run starts its own.
    """
    by_key: dict[str, Job] = {}

    def tasks_of(new_jobs: list[Job]) -> list[runner.Task]:
        tasks = []
        for job in new_jobs:
            task = job.task()
            task.key = f"{len(by_key)}:{task.key}"
            by_key[task.key] = job
            tasks.append(task)
        return tasks

    def done(task: runner.Task, finished: runner.Finished) -> None:
        job = by_key[task.key]
        job.result.duration_s, job.result.peak_rss_mb = finished.duration_s, finished.peak_rss_mb
        try:
            finish(job.result, finished.code, finished.killed, records.read_records(job.path("records.json")),
                   records.read_progress(job.path("progress.jsonl")), job.limits, finished.out_of_time,
                   finished.out_of_memory)
        except Exception as exc:
            job.result.status, job.result.score = CRASHED, 0.0
            job.result.message = f"its results could not be read ({type(exc).__name__}: {exc}); tell staff"
        if on_finish is not None:
            on_finish(job)

    # Sandboxed workers are forked from one warm zygote for the whole run (kit.isolation.zygote) when it can start;
    # it imports torch while this process does (prewarm: the judges fork warm from here).
    kept = contextlib.nullcontext(warm) if warm is not None else None
    with kept or zygote.serving(any(job.isolate and job.sandboxed for job in jobs)) as found:
        if kept is None:
            prewarm()

        def with_zygote(tasks: list[runner.Task]) -> list[runner.Task]:
            for task in tasks:
                task.env.update(found)
            return tasks

        runner.run(with_zygote(tasks_of(jobs)), parallel, done, deadline,
                   (lambda: with_zygote(tasks_of(more()))) if more else None)


def prepare(taken: intake.Taken, chosen: list[Question], tmp: Path, limits: Limits,
            sandboxed: bool = True) -> tuple[dict, list[Job]]:
    """Stage one taken submission under `tmp`; its results (pre-filled for questions that cannot run) and jobs."""
    staged_dir, work = tmp / "submission", tmp / "work"
    work.mkdir(parents=True)
    staged = stage_submission(taken.folder, chosen, staged_dir)
    results = {q.key: QuestionResult(q, advice=staged[q.key].advice) for q in chosen}
    jobs = []
    for q in chosen:
        problem = taken.problems.get(q.key) or staged[q.key].problem
        if problem:
            missing = staged[q.key].missing and q.key not in taken.problems
            results[q.key].status = NOT_STARTED if missing else FAILED
            # Which file intake looked for (and how to upload it) says more than "no solution.py".
            results[q.key].message = taken.lines.get(q.key, problem) if missing else problem
            continue
        jobs.append(Job(q, staged_dir.resolve(), work, limits, results[q.key], sandboxed))
    return results, jobs


def grade(impl: str | Path | intake.Taken = "exercises", questions: list[str] | None = None,
          limits: Limits | None = None, parallel: int = 1, deadline: float | None = None,
          on_result: Callable[[QuestionResult], None] | None = None, *, no_sandbox: bool = False,
          isolate: bool = True) -> GradeReport:
    """Grade one submission (`exercises`, `reference`, a folder, a .zip or a notebook, taken by
    kit.grading.intake, or what a caller already took); never raises for a bad submission's code.

    A submission that cannot be taken at all (a corrupt zip or notebook) raises intake.IntakeError.
    `deadline` and `on_result` are run_jobs'; questions that cannot run are passed to `on_result` first.

    `isolate=False` runs the learner's code inside the judge, as before isolation existed: only
    bench/isolation_cost.py uses it, to measure what isolation costs, and only on the reference.
    """
    limits = limits or Limits()
    start = time.monotonic()
    chosen = select_questions(questions)
    sandboxed = sandbox_check(no_sandbox)
    with tempfile.TemporaryDirectory(prefix="kit-grade-") as tmp:
        if isinstance(impl, intake.Taken):
            taken, shown = impl, str(impl.folder)
        else:
            source = Path(impl) if Path(impl).suffix.lower() in (".zip", ".ipynb") else resolve_impl(str(impl))
            taken, shown = intake.take(source, Path(tmp) / "taken", chosen), str(impl)
        hashes = solution_hashes(taken.folder, chosen)
        results, jobs = prepare(taken, chosen, Path(tmp), limits, sandboxed)
        for job in jobs:
            job.isolate = isolate
        if on_result is not None:
            running = {job.question.key for job in jobs}
            for q in chosen:
                if q.key not in running:
                    on_result(results[q.key])
        if jobs:
            run_jobs(jobs, parallel, deadline, (lambda job: on_result(job.result)) if on_result else None)
    report = GradeReport(shown, taken.folder, [results[q.key] for q in chosen], limits,
                         round(time.monotonic() - start, 2), hashes, sandboxed)
    report.files, report.refused = dict(taken.lines), list(taken.refused)
    return report


def solution_hashes(impl_dir: Path, chosen: list[Question]) -> dict[str, str | None]:
    """sha256 of each graded solution.py, so a grade can be tied to the exact file."""
    from kit.grading.reports import sha256_file

    return {q.key: sha256_file(impl_dir / q.key / SOLUTION_FILE) for q in chosen}


def select_questions(keys: list[str] | None) -> list[Question]:
    """The questions to grade, in lesson order; an unknown key is a usage error (ValueError)."""
    known = {q.key: q for q in all_questions()}
    if not keys:
        return list(known.values())
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValueError(f"unknown question(s) {', '.join(unknown)}; the kit has {', '.join(known)}")
    return [q for q in known.values() if q.key in keys]


def main(args) -> int:
    """`kit grade`: grade, print the table, write results.json (always) and JUnit XML on request."""
    started = time.monotonic()
    results_path = Path(args.results)
    limits = Limits(args.question_timeout, args.test_timeout, args.memory_mb, getattr(args, "shuffle", None),
                    args.judge_memory_mb)
    keys = [k.strip() for k in args.questions.split(",") if k.strip()] if args.questions else None
    # The instructor's own paths are checked before grading: a bad one must not lose a finished grade.
    problems = [intake.output_file_problem(results_path, "--results"),
                args.junit and intake.output_file_problem(Path(args.junit), "--junit")]
    if any(problems):
        print("\n".join(f"kit grade: {p}" for p in problems if p), file=sys.stderr)
        return 2
    if limits.too_small():
        print(f"kit grade: warning: {limits.too_small()}", file=sys.stderr)
    try:
        report = grade(args.impl, keys, limits, args.jobs, no_sandbox=getattr(args, "no_sandbox", False))
    except (ValueError, ImplError, GradeError, intake.IntakeError) as exc:
        print(f"kit grade: {exc}", file=sys.stderr)
        chosen = [q for q in all_questions() if not keys or q.key in keys]
        write_json_atomically(failure_results(str(exc), chosen, started), results_path)
        return 2
    print_table(report)
    if not HIDDEN_TESTS.is_dir():
        print("\n" + msg("grader.public_only"))
    write_results(report, results_path, args.hidden_visibility)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\n{results_path} written in {report.execution_time:.1f} s (largest process: {peak:.0f} MB)")
    if args.junit:
        junit = Path(args.junit)
        junit.parent.mkdir(parents=True, exist_ok=True)
        partial = junit.with_name(f".{junit.name}.{os.getpid()}.part")
        partial.write_text(junit_xml(report), encoding="utf-8")
        os.replace(partial, junit)
    return 0
