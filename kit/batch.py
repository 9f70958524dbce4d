"""`kit grade-batch`: grade a class. Every sub-folder or `.zip` of SUBMISSIONS is one submission.

All (submission, question) pairs go through the grader's one scheduler: children forked from
a single warm parent (torch, transformers and pytest imported once for the whole batch),
`--jobs` at a time. Writes, under OUT:
  <submission>/results.json   Gradescope's format, as `kit grade` writes it
  gradebook.csv               one row per submission, one column per question, and the total
  item_analysis.csv           pass rate of every test across submissions, hardest first
A broken submission (an unreadable zip, a crash) is graded 0 where it breaks; the batch goes on.
"""

from __future__ import annotations

import csv
import re
import tempfile
import time
import zipfile
from pathlib import Path

from kit import grader
from kit.concepts import ANSWERS_FILE
from kit.paths import SOLUTION_FILE
from kit.questions import Question

SOLUTION_IN_ZIP = re.compile(rf"(?:^|/)(q\d+)/({re.escape(SOLUTION_FILE)}|{re.escape(ANSWERS_FILE)})$")


def find_submissions(folder: Path) -> list[Path]:
    """Sub-folders and .zip files of `folder`, by name."""
    return sorted(p for p in folder.iterdir()
                  if (p.is_dir() and not p.name.startswith(".")) or p.suffix.lower() == ".zip")


def unpack(archive: Path, dest: Path) -> Path:
    """Extract only `qN/solution.py` and `qN/answers.toml` members (at any depth) into `dest/qN/`; nothing else
    leaves the zip."""
    dest.mkdir(parents=True)
    with zipfile.ZipFile(archive) as zf:
        for member in zf.infolist():
            match = SOLUTION_IN_ZIP.search(member.filename)
            if match and not member.is_dir() and member.file_size < 1_000_000:
                target = dest / match.group(1) / match.group(2)
                target.parent.mkdir(exist_ok=True)
                target.write_bytes(zf.read(member))
    return dest


def grade_batch(submissions: Path, out: Path, questions: list[str] | None = None,
                limits: grader.Limits | None = None, parallel: int = 2) -> list[grader.GradeReport]:
    """Grade every submission in `submissions`, write its results.json, the gradebook and item analysis."""
    limits = limits or grader.Limits()
    chosen = grader.select_questions(questions)
    out.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    reports, pending, all_jobs = [], [], []
    with tempfile.TemporaryDirectory(prefix="kit-batch-") as tmp:
        for index, path in enumerate(find_submissions(submissions)):
            name = path.stem if path.suffix.lower() == ".zip" else path.name
            root = Path(tmp) / f"{index:04d}"
            try:
                impl_dir = unpack(path, root / "unzipped") if path.is_file() else path.resolve()
                results, jobs = grader.prepare(impl_dir, chosen, root, limits)
            except (OSError, zipfile.BadZipFile, ValueError) as exc:
                impl_dir, jobs = path, []
                results = {q.key: grader.QuestionResult(q, grader.CRASHED, 0.0, f"unreadable submission: {exc}")
                           for q in chosen}
            pending.append((name, impl_dir, results))
            all_jobs.extend(jobs)
        if all_jobs:
            grader.prewarm()
            grader.run_jobs(all_jobs, parallel)
        elapsed = round(time.monotonic() - start, 2)
        for name, impl_dir, results in pending:
            ordered = [results[q.key] for q in chosen]
            report = grader.GradeReport(name, impl_dir, ordered, limits, max(0.01, sum(r.duration_s for r in ordered)),
                                        grader.solution_hashes(impl_dir, chosen))
            grader.write_results(report, out / _safe(name) / "results.json")
            reports.append(report)
    write_gradebook(reports, chosen, out / "gradebook.csv")
    write_item_analysis(reports, out / "item_analysis.csv")
    print(f"{len(reports)} submissions graded in {elapsed:.1f} s "
          f"({60 * len(reports) / max(elapsed, 0.01):.1f} per minute, {parallel} at a time)")
    return reports


def write_gradebook(reports: list[grader.GradeReport], chosen: list[Question], path: Path) -> None:
    """One row per submission: its score on each question, and the total."""
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["submission", *[q.key for q in chosen], "total", "max_score"])
        for report in reports:
            writer.writerow([report.submission, *[grader._num(r.score) for r in report.results],
                             grader._num(report.score), grader._num(report.max_score)])


def write_item_analysis(reports: list[grader.GradeReport], path: Path) -> None:
    """Pass rate of each test across the submissions that ran it, the hardest tests first."""
    counts: dict[str, list[int]] = {}
    for report in reports:
        for result in report.results:
            for record in result.records:
                if record["outcome"] == "skipped":
                    continue
                seen = counts.setdefault(record["nodeid"], [0, 0])
                seen[0] += record["outcome"] == "passed"
                seen[1] += 1
    rows = sorted(((passed / n, nodeid, passed, n) for nodeid, (passed, n) in counts.items()),
                  key=lambda row: (row[0], row[1]))
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["test", "question", "pass_rate", "passed", "ran"])
        for rate, nodeid, passed, n in rows:
            question = nodeid.split("/")[1] if nodeid.count("/") >= 2 else ""
            writer.writerow([nodeid, question, f"{rate:.3f}", passed, n])


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]", "_", name) or "submission"


def main(args) -> int:
    """`kit grade-batch SUBMISSIONS --jobs N --out DIR`."""
    limits = grader.Limits(args.question_timeout, args.test_timeout, args.memory_mb)
    keys = [k.strip() for k in args.questions.split(",") if k.strip()] if args.questions else None
    folder = Path(args.submissions)
    if not folder.is_dir():
        print(f"kit grade-batch: {folder} is not a folder", flush=True)
        return 2
    reports = grade_batch(folder, Path(args.out), keys, limits, args.jobs)
    width = max([len(r.submission) for r in reports] + [10])
    for report in reports:
        statuses = " ".join(f"{r.question.key}:{r.status}" for r in report.results if r.status != grader.PASSED)
        print(f"{report.submission:<{width}}  {grader._num(report.score):>6} / {grader._num(report.max_score)}  "
              f"{statuses}")
    print(f"results, gradebook.csv and item_analysis.csv in {args.out}")
    return 0
