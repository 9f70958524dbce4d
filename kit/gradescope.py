"""`kit gradescope OUT.zip`: a Gradescope autograder package.

Gradescope unzips the package into /autograder/source, runs `setup.sh` once to build the
image, then `run_autograder` in a fresh container per submission. The package holds:
  setup.sh          a venv; the CPU build of torch first, then the kit (editable, so it finds its data)
  run_autograder    stages the submission's qN/solution.py files and runs `kit grade`, which always
                    writes /autograder/results/results.json
  bert-nsmc-kit/    the kit as graders need it: kit/, exercises/, reference/, the hidden tests and
                    their data, data/, conftest, pyproject, README (no harness tests, mutants,
                    scripts or benchmarks)
The platform runs one container per submission; that is how grading scales past one machine.
"""

from __future__ import annotations

import shlex
import sys
import zipfile
from pathlib import Path

from kit.paths import HIDDEN_TESTS, ROOT
from kit.release import JUNK

KIT_DIR = "bert-nsmc-kit"
TORCH = "torch==2.13.0"
# Instructor-only folders under tests/ that graders do not need.
NOT_FOR_GRADING = {"harness", "mutants"}
SCRIPT_MODE = 0o755


def kit_entries(root: Path = ROOT) -> list[Path]:
    """The kit's top-level files and folders (and hidden-test folders) that grading needs."""
    entries = [root / name for name in ("kit", "exercises", "reference", "data")]
    entries += [p for p in sorted((root / HIDDEN_TESTS.name).iterdir())
                if p.is_dir() and p.name not in NOT_FOR_GRADING and not JUNK("", [p.name])]
    entries += [root / name for name in ("conftest.py", "pyproject.toml", "README.md") if (root / name).is_file()]
    return entries


def setup_sh(torch_index_url: str = "") -> str:
    """Gradescope's setup.sh: Python 3.11+, a venv, the CPU build of torch, then the kit."""
    index = f"--index-url {shlex.quote(torch_index_url)} " if torch_index_url else ""
    note = ("" if torch_index_url else
            "# No CPU index was given to `kit gradescope --torch-index-url`: pip's default torch wheel\n"
            "# may be a CUDA build (larger image, same results).\n")
    return f"""#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image.
set -euo pipefail
KIT=/autograder/source/{KIT_DIR}
PYTHON=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3.11 python3.11-venv
    PYTHON=python3.11
fi
"$PYTHON" -m venv /autograder/venv
PIP=(/autograder/venv/bin/python -m pip install --no-cache-dir --disable-pip-version-check)
# The CPU build of torch first: the kit's torch requirement then adds nothing.
{note}"${{PIP[@]}}" {index}{TORCH}
"${{PIP[@]}}" -e "$KIT"
/autograder/venv/bin/python -c "import kit.grader"
"""


def run_autograder(hidden_visibility: str = "visible") -> str:
    """Gradescope's run_autograder: stage the submission's solution files, grade, always leave results.json."""
    return f"""#!/usr/bin/env bash
# Gradescope runs this once per submission, in a fresh container.
# AUTOGRADER_ROOT, KIT_PYTHON and KIT_GRADE_ARGS exist for testing the package off Gradescope.
set -uo pipefail
AUTOGRADER=${{AUTOGRADER_ROOT:-/autograder}}
KIT="$AUTOGRADER/source/{KIT_DIR}"
PYTHON=${{KIT_PYTHON:-$AUTOGRADER/venv/bin/python}}
RESULTS="$AUTOGRADER/results/results.json"
STAGED=$(mktemp -d)
mkdir -p "$AUTOGRADER/results"
cd "$KIT" || exit 1

# Only qN/solution.py files (with their qN/answers.toml) are taken; the shallowest one per question
# wins, so a submission may be the question folders themselves or a whole repository with exercises/qN/.
"$PYTHON" - "$AUTOGRADER/submission" "$STAGED" <<'STAGE'
import re
import shutil
import sys
from pathlib import Path

submission, staged = Path(sys.argv[1]), Path(sys.argv[2])
found = sorted(submission.rglob("solution.py"), key=lambda p: (len(p.parts), str(p)))
for path in found:
    question, parts = path.parent.name, path.relative_to(submission).parts
    if not re.fullmatch(r"q\\d+", question) or any(p.startswith((".", "__")) for p in parts):
        continue
    if not (staged / question).exists():
        (staged / question).mkdir()
        shutil.copyfile(path, staged / question / "solution.py")
        if (path.parent / "answers.toml").is_file():  # the question's concept answers, read as data
            shutil.copyfile(path.parent / "answers.toml", staged / question / "answers.toml")
        print(f"grading {{path.relative_to(submission)}}")
STAGE

# KIT_GRADE_ARGS is split into words on purpose (e.g. "--questions q3,q4").
# shellcheck disable=SC2086
"$PYTHON" -m kit.cli grade --impl "$STAGED" --results "$RESULTS" --hidden-visibility {hidden_visibility} \\
    ${{KIT_GRADE_ARGS:-}}
if [[ ! -s "$RESULTS" ]]; then
    echo '{{"score": 0, "output": "The autograder failed before grading. Please tell course staff.", "tests": []}}' \\
        > "$RESULTS"
fi
"""


def build_package(out: Path, torch_index_url: str = "", hidden_visibility: str = "visible",
                  root: Path = ROOT) -> int:
    """Write the autograder zip to `out`; the number of files in it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        scripts = {"setup.sh": setup_sh(torch_index_url), "run_autograder": run_autograder(hidden_visibility)}
        for name, text in scripts.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | SCRIPT_MODE) << 16
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
    """`kit gradescope OUT.zip [--torch-index-url URL] [--hidden-visibility V]`."""
    out = Path(args.out)
    if out.suffix.lower() != ".zip":
        print(f"kit gradescope: {out} should end in .zip", file=sys.stderr)
        return 2
    count = build_package(out, args.torch_index_url, args.hidden_visibility)
    size = out.stat().st_size / 1024 / 1024
    print(f"{out} written: setup.sh, run_autograder and the kit ({count} files, {size:.1f} MB).")
    print("Upload it as a zip-file autograder; submissions are graded with `kit grade`.")
    return 0
