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

Which uploaded file is graded, per question, is kit.grading.intake's rule, the same for every
submission shape: the repository's exercises/qN/solution.py first, then the shallowest
qN/solution.py, a loose solution.py matched by its functions, or a notebook's `# kit: qN` cells.
An upload that is a single .zip or .ipynb is taken as that file.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
import tempfile
import time
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from kit.messages import msg
from kit.paths import GRADESCOPE, ROOT, artefact_files

if TYPE_CHECKING:  # the grader (and what it imports) loads only when an upload is graded
    from kit.grading.grader import GradeReport, Limits

KIT_DIR = "bert-nsmc-kit"
CONSTRAINTS = "constraints.txt"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# Gradescope stops a run at the assignment's limit (10 minutes unless raised): grading stops
# before it, so the partial results written so far, with feedback, are what the student sees.
DEFAULT_TIME_BUDGET_S = 540.0
SCRIPT_MODE = 0o755


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


# ---------------------------------------------------------------- grading an upload


def summary(report: GradeReport, budget: float, finished: bool) -> str:
    """results.json's `output` (markdown): the score table, the file graded per question, and why
    any question was not graded."""
    from kit.grading.grader import markdown_table, out_of_time_messages
    from kit.grading.reports import files_markdown

    parts = [markdown_table(report), files_markdown(report)]
    stopped = [r.question.key for r in report.results if r.message in out_of_time_messages()]
    if stopped:
        parts.append(msg("gradescope.out_of_time", budget=budget, questions=", ".join(stopped)))
    if not finished:
        parts.append(msg("gradescope.unfinished"))
    return "\n\n".join(part for part in parts if part)


def grade_upload(upload: Path, results: Path, keys: list[str] | None = None, hidden_visibility: str = "visible",
                 time_budget: float = DEFAULT_TIME_BUDGET_S, limits: Limits | None = None) -> dict:
    """Grade a Gradescope upload folder; results.json is rewritten (atomically) after every question."""
    from kit.grading import grader, intake
    from kit.isolation import sandbox

    started = time.monotonic()
    deadline = started + time_budget
    # Gradescope's containers may not allow the namespaces bubblewrap needs: then the learner's code
    # still runs in its own worker process, unconfined, and results.json says "sandbox": false.
    no_sandbox = sandbox.unavailable() is not None
    chosen = grader.select_questions(keys)
    limits = limits or grader.Limits()
    done: dict[str, grader.QuestionResult] = {}

    def write(finished: bool, report: grader.GradeReport | None = None) -> dict:
        if report is None:
            pending = msg("gradescope.pending")
            ordered = [done.get(q.key) or grader.QuestionResult(q, grader.TIMEOUT, 0.0, pending) for q in chosen]
            report = grader.GradeReport(str(upload), taken.folder, ordered, limits,
                                        round(time.monotonic() - started, 2), {}, not no_sandbox,
                                        files=dict(taken.lines), refused=list(taken.refused))
        data = grader.results_json(report, hidden_visibility)
        data["output"] = summary(report, time_budget, finished)
        data["extra_data"]["solution_sha256"] = grader.solution_hashes(taken.folder, chosen)
        data["extra_data"]["time_budget_s"] = time_budget
        grader.write_json_atomically(data, results)
        return data

    def on_result(result: grader.QuestionResult) -> None:
        done[result.question.key] = result
        write(False)

    with tempfile.TemporaryDirectory(prefix="kit-upload-") as tmp:
        # The upload folder Gradescope gives may hold a zip or a notebook, or be the files themselves.
        taken = intake.take(_the_submission(upload), Path(tmp) / "upload", chosen)
        write(False)  # a results file exists before any question runs
        report = grader.grade(taken, [q.key for q in chosen], limits, 1, deadline, on_result, no_sandbox=no_sandbox)
        report.submission = str(upload)
        return write(True, report)


def _the_submission(upload: Path) -> Path:
    """What to take from the upload folder: a single .zip or .ipynb uploaded alone, else the folder."""
    entries = [entry for entry in upload.iterdir() if not entry.name.startswith((".", "__"))]
    if len(entries) == 1 and entries[0].is_file() and entries[0].suffix.lower() in (".zip", ".ipynb"):
        return entries[0]
    return upload


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
