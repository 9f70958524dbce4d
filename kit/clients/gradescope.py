"""`kit gradescope OUT.zip`: a Gradescope autograder package, and the grading run inside it.

Gradescope unzips the package into /autograder/source, runs `setup.sh` as root once to build
the image, then `run_autograder` in a fresh container per submission. The package holds:
  setup.sh          python3-venv where the image lacks it, a venv, the CPU build of torch (PyTorch's
                    CPU wheel index unless `--torch-index-url` names another), then the kit, every
                    package pinned by constraints.txt
  constraints.txt   the versions of the kit's dependencies (and theirs) in the environment that
                    wrote the package, so the image grades with what the instructor tested
  run_autograder    `python -m kit.clients.gradescope`: picks one uploaded solution.py per question,
                    grades within a time budget and writes /autograder/results/results.json
                    after every question
  bert-nsmc-kit/    the kit as graders need it (its inclusion list is kit.paths.GRADESCOPE): kit/,
                    exercises/, reference/, the hidden tests (tests/qN/), their data (tests/data/)
                    and messages (tests/messages.py), data/, conftest, pyproject, README (no
                    harness tests, mutants, variants, hostile cases, scripts or benchmarks)

Which uploaded file is graded, per question (said to the student in the results):
  1. a `solution.py` in a folder named `qN` under a folder named `exercises` (the repository layout);
  2. otherwise the `qN/solution.py` with the fewest folders above it;
  3. between files at the same depth, the first in alphabetical order of their paths.
A `solution.py` outside any `qN` folder is matched to the one question whose stub's public
functions it defines, and used when that question has no `qN/solution.py`; a file that matches
no question, or several, is refused with a message that says how to upload.
"""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import sys
import tempfile
import time
import tomllib
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from kit.learn.concepts import ANSWERS_FILE
from kit.messages import msg
from kit.paths import EXERCISES, GRADESCOPE, ROOT, SOLUTION_FILE, artefact_files
from kit.questions import Question

if TYPE_CHECKING:  # the grader (and what it imports) loads only when an upload is graded
    from kit.grading.grader import GradeReport, Limits

KIT_DIR = "bert-nsmc-kit"
CONSTRAINTS = "constraints.txt"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# Gradescope stops a run at the assignment's limit (10 minutes unless raised): grading stops
# before it, so the partial results written so far, with feedback, are what the student sees.
DEFAULT_TIME_BUDGET_S = 540.0
SCRIPT_MODE = 0o755
QUESTION_FOLDER = re.compile(r"q\d+")


# ---------------------------------------------------------------- the package


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalized (PEP 503)."""
    return re.sub(r"[-_.]+", "-", re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement).group(1)).lower()


def constraints(root: Path = ROOT) -> str:
    """constraints.txt: `name==version` for the kit's dependencies and everything they require,
    as installed here. Local labels are dropped (`2.13.0+cpu` -> `2.13.0`): `==2.13.0` still
    admits the CPU wheel, and the same file serves any index."""
    from packaging.requirements import Requirement

    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins, todo = {}, [_name(r) for r in declared]
    while todo:
        name = todo.pop()
        if name in pins:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency of a dependency that is not installed here
        pins[name] = dist.version.split("+")[0]
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(_name(requirement.name))
    header = ("# Written by `kit gradescope` from the environment that built the package: setup.sh installs\n"
              "# with these versions so that Gradescope grades with what the instructor tested.\n")
    return header + "".join(f"{name}=={version}\n" for name, version in sorted(pins.items()))


def setup_sh(torch_index_url: str = CPU_INDEX) -> str:
    """Gradescope's setup.sh: Python 3.11+ with venv, a venv, torch from `torch_index_url`, then the kit."""
    return f"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# --dry-run prints the commands that change the system instead of running them (to test the package);
# AUTOGRADER_ROOT (default /autograder) exists for the same reason.
set -euo pipefail
AUTOGRADER=${{AUTOGRADER_ROOT:-/autograder}}
KIT="$AUTOGRADER/source/{KIT_DIR}"
CONSTRAINTS="$AUTOGRADER/source/{CONSTRAINTS}"
TORCH_INDEX_URL={shlex.quote(torch_index_url)}
DRY_RUN=0
if [[ "${{1:-}}" == "--dry-run" ]]; then
    DRY_RUN=1
fi

run() {{
    if ((DRY_RUN)); then
        echo "+ $*"
    else
        "$@"
    fi
}}

apt_install() {{
    run apt-get update
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}}

