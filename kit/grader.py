"""`kit grade`: grade one submission, question by question, and write Gradescope's results.json.

Only `qN/solution.py` files are taken from the submission; they are copied into a fresh
folder shaped like `exercises/`, so a submission's conftest.py, plugins or data never load.
Each question runs in its own child process, forked from a parent that has already imported
torch, transformers and pytest (the import floor is paid once). The child gets a memory limit,
no network and an import guard (kit.sandbox), runs the question's public and hidden tests with
a per-test timeout, and reports through the plugin's `--kit-json` records. The parent kills a
child that runs past the question's wall-clock limit. A loop, an exit, a crash or a memory bomb
therefore costs its question only, and a results file is always written.

A question's score is its points x (weight of passed tests / weight of all tests), weights
coming from `@pytest.mark.points(w)` (1 by default).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from kit import sandbox
from kit.impl import ImplError, resolve_impl
from kit.notebook import is_notebook, notebook_submission
from kit.paths import DATA, EXERCISES, HIDDEN_TESTS, REFERENCE, ROOT, SOLUTION_FILE, question_test_dirs
from kit.questions import Question, all_questions

PASSED, FAILED, NOT_STARTED, TIMEOUT, CRASHED = "passed", "failed", "not started", "timeout", "crashed"
TIMEOUT_MARK = "from pytest-timeout"
PACKAGES = ("torch", "transformers", "tokenizers", "pytest", "pytest-timeout", "hypothesis", "numpy", "pandas",
            "bert-nsmc-kit")


@dataclass
class Limits:
    """Resources one question's child process may use."""

    question_s: float = 300.0  # wall clock for the whole question (public + hidden tests)
    test_s: float = 120.0  # pytest-timeout, per test (setup included)
    memory_mb: int = 3072  # RLIMIT_AS; torch, transformers and the tiny model peak near 1.5 GB of it
    shuffle: int | None = None  # run the tests in an order shuffled by this seed (kit check's flake part)


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

    @property
    def max_score(self) -> float:
        return float(self.question.points)


@dataclass
class Job:
    """One question of one submission, run in a forked child."""

    question: Question
    impl_dir: Path
    workdir: Path
    limits: Limits
    result: QuestionResult
    pid: int = 0
    started: float = 0.0
    killed: bool = False

    @property
    def records_path(self) -> Path:
        return self.workdir / f"{self.question.key}.records.json"

    @property
    def progress_path(self) -> Path:
        return self.workdir / f"{self.question.key}.progress.jsonl"

    @property
    def violations_path(self) -> Path:
        return self.workdir / f"{self.question.key}.violations.txt"

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.question.key}.log"


# ---------------------------------------------------------------- preparing a submission


def stage_submission(impl_dir: Path, questions: list[Question], dest: Path) -> dict[str, str]:
    """Copy each `<impl_dir>/qN/solution.py` (and nothing else) into `dest/qN/`.

    Returns, per question, why it cannot run ("" when it can): a missing file or a forbidden import.
    """
    problems = {}
    for q in questions:
        source = impl_dir / q.key / SOLUTION_FILE
        if not source.is_file():
            problems[q.key] = f"no {q.key}/{SOLUTION_FILE} in the submission"
            continue
        target = dest / q.key / SOLUTION_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        found = sandbox.forbidden_imports(target) + sandbox.policy_violations(target)
        problems[q.key] = "; ".join(found)
    return problems


def prewarm() -> None:
    """Import what every question needs once, in the parent, so forked children start warm.

    The plugin comes first: it sets HF_HUB_OFFLINE, which huggingface_hub reads once, at import.
    """
    import kit.pytest_plugin  # noqa: F401, I001
    import pytest  # noqa: F401
    import torch  # noqa: F401
    import transformers  # noqa: F401
    from transformers import AutoModel, AutoTokenizer  # noqa: F401


# ---------------------------------------------------------------- running questions


