"""`kit grade-batch`: grade a class. Every sub-folder, `.zip` or `.ipynb` of SUBMISSIONS is one submission.

Each submission is first taken (kit.grading.intake, as `kit grade` and Gradescope take it: one
`solution.py` and its `answers.toml` per question, or a notebook's marked cells, a zip within size
limits) into a work folder of its own, then all (submission, question) pairs go
through the grader's one scheduler: children forked from a single warm parent, `--jobs` at a
time, with the kit's files guarded as in `kit grade`. Writes, under OUT:
  <folder>/results.json   Gradescope's format, as `kit grade` writes it, as soon as the submission is graded
  gradebook.csv           one row per submission: its original name, its folder, one column per question,
                          the total and a note; rewritten (atomically) after every submission
  item_analysis.csv       pass rate of every test across submissions, hardest first
A submission that cannot be taken or graded (an encrypted or corrupt zip, an unreadable notebook, a
crash) is a `crashed` row with the reason; the batch goes on. `--resume` keeps the results of
submissions whose taken files are unchanged (their hash is in results.json), so a batch killed
halfway loses nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kit.grading import grader, intake
from kit.grading.fingerprint import kit_fingerprint
from kit.grading.reports import points_text
from kit.messages import msg
from kit.progress import Progress
from kit.questions import Question
from kit.text import shown

RESERVED = {"gradebook.csv", "item_analysis.csv", "report.html"}
# Other archives a learner may hand in: each is a row saying to send a folder or a .zip instead.
ARCHIVES = (".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FAILED_STATUSES = (grader.CRASHED, grader.TIMEOUT)


@dataclass
class Row:
    """One submission's line in the gradebook, and its tests for the item analysis."""

    name: str  # the original file or folder name, decoded with replacement
    folder: str  # its results folder under OUT
    statuses: dict[str, tuple[str, float, str]] = field(default_factory=dict)  # question -> (status, score, message)
    items: list[tuple[str, str]] = field(default_factory=list)  # (test id, outcome)
    error: str = ""  # why the submission could not be taken or graded at all
    intake: list[str] = field(default_factory=list)  # files intake did not take, and why (links, unreadable)

    @property
    def total(self) -> float:
        return round(sum(score for _, score, _ in self.statuses.values()), 2)

    @property
    def failed(self) -> bool:
        """Grading went wrong (refused, crashed, timed out), as opposed to wrong answers."""
        return bool(self.error) or any(status in FAILED_STATUSES for status, _, _ in self.statuses.values())

    @property
    def note(self) -> str:
        if self.error:
            return self.error
        return "; ".join([*(f"{key} {status}: {message}" for key, (status, _, message) in self.statuses.items()
                            if status in FAILED_STATUSES), *self.intake])


@dataclass
class Submission:
    """One entry of SUBMISSIONS on its way through grading."""

    path: Path
    name: str
    folder: str
    work: Path | None = None  # its own temporary folder, removed once it is graded
    staged: Path | None = None
    staged_hashes: dict = field(default_factory=dict)
    taken: intake.Taken | None = None
    digest: str = ""
    results: dict[str, grader.QuestionResult] = field(default_factory=dict)
    pending: int = 0
    started: float = 0.0
    row: Row | None = None
    hashes: dict | None = None  # solution.py hashes and grading time, when a Dask worker graded it
    duration: float | None = None


# ---------------------------------------------------------------- finding and naming submissions


def find_submissions(folder: Path, out: Path | None = None) -> tuple[list[Path], list[Path]]:
    """(sub-folders, .zip and .ipynb files and other archives of `folder` in name order, the entries left out because
    `out` is in them). Other files (notes, spreadsheets) are not submissions."""
    found, excluded = [], []
    target = out.resolve() if out is not None else None
    for entry in sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name)):
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        if not (entry.is_dir() or intake.is_zip(path) or path.suffix.lower() in (".ipynb", *ARCHIVES)):
            continue
        if target is not None and (path.resolve() == target or path.resolve() in target.parents):
            excluded.append(path)
            continue
        found.append(path)
    return found, excluded


def stem(path: Path) -> str:
    """The submission's name without `.zip` or `.ipynb`, decoded with replacement."""
    name = intake.display_name(path.name)
    for suffix in (".zip", ".ipynb"):
        if path.is_file() and name.lower().endswith(suffix):
            return name[:-len(suffix)]
    return name