PYTHON=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    apt_install python3.11 python3.11-venv
    PYTHON=python3.11
fi
# Debian and Ubuntu ship venv (ensurepip) apart from Python itself.
if ((!DRY_RUN)) && ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
    apt_install "$("$PYTHON" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')"
fi
run "$PYTHON" -m venv "$AUTOGRADER/venv"
PIP=("$AUTOGRADER/venv/bin/python" -m pip install --no-cache-dir --disable-pip-version-check
     --constraint "$CONSTRAINTS")
# torch alone from its index (the CPU build: no CUDA download), at the pinned version; its own
# requirements then come from PyPI with the kit's, under the same constraints.
run "${{PIP[@]}}" --no-deps --index-url "$TORCH_INDEX_URL" torch
run "${{PIP[@]}}" -e "$KIT"
run "$AUTOGRADER/venv/bin/python" -m pip check
run "$AUTOGRADER/venv/bin/python" -c "import kit.grading.grader"
"""


def run_autograder(hidden_visibility: str = "visible", time_budget: float = DEFAULT_TIME_BUDGET_S) -> str:
    """Gradescope's run_autograder: grade the upload with `python -m kit.clients.gradescope`; always leave
    results.json."""
    return f"""#!/usr/bin/env bash
# Gradescope runs this once per submission, in a fresh container.
# AUTOGRADER_ROOT, KIT_PYTHON and KIT_GRADE_ARGS exist for testing the package off Gradescope.
set -uo pipefail
AUTOGRADER=${{AUTOGRADER_ROOT:-/autograder}}
KIT="$AUTOGRADER/source/{KIT_DIR}"
PYTHON=${{KIT_PYTHON:-$AUTOGRADER/venv/bin/python}}
RESULTS="$AUTOGRADER/results/results.json"
mkdir -p "$AUTOGRADER/results"
cd "$KIT" || exit 1

# KIT_GRADE_ARGS is split into words on purpose (e.g. "--questions q3,q4").
# shellcheck disable=SC2086
"$PYTHON" -m kit.clients.gradescope --submission "$AUTOGRADER/submission" --results "$RESULTS" \\
    --hidden-visibility {shlex.quote(hidden_visibility)} --time-budget {time_budget:g} ${{KIT_GRADE_ARGS:-}}
if [[ ! -s "$RESULTS" ]]; then
    echo '{{"score": 0, "output": "The autograder failed before grading. Please tell course staff.", "tests": []}}' \\
        > "$RESULTS"
fi
"""


def build_package(out: Path, torch_index_url: str = CPU_INDEX, hidden_visibility: str = "visible",
                  time_budget: float = DEFAULT_TIME_BUDGET_S, root: Path = ROOT) -> int:
    """Write the autograder zip to `out`; the number of files in it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        written = {"setup.sh": setup_sh(torch_index_url),
                   "run_autograder": run_autograder(hidden_visibility, time_budget), CONSTRAINTS: constraints(root)}
        for name, text in written.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | (SCRIPT_MODE if name != CONSTRAINTS else 0o644)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text)
            count += 1
        for relative in artefact_files(GRADESCOPE, root):
            zf.write(root / relative, f"{KIT_DIR}/{relative}")
            count += 1
    return count


def main(args) -> int:
    """`kit gradescope OUT.zip [--torch-index-url URL] [--hidden-visibility V] [--time-budget S]`."""
    out = Path(args.out)
    if out.suffix.lower() != ".zip":
        print(f"kit gradescope: {out} should end in .zip", file=sys.stderr)
        return 2
    if args.time_budget <= 0:
        print(f"kit gradescope: --time-budget must be a positive number of seconds, got {args.time_budget:g}",
              file=sys.stderr)
        return 2
    count = build_package(out, args.torch_index_url, args.hidden_visibility, args.time_budget)
    size = out.stat().st_size / 1024 / 1024
    print(f"{out} written: setup.sh, run_autograder, {CONSTRAINTS} and the kit ({count} files, {size:.1f} MB).")
    print(f"Upload it as a zip-file autograder. Grading stops after {args.time_budget:g} s: keep that under the "
          "assignment's autograder timeout (Gradescope's default is 10 minutes).")
    return 0


# ---------------------------------------------------------------- which uploaded file is graded


@dataclass
class FileChoice:
    """Per question, the uploaded file graded (relative to the upload) and a line for the student."""

    files: dict[str, Path] = field(default_factory=dict)
    lines: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # loose solution.py files that no question could take