def _child(job: Job) -> int:
    """The forked child: confine itself, then run the question's tests in pytest."""
    os.setpgid(0, 0)
    log = os.open(job.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.chdir(ROOT)
    sandbox.limit_memory(job.limits.memory_mb)
    sandbox.block_network()
    sandbox.guard_imports(job.impl_dir, job.violations_path)
    integrity = sandbox.IntegrityGuard(job.violations_path)
    integrity.take()
    import pytest

    import kit.impl
    import kit.pytest_plugin

    # A parent that ran tests itself (a harness test calling grade()) must not leak its records.
    kit.pytest_plugin._records.clear()
    kit.impl._loaded.clear()
    args = [*question_test_dirs(job.question.key), "--impl", str(job.impl_dir), "--kit-json", str(job.records_path),
            "--kit-progress", str(job.progress_path), f"--timeout={job.limits.test_s:g}",
            "-q", "--no-header", "-p", "no:randomly", "-p", "no:cacheprovider", "-o", "console_output_style=classic"]
    if job.limits.shuffle is not None:
        args.append(f"--kit-shuffle={job.limits.shuffle}")
    code = int(pytest.main(args, plugins=[integrity]))
    integrity.verify()
    return code


def _start(job: Job) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    job.started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child never returns into the grader
        code = 70
        try:
            code = _child(job)
        except BaseException:
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    job.pid = pid


def _kill_group(pid: int) -> None:
    """Kill the child's process group (anything the learner's code started goes too)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kit_files() -> sandbox.KitFiles:
    """What a grading child reads from the kit and must not be able to change for later questions:
    the questions' tests and metadata, the hidden tests and their data, the reference, the kit's
    own modules, the shipped data, and the pytest configuration."""
    roots = [*EXERCISES.glob("q*"), *HIDDEN_TESTS.glob("q*"), HIDDEN_TESTS / "data", REFERENCE, ROOT / "kit", DATA]
    return sandbox.KitFiles(roots, [ROOT / "conftest.py", ROOT / "pyproject.toml"])


def run_jobs(jobs: list[Job], parallel: int = 1, files: sandbox.KitFiles | None = None) -> None:
    """Run every job in a forked child, `parallel` at a time, each within its wall-clock limit.

    With `files` (a snapshot of the kit's files), each finished child is followed by a check
    that the kit's files are unchanged. A change is undone at once; the child that made it
    scores 0. When several children ran at the time, they are all run again, one at a time,
    to tell which one wrote. The changed files are kept under .kit/undone/ (so an edit an
    instructor made during a grading run is never lost). The grader adopts orphaned processes
    while it runs (Linux), so what a child detached is killed when the child ends.
    """
    queue, running = list(jobs), {}
    since = sandbox.clock_ticks() - 1 if sandbox.set_subreaper(True) else None
    try:
        _run_queue(queue, running, parallel, files, since)
    finally:
        if since is not None:
            sandbox.kill_strays(set(), since)
            sandbox.set_subreaper(False)


def _run_queue(queue: list[Job], running: dict[int, Job], parallel: int, files: sandbox.KitFiles | None,
               since: int | None) -> None:
    while queue or running:
        while queue and len(running) < max(1, parallel):
            job = queue.pop(0)
            _start(job)
            running[job.pid] = job
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        if pid == 0:
            now = time.monotonic()
            for job in running.values():
                if not job.killed and now - job.started > job.limits.question_s:
                    job.killed = True
                    _kill_group(job.pid)
            time.sleep(0.05)
            continue
        job = running.pop(pid, None)
        if job is None:
            continue
        _kill_group(pid)
        if since is not None:  # anything it detached goes too, before its writes are checked
            sandbox.kill_strays(set(running), since)
        keep = ROOT / ".kit" / "undone" / time.strftime("%Y%m%d-%H%M%S")
        changed = files.undo(keep) if files is not None else []
        if changed:
            print(f"kit grade: the kit's files changed while {job.question.key} ran ({sandbox.listed(changed)}); "
                  f"put back, the changed copies are in {keep}", file=sys.stderr)
            if running:  # who wrote? run every suspect again, alone
                suspects = [job, *running.values()]
                for other in list(running.values()):
                    _kill_group(other.pid)
                    os.waitpid(other.pid, 0)
                running.clear()
                for suspect in suspects:
                    _reset(suspect)
                queue[:0] = suspects
                parallel = 1
                continue
        job.result.duration_s = round(time.monotonic() - job.started, 2)
        job.result.peak_rss_mb = round(usage.ru_maxrss / 1024, 1)
        finish(job, os.waitstatus_to_exitcode(status))
        if changed:
            job.result.status, job.result.score = FAILED, 0.0
            job.result.message = (f"wrote into the kit's files ({sandbox.listed(changed)}; undone); "
                                  "this question scores 0")


def _reset(job: Job) -> None:
    """Forget a child's run so the job can start again from scratch."""
    for path in (job.records_path, job.progress_path, job.violations_path, job.log_path):
        path.unlink(missing_ok=True)
    job.pid, job.started, job.killed = 0, 0.0, False
    job.result.records, job.result.status, job.result.score, job.result.message = [], NOT_STARTED, 0.0, ""


def _read_progress(path: Path) -> list[dict]:
    records: dict[str, dict] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            records[record["nodeid"]] = record
    return list(records.values())


def finish(job: Job, code: int) -> None:
    """Turn a finished child (exit code, records, violations) into the question's result."""
    result, limits = job.result, job.limits
    violations = job.violations_path.read_text(encoding="utf-8").strip() if job.violations_path.exists() else ""
    if job.records_path.exists() and code in (0, 1):
        result.records = json.loads(job.records_path.read_text(encoding="utf-8"))
    else:
        result.records = _read_progress(job.progress_path)
        if job.killed:
            result.status = TIMEOUT
            result.message = f"ran past the {limits.question_s:g} s limit for the whole question"
        elif code < 0:
            result.status = CRASHED
            name = signal.Signals(-code).name if -code in signal.Signals.__members__.values() else str(-code)
            result.message = f"the test process was killed by {name}"
            if -code == signal.SIGKILL:
                result.message += " (out of memory?)"
        elif job.records_path.exists():
            result.status = CRASHED
            result.message = f"the tests could not run (pytest exit {code}); this is the kit's problem, tell staff"
        else:
            result.status = CRASHED
            result.message = (f"the test process exited (code {code}) before the tests finished; "
                              "does the solution call sys.exit, os._exit or exit()?")
        result.score = 0.0
        if violations:
            result.message = violations.splitlines()[0]
        return
    score_records(result, limits)
    if violations:
        result.status, result.score, result.message = FAILED, 0.0, violations.splitlines()[0]


def score_records(result: QuestionResult, limits: Limits) -> None:
    """Points x passed weight / total weight; the status says what went wrong, if anything.

    A skipped test counts as not passed: no graded test skips itself, so a skip can only come
    from the submission (pytest.skip, unittest.SkipTest) and must not take its weight away.
    """
    graded = result.records
    total = sum(r.get("weight", 1.0) for r in graded)
    passed = sum(r.get("weight", 1.0) for r in graded if r["outcome"] == "passed")
    result.score = round(result.max_score * passed / total, 4) if total else 0.0
    summaries = [r.get("summary") or r.get("message", "") for r in graded if r["outcome"] != "passed"]
    if not graded:
        result.status, result.message = CRASHED, "no test of this question ran"
    elif any("MemoryError" in s for s in summaries):
        result.status = CRASHED
        result.message = f"ran out of memory (limit {limits.memory_mb} MB)"
    elif any(TIMEOUT_MARK in s for s in summaries):
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


def prepare(impl_dir: Path, chosen: list[Question], tmp: Path, limits: Limits) -> tuple[dict, list[Job]]:
    """Stage one submission under `tmp`; its results (pre-filled for questions that cannot run) and jobs."""
    staged, work = tmp / "submission", tmp / "work"
    work.mkdir(parents=True)
    problems = stage_submission(impl_dir, chosen, staged)
    results = {q.key: QuestionResult(q) for q in chosen}
    jobs = []
    for q in chosen:
        if problems[q.key]:
            missing = not (staged / q.key / SOLUTION_FILE).exists()
            results[q.key].status = NOT_STARTED if missing else FAILED
            results[q.key].message = problems[q.key] if missing else (
                f"{problems[q.key]}; {sandbox.POLICY} (nor import the kit's answers or tests), "
                "so this question scores 0")
            continue
        jobs.append(Job(q, staged.resolve(), work, limits, results[q.key]))
    return results, jobs


def grade(impl: str | Path = "exercises", questions: list[str] | None = None, limits: Limits | None = None,
          parallel: int = 1) -> GradeReport:
    """Grade one submission folder (or `exercises` / `reference`); never raises for a bad submission."""
    limits = limits or Limits()
    start = time.monotonic()
    chosen = select_questions(questions)
    with tempfile.TemporaryDirectory(prefix="kit-grade-") as tmp:
        if is_notebook(impl):  # a submitted .ipynb: its `# kit: qN` cells become a submission folder
            impl_dir = notebook_submission(Path(impl), Path(tmp) / "notebook")
        else:
            impl_dir = resolve_impl(str(impl))
        results, jobs = prepare(impl_dir, chosen, Path(tmp), limits)
        if jobs:
            prewarm()
            # The kit's own reference is trusted: grading it guards nothing, so an instructor may
            # edit the kit while `kit check` runs. Every other submission is guarded.
            files = None if impl_dir == REFERENCE else kit_files()
            if files is not None:
                files.snapshot()
            run_jobs(jobs, parallel, files)
        hashes = solution_hashes(impl_dir, chosen)
    return GradeReport(str(impl), impl_dir, [results[q.key] for q in chosen], limits,
                       round(time.monotonic() - start, 2), hashes)


def solution_hashes(impl_dir: Path, chosen: list[Question]) -> dict[str, str | None]:
    """sha256 of each graded solution.py, so a grade can be tied to the exact file."""
    return {q.key: _sha256_file(impl_dir / q.key / SOLUTION_FILE) for q in chosen}


def select_questions(keys: list[str] | None) -> list[Question]:
    """The questions to grade, in lesson order; an unknown key is a usage error (ValueError)."""
    known = {q.key: q for q in all_questions()}
    if not keys:
        return list(known.values())
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValueError(f"unknown question(s) {', '.join(unknown)}; the kit has {', '.join(known)}")
    return [q for q in known.values() if q.key in keys]


# ---------------------------------------------------------------- reports


@dataclass
class GradeReport:
    """Every question's result for one submission, plus what is needed to replay the grade."""

    submission: str
    impl_dir: Path
    results: list[QuestionResult]
    limits: Limits
    execution_time: float
    solution_hashes: dict[str, str]

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
                 "max_score": result.max_score, "status": "failed", "output": f"{result.status}: {result.message}",
                 "visibility": "visible", "tags": [q.key, result.status]}]
    graded = result.records
    total = sum(r.get("weight", 1.0) for r in graded) or 1.0
    zero = result.score == 0 and result.status == FAILED and bool(result.message)
    entries = []
    for index, record in enumerate(result.records, start=1):
        hidden = is_hidden(record)
        worth = result.max_score * record.get("weight", 1.0) / total
        passed = record["outcome"] == "passed" and not zero
        if record["outcome"] == "passed":
            output = f"passed, but {result.message}" if zero else ""
        elif record["outcome"] == "skipped":
            output = "skipped: a graded test may not be skipped, so it counts as failed"
        elif hidden:
            output = record.get("summary") or "failed"
        else:
            output = record.get("message", "")
        entries.append({
            "name": f"{q.key}: {record['nodeid'].split('::')[-1]}",
            "number": f"{q.number}.{index}",
            "score": round(worth, 4) if passed else 0.0,
            "max_score": round(worth, 4),
            "status": "passed" if passed else "failed",
            "output": output,
            "visibility": hidden_visibility if hidden else "visible",
            "tags": [q.key, "hidden" if hidden else "public", record["outcome"].replace("_", " ")],
        })
    return entries


