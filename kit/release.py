"""`kit release OUT`: the student bundle, and `--verify` that it installs and runs.

The bundle holds what a learner needs and nothing that gives answers away: the stubs, public
tests, question texts and hints, and the lesson notebook with its stub cells
(`exercises/`, `exercises/lesson.ipynb`), the harness (`kit/`), the shipped model and
data (`data/`), the root conftest, pyproject, README and .gitignore. It leaves out
`reference/`, every folder under `tests/` (hidden tests, their data, mutants, harness tests),
`scripts/` and `bench/`. pyproject's pytest `testpaths` is rewritten to name only folders the
bundle has, so a bare `pytest` there collects the public tests instead of erroring.

`--verify` installs the bundle into a fresh virtual environment that reuses this
interpreter's packages (`--system-site-packages`: torch and transformers are not downloaded; nothing is fetched),
checks that `kit` is imported from the bundle, and runs `pytest exercises/q1` there: every
test must report "not started".
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from kit.paths import ROOT
from kit.records import run_pytest_records

# What a learner gets: folders and files at the kit's root.
BUNDLE_FOLDERS = ("exercises", "kit", "data")
BUNDLE_FILES = ("conftest.py", "pyproject.toml", "README.md", ".gitignore")
# Build and run leftovers that never travel.
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis", "*.egg-info", ".kit")
TESTPATHS = re.compile(r"^testpaths\s*=.*$", re.MULTILINE)
VERIFY_QUESTION = "q1"


class ReleaseError(Exception):
    """The bundle cannot be written or does not pass verification."""


def build_bundle(out: Path, root: Path = ROOT) -> list[str]:
    """Write the student bundle into `out` (which must be absent or empty); the top-level entries written."""
    out = out.resolve()
    if out.exists() and any(out.iterdir()):
        raise ReleaseError(f"{out} exists and is not empty; choose a new folder")
    if out == root or root in out.parents:
        raise ReleaseError(f"{out} is inside the kit; choose a folder outside {root}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in BUNDLE_FOLDERS:
        shutil.copytree(root / name, out / name, ignore=JUNK)
        written.append(f"{name}/")
    for name in BUNDLE_FILES:
        if (root / name).is_file():
            shutil.copyfile(root / name, out / name)
            written.append(name)
    pyproject = out / "pyproject.toml"
    pyproject.write_text(bundle_pyproject(pyproject.read_text(encoding="utf-8"), out), encoding="utf-8")
    return written


def bundle_pyproject(text: str, out: Path) -> str:
    """pyproject.toml with pytest's `testpaths` cut down to the folders that exist under `out`."""
    options = tomllib.loads(text).get("tool", {}).get("pytest", {}).get("ini_options", {})
    if "testpaths" not in options:
        return text
    kept = [p for p in options["testpaths"] if (out / p).exists()]
    if not TESTPATHS.search(text):
        raise ReleaseError("pyproject.toml: testpaths is not on one line; cannot rewrite it for the bundle")
    new = TESTPATHS.sub(f"testpaths = {json.dumps(kept)}", text, count=1)
    if tomllib.loads(new)["tool"]["pytest"]["ini_options"]["testpaths"] != kept:
        raise ReleaseError("pyproject.toml: rewriting testpaths for the bundle went wrong")
    return new


def verify_bundle(out: Path) -> list[str]:
    """Install `out` into a throwaway venv and run `pytest exercises/q1` there; the problems found."""
    out = out.resolve()
    problems = [f"the bundle contains {name}/" for name in ("reference", "tests", "scripts", "bench")
                if (out / name).exists()]
    with tempfile.TemporaryDirectory(prefix="kit-release-") as tmp:
        venv = Path(tmp) / "venv"
        python = venv / "bin" / "python"
        # --without-pip: the venv then uses this interpreter's pip and setuptools, not the older
        # setuptools that ensurepip would put first on its path (which cannot build editables offline).
        steps = [
            [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index",
             "--no-deps", "--no-build-isolation", "-e", str(out)],
        ]
        for step in steps:
            done = subprocess.run(step, cwd=tmp, capture_output=True, text=True)
            if done.returncode:
                return problems + [f"`{' '.join(step[-3:])}` failed: {_tail(done)}"]
        # From a neutral folder, `kit` must be the bundle's, not the instructor's editable install.
        done = subprocess.run([str(python), "-c", "import kit.paths; print(kit.paths.ROOT)"],
                              cwd=tmp, capture_output=True, text=True)
        if done.returncode or Path(done.stdout.strip()).resolve() != out:
            problems.append(f"the venv imports kit from {done.stdout.strip() or _tail(done)}, not from {out}")
        done, records = run_pytest_records([f"exercises/{VERIFY_QUESTION}"], python=str(python), cwd=out)
        if not records:
            problems.append(f"`pytest exercises/{VERIFY_QUESTION}` in the bundle ran no test: {_tail(done)}")
        problems += [f"{r['nodeid']}: {r['outcome']}, expected not started" for r in records
                     if r["outcome"] != "not_started"]
    _clean(out)
    return problems


def _clean(out: Path) -> None:
    """Remove what installing and testing left in the bundle (egg-info, bytecode, plugins' caches)."""
    leftovers = [out / name for name in (".benchmarks", ".hypothesis", ".pytest_cache")]
    for path in [*out.glob("*.egg-info"), *out.rglob("__pycache__"), *leftovers]:
        shutil.rmtree(path, ignore_errors=True)


def _tail(done: subprocess.CompletedProcess, lines: int = 5) -> str:
    text = (done.stderr.strip() or done.stdout.strip()).splitlines()
    return " | ".join(text[-lines:]) or f"exit {done.returncode}"


def main(args) -> int:
    """`kit release OUT [--verify]`."""
    out = Path(args.out)
    try:
        written = build_bundle(out)
    except (ReleaseError, OSError) as exc:
        print(f"kit release: {exc}", file=sys.stderr)
        return 2
    print(f"student bundle written to {out}: {', '.join(written)}")
    if not args.verify:
        return 0
    print(f"verifying: installing it in a fresh venv and running `pytest exercises/{VERIFY_QUESTION}` there ...")
    problems = verify_bundle(out)
    for problem in problems:
        print(f"  {problem}")
    print("  FAILED" if problems else f"  ok: the bundle installs and exercises/{VERIFY_QUESTION} reports not started")
    return 1 if problems else 0