def _uploaded_solutions(upload: Path) -> list[Path]:
    """Every regular `solution.py` under `upload` (relative paths), leaving out hidden folders, macOS
    metadata (`__MACOSX`), caches and anything reached through a symbolic link."""
    found = []
    for path in upload.rglob(SOLUTION_FILE):
        relative = path.relative_to(upload)
        if any(part.startswith((".", "__")) for part in relative.parts[:-1]):
            continue
        if any((upload / Path(*relative.parts[:depth])).is_symlink() for depth in range(1, len(relative.parts) + 1)):
            continue
        if path.is_file():
            found.append(relative)
    return found


def _order(path: Path) -> tuple:
    """Precedence: exercises/qN/ first, then the fewest folders above the file, then alphabetical."""
    in_exercises = len(path.parts) >= 3 and path.parts[-3] == EXERCISES.name
    return (not in_exercises, len(path.parts), path.as_posix())


def _why(chosen: Path, others: list[Path]) -> str:
    if not others:
        return ""
    if _order(chosen)[0] != _order(others[0])[0]:
        reason = msg("gradescope.why.exercises_first")
    elif len(chosen.parts) < len(others[0].parts):
        reason = msg("gradescope.why.shallowest")
    else:
        reason = msg("gradescope.why.alphabetical")
    skipped = ", ".join(f"`{p.as_posix()}`" for p in others)
    return f" ({msg('gradescope.why', count=len(others) + 1, reason=reason, skipped=skipped)})"


def defined_names(path: Path) -> set[str] | None:
    """The public top-level functions and classes a Python file defines; None when it does not parse."""
    from kit.authoring.selfcheck import public_functions

    try:
        return set(public_functions(path))
    except (SyntaxError, ValueError):  # ValueError: not UTF-8, or a null byte
        return None


def choose_files(upload: Path, questions: list[Question], stubs: Path = EXERCISES) -> FileChoice:
    """Pick the file graded for each question of `questions` from an upload folder (see the module doc)."""
    choice = FileChoice()
    found = _uploaded_solutions(upload)
    for q in questions:
        mine = sorted((p for p in found if p.parent.name == q.key), key=_order)
        if mine:
            choice.files[q.key] = mine[0]
            choice.lines[q.key] = msg("gradescope.graded", path=mine[0].as_posix(), why=_why(mine[0], mine[1:]))
    loose = sorted((p for p in found if not QUESTION_FOLDER.fullmatch(p.parent.name)), key=_order)
    wanted = {q.key: defined_names(stubs / q.key / SOLUTION_FILE) or set() for q in questions}
    matched: dict[str, list[Path]] = {}
    how = msg("gradescope.how_to_upload")
    for path in loose:
        names = defined_names(upload / path)
        if names is None:
            choice.refused.append(msg("gradescope.unparsable", path=path.as_posix(), how=how))
            continue
        overlap = {key: len(names & functions) for key, functions in wanted.items()}
        best = max(overlap.values(), default=0)
        keys = [key for key, count in overlap.items() if count == best]
        if best == 0 or len(keys) > 1:
            choice.refused.append(msg("gradescope.no_question", path=path.as_posix(), how=how) if best == 0 else
                                  msg("gradescope.several_questions", path=path.as_posix(), keys=", ".join(keys),
                                      how=how))
            continue
        matched.setdefault(keys[0], []).append(path)
    for key, paths in matched.items():
        functions = ", ".join(sorted(wanted[key]))
        if key in choice.files:
            skipped = ", ".join(f"`{p.as_posix()}`" for p in paths)
            choice.lines[key] += f" ({msg('gradescope.loose_skipped', key=key, skipped=skipped)})"
            continue
        choice.files[key] = paths[0]
        choice.lines[key] = msg("gradescope.graded_loose", path=paths[0].as_posix(), key=key, functions=functions,
                                why=_why(paths[0], paths[1:]))
    for q in questions:
        choice.lines.setdefault(q.key, msg("gradescope.missing", key=q.key, how=how))
    return choice


def stage(upload: Path, choice: FileChoice, dest: Path) -> None:
    """Copy each chosen file to `dest/qN/solution.py` (a folder shaped like exercises/)."""
    for key, relative in choice.files.items():
        (dest / key).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(upload / relative, dest / key / SOLUTION_FILE)
        answers = (upload / relative).parent / ANSWERS_FILE  # the question's concept answers, read as data
        if answers.is_file() and not answers.is_symlink():
            shutil.copyfile(answers, dest / key / ANSWERS_FILE)


# ---------------------------------------------------------------- grading an upload