def results_json(report: GradeReport, hidden_visibility: str = "visible") -> dict:
    """The report in Gradescope's autograder format, with replay data in `extra_data`."""
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": report.execution_time,
        "output": table(report),
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
        "submission": report.submission,
        "questions": {r.question.key: {"status": r.status, "score": r.score, "max_score": r.max_score,
                                       "message": r.message, "duration_s": r.duration_s,
                                       "peak_rss_mb": r.peak_rss_mb} for r in report.results},
        "solution_sha256": report.solution_hashes,
        # What tests measured (record_property), e.g. Q9's accuracies: compared by kit check's flake part.
        "measurements": {record["nodeid"]: record["properties"] for r in report.results for record in r.records
                         if record.get("properties")},
        "test_order": "file order" if report.limits.shuffle is None else f"shuffled, seed {report.limits.shuffle}",
        "hidden_tests": [r.question.key for r in report.results if (HIDDEN_TESTS / r.question.key).is_dir()],
        "seeds": {"random": 0, "numpy": 0, "torch": 0, "hypothesis": "derandomized (profile kit)",
                  "scope": "reseeded before every test"},
        "limits": {"question_s": report.limits.question_s, "test_s": report.limits.test_s,
                   "memory_mb": report.limits.memory_mb, "network": "blocked"},
        "versions": {"python": platform.python_version(), **{p: _version(p) for p in PACKAGES}},
        "model": {"name_or_path": model, "sha256": _sha256_tree(Path(model))},
        "data": {p.name: _sha256_tree(p) for p in sorted(DATA.iterdir()) if p.is_dir() and p != Path(model)},
        "platform": platform.platform(),
    }