def safe_folder(name: str) -> str:
    """A folder name any filesystem takes: letters (any script), digits, `._-`; no leading dot; not too long."""
    safe = re.sub(r"[^\w.-]", "_", name).lstrip(".")[:80]
    return safe or "submission"


def assign_folders(paths: list[Path]) -> dict[Path, str]:
    """A unique results folder per submission. Names that are already safe keep them first; a
    collision (`carol/` and `carol.zip`, `d e` and `d_e`, names differing only in case) gets -2, -3, ..."""
    taken = {name.lower() for name in RESERVED}
    chosen: dict[Path, str] = {}
    unchanged = [p for p in paths if safe_folder(stem(p)) == stem(p)]
    for path in unchanged + [p for p in paths if p not in unchanged]:
        base, folder, number = safe_folder(stem(path)), safe_folder(stem(path)), 1
        while folder.lower() in taken:
            number += 1
            folder = f"{base}-{number}"
        taken.add(folder.lower())
        chosen[path] = folder
    return chosen


# ---------------------------------------------------------------- cells and files


def cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a leading `'`;
    control and invisible format characters (kit.text.shown) go first, so none can hide a formula."""
    text = shown(value if isinstance(value, str) else str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def write_atomically(path: Path, text: str) -> None:
    """Write `path` through a temporary file, so a reader (or a killed batch) never leaves half a file."""
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def write_csv(path: Path, rows: list[list[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([[cell(value) for value in row] for row in rows])
    write_atomically(path, buffer.getvalue())


def write_gradebook(rows: list[Row], chosen: list[Question], path: Path) -> None:
    """One row per submission: original name, results folder, score on each question, total, note."""
    max_score = points_text(sum(q.points for q in chosen))
    lines: list[list[object]] = [["submission", "folder", *[q.key for q in chosen], "total", "max_score", "note"]]
    for row in rows:
        scores = [points_text(row.statuses[q.key][1]) if q.key in row.statuses else "" for q in chosen]
        lines.append([row.name, row.folder, *scores, points_text(row.total), max_score, row.note])
    write_csv(path, lines)


def write_item_analysis(rows: list[Row], path: Path) -> None:
    """Pass rate of each test across the submissions that ran it, the hardest tests first."""
    counts: dict[str, list[int]] = {}
    for row in rows:
        for nodeid, outcome in row.items:
            if outcome == "skipped":
                continue
            seen = counts.setdefault(nodeid, [0, 0])
            seen[0] += outcome == "passed"
            seen[1] += 1
    ranked = sorted(((passed / n, nodeid, passed, n) for nodeid, (passed, n) in counts.items()),
                    key=lambda item: (item[0], item[1]))
    lines: list[list[object]] = [["test", "question", "pass_rate", "passed", "ran"]]
    for rate, nodeid, passed, n in ranked:
        question = nodeid.split("/")[1] if nodeid.count("/") >= 2 else ""
        lines.append([nodeid, question, f"{rate:.3f}", passed, n])
    write_csv(path, lines)


def row_from_report(sub: Submission, report: grader.GradeReport) -> Row:
    return Row(sub.name, sub.folder, {r.question.key: (r.status, r.score, r.message) for r in report.results},
               [(record["nodeid"], record["outcome"]) for r in report.results for record in r.records])


def write_results(sub: Submission, report: grader.GradeReport, chosen: list[Question], out: Path) -> None:
    """results.json in Gradescope's format, plus what `--resume` needs to trust it later."""
    payload = grader.results_json(report)
    payload["extra_data"]["batch"] = {"name": sub.name, "folder": sub.folder, "input_sha256": sub.digest,
                                      "kit_fingerprint": kit_fingerprint(),
                                      "questions": [q.key for q in chosen], "items": sub.row.items,
                                      "error": sub.row.error, "intake": sub.row.intake}
    (out / sub.folder).mkdir(parents=True, exist_ok=True)
    write_atomically(out / sub.folder / "results.json", json.dumps(payload, ensure_ascii=False, indent=1))