def summary(report: GradeReport, choice: FileChoice, budget: float, finished: bool) -> str:
    """results.json's `output` (markdown): the score table, the file graded per question, and why
    any question was not graded."""
    from kit.grading.grader import markdown_table, out_of_time_messages

    parts = [markdown_table(report), msg("gradescope.graded_files"),
             "\n".join(f"- {r.question.key}: {choice.lines[r.question.key]}" for r in report.results)]
    if choice.refused:
        parts.append(msg("gradescope.refused_files") + "\n" + "\n".join(f"- {line}" for line in choice.refused))
    stopped = [r.question.key for r in report.results if r.message in out_of_time_messages()]
    if stopped:
        parts.append(msg("gradescope.out_of_time", budget=budget, questions=", ".join(stopped)))
    if not finished:
        parts.append(msg("gradescope.unfinished"))
    return "\n\n".join(parts)


def grade_upload(upload: Path, results: Path, keys: list[str] | None = None, hidden_visibility: str = "visible",
                 time_budget: float = DEFAULT_TIME_BUDGET_S, limits: Limits | None = None) -> dict:
    """Grade a Gradescope upload folder; results.json is rewritten (atomically) after every question."""
    from kit.grading import grader
    from kit.isolation import sandbox

    started = time.monotonic()
    deadline = started + time_budget
    # Gradescope's containers may not allow the namespaces bubblewrap needs: then the learner's code
    # still runs in its own worker process, unconfined, and results.json says "sandbox": false.
    no_sandbox = sandbox.unavailable() is not None
    chosen = grader.select_questions(keys)
    choice = choose_files(upload, chosen)
    limits = limits or grader.Limits()
    done: dict[str, grader.QuestionResult] = {}

    def write(finished: bool, report: grader.GradeReport | None = None) -> dict:
        if report is None:
            pending = msg("gradescope.pending")
            ordered = [done.get(q.key) or grader.QuestionResult(q, grader.TIMEOUT, 0.0, pending) for q in chosen]
            report = grader.GradeReport(str(upload), staged, ordered, limits,
                                        round(time.monotonic() - started, 2), {}, not no_sandbox)
        data = grader.results_json(report, hidden_visibility)
        data["output"] = summary(report, choice, time_budget, finished)
        data["extra_data"]["graded_files"] = {k: p.as_posix() for k, p in choice.files.items()}
        data["extra_data"]["solution_sha256"] = grader.solution_hashes(staged, chosen)
        data["extra_data"]["time_budget_s"] = time_budget
        grader.write_json_atomically(data, results)
        return data

    def on_result(result: grader.QuestionResult) -> None:
        done[result.question.key] = result
        write(False)

    with tempfile.TemporaryDirectory(prefix="kit-upload-") as tmp:
        staged = Path(tmp) / "upload"
        staged.mkdir()
        stage(upload, choice, staged)
        write(False)  # a results file exists before any question runs
        report = grader.grade(staged, [q.key for q in chosen], limits, 1, deadline, on_result, no_sandbox=no_sandbox)
        report.submission = str(upload)
        return write(True, report)


def run_main(argv: list[str] | None = None) -> int:
    """`python -m kit.clients.gradescope --submission DIR --results FILE ...`: what run_autograder runs."""
    parser = argparse.ArgumentParser(prog="python -m kit.clients.gradescope", description=run_main.__doc__)
    parser.add_argument("--submission", required=True, help="the upload folder (/autograder/submission)")
    parser.add_argument("--results", required=True, help="where results.json goes")
    parser.add_argument("--questions", help="comma-separated questions to grade (default: all)")
    parser.add_argument("--hidden-visibility", default="visible",
                        choices=["visible", "hidden", "after_due_date", "after_published"])
    parser.add_argument("--time-budget", type=float, default=DEFAULT_TIME_BUDGET_S,
                        help=f"seconds for the whole run (default {DEFAULT_TIME_BUDGET_S:g})")
    args = parser.parse_args(argv)
    from kit.grading import grader

    keys = [k.strip() for k in args.questions.split(",") if k.strip()] if args.questions else None
    try:
        data = grade_upload(Path(args.submission), Path(args.results), keys, args.hidden_visibility, args.time_budget)
    except ValueError as exc:
        print(f"kit gradescope: {exc}", file=sys.stderr)
        grader.write_json_atomically(grader.failure_results(str(exc), grader.all_questions(), time.monotonic()),
                                     Path(args.results))
        return 2
    print(data["output"])
    return 0


if __name__ == "__main__":
    sys.exit(run_main())
