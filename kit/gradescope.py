"""`kit gradescope OUT.zip`: a Gradescope autograder package, and the grading run inside it.

Gradescope unzips the package into /autograder/source, runs `setup.sh` as root once to build
the image, then `run_autograder` in a fresh container per submission. The package holds:
  setup.sh          python3-venv where the image lacks it, a venv, the CPU build of torch (PyTorch's
                    CPU wheel index unless `--torch-index-url` names another), then the kit, every
                    package pinned by constraints.txt
  constraints.txt   the versions of the kit's dependencies (and theirs) in the environment that
                    wrote the package, so the image grades with what the instructor tested
  run_autograder    `python -m kit.gradescope`: picks one uploaded solution.py per question,
                    grades within a time budget and writes /autograder/results/results.json
                    after every question
  bert-nsmc-kit/    the kit as graders need it: kit/, exercises/, reference/, the hidden tests and
                    their data, data/, conftest, pyproject, README (no harness tests, mutants,
                    scripts or benchmarks)

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

from kit.concepts import ANSWERS_FILE
from kit.paths import EXERCISES, HIDDEN_TESTS, ROOT, SOLUTION_FILE
from kit.questions import Question
from kit.release import JUNK

if TYPE_CHECKING:  # the grader (and what it imports) loads only when an upload is graded
    from kit.grader import GradeReport, Limits

KIT_DIR = "bert-nsmc-kit"
CONSTRAINTS = "constraints.txt"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# Gradescope stops a run at the assignment's limit (10 minutes unless raised): grading stops
# before it, so the partial results written so far, with feedback, are what the student sees.
DEFAULT_TIME_BUDGET_S = 540.0
# Instructor-only folders under tests/ that graders do not need.
NOT_FOR_GRADING = {"harness", "mutants"}
SCRIPT_MODE = 0o755
QUESTION_FOLDER = re.compile(r"q\d+")
HOW_TO_UPLOAD = ("exercises 폴더를 통째로 올리거나(zip 또는 GitHub 저장소), 각 답을 qN/solution.py 경로로 "
                 "올리세요 (예: q3/solution.py)")


# ---------------------------------------------------------------- the package


def kit_entries(root: Path = ROOT) -> list[Path]:
    """The kit's top-level files and folders (and hidden-test folders) that grading needs."""
    entries = [root / name for name in ("kit", "exercises", "reference", "data")]
    entries += [p for p in sorted((root / HIDDEN_TESTS.name).iterdir())
                if p.is_dir() and p.name not in NOT_FOR_GRADING and not JUNK("", [p.name])]
    entries += [root / name for name in ("conftest.py", "pyproject.toml", "README.md") if (root / name).is_file()]
    return entries


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
run "$AUTOGRADER/venv/bin/python" -c "import kit.grader"
"""


def run_autograder(hidden_visibility: str = "visible", time_budget: float = DEFAULT_TIME_BUDGET_S) -> str:
    """Gradescope's run_autograder: grade the upload with `python -m kit.gradescope`; always leave results.json."""
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
"$PYTHON" -m kit.gradescope --submission "$AUTOGRADER/submission" --results "$RESULTS" \\
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
        for entry in kit_entries(root):
            for path in [entry] if entry.is_file() else sorted(_files(entry)):
                zf.write(path, f"{KIT_DIR}/{path.relative_to(root).as_posix()}")
                count += 1
    return count


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, without caches and build leftovers."""
    return [path for path in folder.rglob("*")
            if path.is_file() and not any(JUNK("", [part]) for part in path.relative_to(folder).parts)]


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
        reason = "exercises/ 안의 파일이 먼저입니다"
    elif len(chosen.parts) < len(others[0].parts):
        reason = "가장 얕은 경로의 파일이 먼저입니다"
    else:
        reason = "같은 깊이의 파일 중 경로의 알파벳 순서로 첫 파일입니다"
    skipped = ", ".join(f"`{p.as_posix()}`" for p in others)
    return f" (같은 문제의 파일이 {len(others) + 1}개: {reason}. 채점하지 않은 파일: {skipped})"


def defined_names(path: Path) -> set[str] | None:
    """The public top-level functions and classes a Python file defines; None when it does not parse."""
    from kit.selfcheck import public_functions

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
            choice.lines[q.key] = f"`{mine[0].as_posix()}` 파일을 채점했습니다{_why(mine[0], mine[1:])}."
    loose = sorted((p for p in found if not QUESTION_FOLDER.fullmatch(p.parent.name)), key=_order)
    wanted = {q.key: defined_names(stubs / q.key / SOLUTION_FILE) or set() for q in questions}
    matched: dict[str, list[Path]] = {}
    for path in loose:
        names = defined_names(upload / path)
        if names is None:
            choice.refused.append(f"`{path.as_posix()}`: 파이썬으로 읽을 수 없어(문법 오류) 어느 문제의 답인지 알 수 "
                                  f"없습니다. {HOW_TO_UPLOAD}.")
            continue
        overlap = {key: len(names & functions) for key, functions in wanted.items()}
        best = max(overlap.values(), default=0)
        keys = [key for key, count in overlap.items() if count == best]
        if best == 0 or len(keys) > 1:
            what = "어느 문제의 함수도 정의하지 않아" if best == 0 else f"{', '.join(keys)}의 함수를 똑같이 정의해"
            choice.refused.append(f"`{path.as_posix()}`: {what} 어느 문제의 답인지 알 수 없습니다. {HOW_TO_UPLOAD}.")
            continue
        matched.setdefault(keys[0], []).append(path)
    for key, paths in matched.items():
        functions = ", ".join(sorted(wanted[key]))
        if key in choice.files:
            skipped = ", ".join(f"`{p.as_posix()}`" for p in paths)
            choice.lines[key] += f" ({key}의 함수를 정의한 {skipped}는 {key}/ 폴더의 파일이 있어 채점하지 않았습니다.)"
            continue
        choice.files[key] = paths[0]
        choice.lines[key] = (f"`{paths[0].as_posix()}` 파일을 채점했습니다: {key} 폴더 밖에 있지만 {key}의 함수"
                             f"({functions})를 정의합니다{_why(paths[0], paths[1:])}.")
    for q in questions:
        choice.lines.setdefault(q.key, f"올린 파일에 {q.key}/solution.py가 없습니다. {HOW_TO_UPLOAD}.")
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
    from kit.grader import markdown_table, out_of_time_messages

    parts = [markdown_table(report), "**채점한 파일** (문제마다 하나: exercises/qN/ 안의 파일이 먼저, 그다음 가장 "
             "얕은 경로, 깊이가 같으면 경로의 알파벳 순서)",
             "\n".join(f"- {r.question.key}: {choice.lines[r.question.key]}" for r in report.results)]
    if choice.refused:
        parts.append("**채점하지 않은 파일**\n" + "\n".join(f"- {line}" for line in choice.refused))
    stopped = [r.question.key for r in report.results if r.message in out_of_time_messages()]
    if stopped:
        parts.append(f"채점 시간 예산({budget:g}초)이 다 되어 {', '.join(stopped)}은(는) 끝까지 채점하지 못했습니다 "
                     "(0점). 무한 루프나 아주 느린 코드가 없는지 확인하세요.")
    if not finished:
        parts.append("채점이 아직 끝나지 않았을 때 쓴 결과입니다: 표에 결과가 없는 문제는 채점되지 않았습니다.")
    return "\n\n".join(parts)


def grade_upload(upload: Path, results: Path, keys: list[str] | None = None, hidden_visibility: str = "visible",
                 time_budget: float = DEFAULT_TIME_BUDGET_S, limits: Limits | None = None) -> dict:
    """Grade a Gradescope upload folder; results.json is rewritten (atomically) after every question."""
    from kit import grader, sandbox

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
            pending = "grading has not finished this question yet"
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
    """`python -m kit.gradescope --submission DIR --results FILE ...`: what run_autograder runs."""
    parser = argparse.ArgumentParser(prog="python -m kit.gradescope", description=run_main.__doc__)
    parser.add_argument("--submission", required=True, help="the upload folder (/autograder/submission)")
    parser.add_argument("--results", required=True, help="where results.json goes")
    parser.add_argument("--questions", help="comma-separated questions to grade (default: all)")
    parser.add_argument("--hidden-visibility", default="visible",
                        choices=["visible", "hidden", "after_due_date", "after_published"])
    parser.add_argument("--time-budget", type=float, default=DEFAULT_TIME_BUDGET_S,
                        help=f"seconds for the whole run (default {DEFAULT_TIME_BUDGET_S:g})")
    args = parser.parse_args(argv)
    from kit import grader

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