def resumed_row(sub: Submission, chosen: list[Question], out: Path) -> Row | None:
    """The row of an earlier run's results.json, when the same kit (its fingerprint) graded exactly these
    files and questions: after a fix to the tests or the reference, every submission is graded again."""
    try:
        extra = json.loads((out / sub.folder / "results.json").read_text(encoding="utf-8"))["extra_data"]
        batch = extra["batch"]
        if (batch["name"], batch["input_sha256"], batch["questions"], batch.get("kit_fingerprint")) != (
                sub.name, sub.digest, [q.key for q in chosen], kit_fingerprint()):
            return None
        if batch["error"]:
            return None  # a refused submission is quick to take again, and may be readable now
        statuses = {key: (q["status"], q["score"], q["message"]) for key, q in extra["questions"].items()}
        return Row(sub.name, sub.folder, statuses, [tuple(item) for item in batch["items"]],
                   intake=list(batch.get("intake", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------- progress


def progress_line(row: Row, resumed: bool) -> str:
    """What a log line of the batch's progress says of one submission."""
    what = msg("batch.progress.kept") if resumed else msg("batch.progress.points", points=points_text(row.total))
    return f"{row.name}: {what}" + (f" ({row.note})" if row.failed else "")


# ---------------------------------------------------------------- grading


class Batch:
    """One run of `kit grade-batch`: takes, grades and writes each submission as it finishes."""

    def __init__(self, out: Path, chosen: list[Question], limits: grader.Limits, zip_limits: intake.ZipLimits,
                 subs: list[Submission], resume: bool, sandboxed: bool = True):
        self.out, self.chosen, self.limits, self.zip_limits = out, chosen, limits, zip_limits
        self.sandboxed = sandboxed
        self.subs, self.resume = subs, resume
        self.untaken = iter(subs)
        self.progress = Progress(len(subs), "submission")

    def next_jobs(self) -> list[grader.Job]:
        """The jobs of the next submission that has any ([] when none is left). Called by the grader
        only when a slot is free, so a submission is taken (staged) just before it runs."""
        for sub in self.untaken:
            jobs = self.take(sub, self.resume)
            if jobs:
                return jobs
        return []

    def admit(self, sub: Submission, resume: bool) -> bool:
        """Take one submission into its own work folder; False when it is settled already (refused, or kept
        by --resume)."""
        sub.work = Path(tempfile.mkdtemp(prefix="kit-sub-"))  # 0700, a fresh random name per submission
        sub.started = time.monotonic()
        try:
            sub.taken = intake.take(sub.path, sub.work / "taken", self.chosen, self.zip_limits)
            sub.digest = sub.taken.digest
            if resume and (row := resumed_row(sub, self.chosen, self.out)):
                self.settle(sub, row, resumed=True)
                return False
        except intake.IntakeError as exc:
            self.refuse(sub, msg("batch.refused", reason=exc))
            return False
        except Exception as exc:  # whatever breaks while taking one submission costs that one only
            self.refuse(sub, msg("batch.not_staged", reason=f"{type(exc).__name__}: {exc}"))
            return False
        return True

    def take(self, sub: Submission, resume: bool) -> list[grader.Job]:
        """Take and stage one submission; its jobs ([] when it is already settled)."""
        if not self.admit(sub, resume):
            return []
        try:
            sub.results, jobs = grader.prepare(sub.taken, self.chosen, sub.work / "grade", self.limits, self.sandboxed)
            sub.staged = sub.work / "grade" / "submission"
            sub.staged_hashes = grader.solution_hashes(sub.staged, self.chosen)
        except intake.IntakeError as exc:
            self.refuse(sub, msg("batch.refused", reason=exc))
            return []
        except Exception as exc:  # whatever breaks while taking one submission costs that one only
            self.refuse(sub, msg("batch.not_staged", reason=f"{type(exc).__name__}: {exc}"))
            return []
        sub.pending = len(jobs)
        if not jobs:
            self.graded(sub)
        return jobs

    def refuse(self, sub: Submission, message: str) -> None:
        sub.results = {q.key: grader.QuestionResult(q, grader.CRASHED, 0.0, message) for q in self.chosen}
        self.graded(sub, error=message)

    def job_done(self, job: grader.Job) -> None:
        """The grader's on_finish: when a submission's last question is done, write it out."""
        sub = next(s for s in self.subs if s.work is not None and s.work in job.workdir.parents)
        sub.pending -= 1
        if sub.pending == 0:
            self.graded(sub)

    def graded(self, sub: Submission, error: str = "") -> None:
        """Report, results.json and gradebook for one finished submission; never raises."""
        try:
            if not error and sub.staged and grader.solution_hashes(sub.staged, self.chosen) != sub.staged_hashes:
                error = msg("batch.staged_changed")
                for result in sub.results.values():
                    result.status, result.score, result.message = grader.CRASHED, 0.0, error
            ordered = [sub.results[q.key] for q in self.chosen]
            hashes = sub.hashes if sub.hashes is not None else \
                grader.solution_hashes(sub.staged, self.chosen) if sub.staged else {}
            report = grader.GradeReport(sub.name, sub.staged or sub.path, ordered, self.limits,
                                        sub.duration or max(0.01, round(time.monotonic() - sub.started, 2)),
                                        hashes, self.sandboxed)
            if sub.taken is not None:
                report.files, report.refused = dict(sub.taken.lines), list(sub.taken.refused)
            sub.row = row_from_report(sub, report)
            sub.row.error = error
            if sub.taken is not None:
                sub.row.intake = [*(f"{key}: {why}" for key, why in sub.taken.problems.items()), *sub.taken.refused]
            write_results(sub, report, self.chosen, self.out)
        except Exception as exc:  # the row still goes into the gradebook, with the reason
            sub.row = sub.row or Row(sub.name, sub.folder)
            unwritten = msg("batch.results_unwritten", reason=f"{type(exc).__name__}: {exc}")
            sub.row.error = f"{sub.row.error}; {unwritten}" if sub.row.error else unwritten
        self.settle(sub, sub.row)

    def settle(self, sub: Submission, row: Row, resumed: bool = False) -> None:
        sub.row = row
        if sub.work is not None:
            shutil.rmtree(sub.work, ignore_errors=True)
        try:
            self.write_books()
        except OSError as exc:
            print(msg("batch.gradebook_unwritten", reason=exc), file=sys.stderr)
        self.progress.update(progress_line(row, resumed), row.failed, resumed)

    def grade_on(self, client) -> None:
        """Grade every submission that needs it on a Dask cluster (kit.clients.cluster), writing each as it
        arrives: the same intake, rows, results.json and gradebook as the local run."""
        from kit.clients import cluster

        keys = [q.key for q in self.chosen]
        waiting: dict[str, Submission] = {}

        def requests():
            for sub in self.subs:
                if self.admit(sub, self.resume):
                    waiting[sub.folder] = sub
                    request = cluster.request_of(sub.taken, keys, self.limits, self.sandboxed)
                    shutil.rmtree(sub.work, ignore_errors=True)  # its bytes travel in the request
                    yield sub.folder, request

        def arrived(key: str, reply: dict | None, error: str) -> None:
            sub = waiting.pop(key, None)
            if sub is None:  # already written: a duplicate changes nothing
                return
            if reply is None:
                self.refuse(sub, error)
                return
            sub.results = {result.question.key: result for result in reply["results"]}
            sub.hashes, sub.duration = reply["hashes"], reply["duration"]
            self.graded(sub, error=reply["error"])

        cluster.grade_all(client, requests(), arrived)

    def rows(self) -> list[Row]:
        return [sub.row for sub in self.subs if sub.row is not None]

    def write_books(self) -> None:
        write_gradebook(self.rows(), self.chosen, self.out / "gradebook.csv")
        write_item_analysis(self.rows(), self.out / "item_analysis.csv")


def grade_batch(submissions: Path, out: Path, questions: list[str] | None = None,
                limits: grader.Limits | None = None, parallel: int = 2, resume: bool = False,
                zip_limits: intake.ZipLimits | None = None, no_sandbox: bool = False,
                scheduler: str | None = None, client=None) -> list[Row]:
    """Grade every submission in `submissions`, streaming each results.json and the gradebook into `out`.

    Locally, `parallel` questions at a time; on a Dask cluster when given its scheduler's address or a
    `distributed.Client` (any of Dask's cluster managers), one submission per task, one question at a time
    on each worker. Raises grader.GradeError before anything is graded when no sandbox can start (and none
    was waived), or when the cluster cannot grade (unreachable, no workers, a worker with another kit).
    """
    limits = limits or grader.Limits()
    chosen = grader.select_questions(questions)
    own = None
    if scheduler or client is not None:
        from kit.clients import cluster

        sandboxed = not no_sandbox
        try:
            if client is None:
                client = own = cluster.connect(scheduler, sandboxed)
            else:
                cluster.check_workers(client, sandboxed)
        except cluster.ClusterError as exc:
            raise grader.GradeError(str(exc)) from None
    else:
        sandboxed = grader.sandbox_check(no_sandbox)
    try:
        return _grade_batch(submissions, out, chosen, limits, parallel, resume, zip_limits, sandboxed, client)
    finally:
        if own is not None:
            own.close()


def _grade_batch(submissions: Path, out: Path, chosen: list[Question], limits: grader.Limits, parallel: int,
                 resume: bool, zip_limits: intake.ZipLimits | None, sandboxed: bool, client) -> list[Row]:
    out.mkdir(parents=True, exist_ok=True)
    paths, excluded = find_submissions(submissions, out)
    for path in excluded:
        print(msg("batch.holds_out", path=intake.display_name(str(path))))
    folders = assign_folders(paths)
    subs = [Submission(path, intake.display_name(path.name), folders[path]) for path in paths]
    batch = Batch(out, chosen, limits, zip_limits or intake.ZipLimits(), subs, resume, sandboxed)
    start = time.monotonic()
    try:
        first = [] if client is not None else batch.next_jobs()  # refused and resumed ones need no warm parent
        if client is not None:
            batch.grade_on(client)
        elif first:
            # Each submission's worker sees only its own staged files, read-only (kit.isolation.sandbox): no
            # submission can reach the kit's files or another submission's.
            grader.run_jobs(first, parallel, on_finish=batch.job_done, more=batch.next_jobs)
        for sub in batch.subs:
            if sub.row is None:  # defensive: a submission whose jobs never reported
                batch.refuse(sub, msg("batch.unfinished"))
    finally:
        for sub in batch.subs:
            if sub.work is not None:
                shutil.rmtree(sub.work, ignore_errors=True)
    batch.write_books()
    from kit.clients.report import after_batch  # the class report, rewritten after every batch
    after_batch(out, submissions, chosen)
    elapsed = time.monotonic() - start
    graded = batch.progress.graded
    where = msg("batch.where_cluster", address=client.scheduler.address) if client is not None else \
        msg("batch.where_local", parallel=parallel)
    print(msg("batch.summary", count=len(paths), graded=graded, elapsed=elapsed,
              rate=60 * graded / max(elapsed, 0.01), where=where)
          + (msg("batch.summary_kept", kept=len(paths) - graded) if len(paths) > graded else ""))
    return batch.rows()


def main(args) -> int:
    """`kit grade-batch SUBMISSIONS --out DIR [--jobs N | --scheduler tcp://HOST:PORT] [--resume]`."""
    limits = grader.Limits(args.question_timeout, args.test_timeout, args.memory_mb,
                           judge_memory_mb=args.judge_memory_mb)
    keys = [k.strip() for k in args.questions.split(",") if k.strip()] if args.questions else None
    folder, out = Path(args.submissions), Path(args.out)
    problems = []
    if not folder.is_dir():
        problems.append(msg("batch.not_a_folder", path=folder))
    elif out.resolve() == folder.resolve():
        problems.append(msg("batch.out_is_submissions"))
    problems.append(intake.output_folder_problem(out, "--out"))
    try:
        grader.select_questions(keys)
    except ValueError as exc:
        problems.append(f"--questions: {exc}")
    if any(problems):
        print("\n".join(f"kit grade-batch: {p}" for p in problems if p), file=sys.stderr)
        return 2
    if limits.too_small():
        print(f"kit grade-batch: {msg('batch.warning', problem=limits.too_small())}", file=sys.stderr)
    try:
        rows = grade_batch(folder, out, keys, limits, args.jobs, getattr(args, "resume", False),
                           no_sandbox=getattr(args, "no_sandbox", False), scheduler=getattr(args, "scheduler", None))
    except grader.GradeError as exc:
        print(f"kit grade-batch: {exc}", file=sys.stderr)
        return 2
    width = max([len(r.name) for r in rows] + [10])
    for row in rows:
        statuses = " ".join(f"{key}:{status}" for key, (status, _, _) in row.statuses.items()
                            if status != grader.PASSED)
        print(shown(f"{row.name:<{width}}  {points_text(row.total):>6}  {statuses}"))
    print(msg("batch.written", out=args.out))
    return 0