def table(report: GradeReport) -> str:
    """The terminal table: one row per question (points, status, message) and the total."""
    from kit.cli import pad

    lines = [f"{'':4}{pad('question', 40)}{'points':>13}  {'status':<12}"]
    for r in report.results:
        q = r.question
        points = f"{_num(r.score)} / {_num(r.max_score)}"
        lines.append(f"{q.key:<4}{pad(q.title_ko, 40)}{points:>13}  {r.status:<12}{r.message}".rstrip())
    lines.append(f"{'':4}{pad('total', 40)}{_num(report.score) + ' / ' + _num(report.max_score):>13}")
    return "\n".join(lines)


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


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _sha256_file(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _sha256_tree(path: Path) -> str | None:
    """One hash over a folder's files (names and contents), or over one file; None when absent."""
    if path.is_file():
        return _sha256_file(path)
    if not path.is_dir():
        return None
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(file.relative_to(path)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def write_results(report: GradeReport, path: Path, hidden_visibility: str = "visible") -> None:
    """Write results.json (atomically: a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(results_json(report, hidden_visibility), ensure_ascii=False, indent=1),
                       encoding="utf-8")
    partial.replace(path)


def failure_results(message: str, questions: list[Question], started: float) -> dict:
    """A results file for a grading run that could not start (e.g. an unreadable submission)."""
    return {"score": 0.0, "max_score": float(sum(q.points for q in questions)),
            "execution_time": round(time.monotonic() - started, 2), "output": message, "tests": [],
            "extra_data": {"error": message}}


def main(args) -> int:
    """`kit grade`: grade, print the table, write results.json (always) and JUnit XML on request."""
    started = time.monotonic()
    results_path = Path(args.results)
    limits = Limits(args.question_timeout, args.test_timeout, args.memory_mb, getattr(args, "shuffle", None))
    keys = [k.strip() for k in args.questions.split(",") if k.strip()] if args.questions else None
    try:
        report = grade(args.impl, keys, limits, args.jobs)
    except (ValueError, ImplError) as exc:
        print(f"kit grade: {exc}", file=sys.stderr)
        chosen = [q for q in all_questions() if not keys or q.key in keys]
        results_path.parent.mkdir(parents=True, exist_ok=True)
        results_path.write_text(json.dumps(failure_results(str(exc), chosen, started), indent=1), encoding="utf-8")
        return 2
    print(table(report))
    if not HIDDEN_TESTS.is_dir():
        print("\nnote: this copy of the kit has no hidden tests (a student bundle): public tests only, "
              "so the final grade may differ")
    write_results(report, results_path, args.hidden_visibility)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\n{results_path} written in {report.execution_time:.1f} s (largest question process: {peak:.0f} MB)")
    if args.junit:
        Path(args.junit).write_text(junit_xml(report), encoding="utf-8")
    return 0
