"""`kit release OUT`: the student bundle, and `--verify` that it installs and runs.

The bundle holds what a learner needs and nothing that gives answers away (its inclusion list is
kit.paths.BUNDLE): the stubs, public tests, question texts and hints, and the lesson notebook with
its stub cells (`exercises/`, `exercises/lesson.ipynb`), the harness (`kit/`), the shipped model
and data (`data/`), the root conftest, pyproject and .gitignore, and its own README in Korean
(kit/templates/STUDENT_README.md, with the question table filled in). It leaves out
`reference/`, everything under `tests/` (hidden tests, their data, mutants, harness tests),
`scripts/` and `bench/`. pyproject's pytest `testpaths` is rewritten to name only folders the
bundle has, so a bare `pytest` there collects the public tests instead of erroring.

`--verify` installs the bundle into a fresh virtual environment that sees the packages of the
environment running `kit release` (a venv's included, not only the base interpreter's: torch,
transformers, pip and setuptools are reused, nothing is fetched), checks that `kit` is imported
from the bundle, and runs `pytest exercises/q1` there: every test must report "not started".
It also checks that every file of the bundle is on its inclusion list, and its README for
instructor-only text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
import tomllib
from pathlib import Path

from kit.messages import KOREAN, entry_of
from kit.paths import BUNDLE, ROOT, artefact_files, artefact_problems, is_leftover
from kit.records import run_pytest_records

STUDENT_README = Path(__file__).parents[1] / "templates" / "STUDENT_README.md"
QUESTION_TABLE = "<!-- questions -->"
RULES = "<!-- rules -->"
RULE_KEYS = ("rules.graded", "rules.notebook", "rules.hidden", "rules.policy", "rules.kit_files", "rules.time")
# Text that belongs to the instructor's README only: finding one in the bundle's README fails --verify.
INSTRUCTOR_MARKERS = ("For instructors", "--impl reference", "kit check", "hidden", "mutants", "reference/")
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
    for relative in artefact_files(BUNDLE, root):
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, out / relative)
    written = [f"{name}/" if (root / name).is_dir() else name for name in BUNDLE.includes if (root / name).exists()]
    (out / "README.md").write_text(student_readme(), encoding="utf-8")
    written.append("README.md")
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


def student_readme() -> str:
    """The bundle's README.md: the Korean learner's guide with the lesson's question table filled in."""
    from kit.questions import all_questions

    # The table's header is in the (Korean) template, above the marker: the README is lesson text, not a message.
    rows = [f"| Q{q.number} | `exercises/{q.key}` | {q.title_ko} | {q.points:g} |" for q in all_questions()]
    rules = "\n".join(f"- {line}" for line in rules_lines())
    return STUDENT_README.read_text(encoding="utf-8").replace(QUESTION_TABLE, "\n".join(rows)).replace(RULES, rules)


def rules_lines() -> list[str]:
    """The grading rules as the learner reads them, from one place: the catalogue's `rules.*`
    statements (kit.messages), in Korean like the rest of the student README whatever KIT_LANG the
    instructor runs with. The template states no rule of its own (test_student_readme.py)."""
    return [entry_of(key)[KOREAN] for key in RULE_KEYS]


def instructor_text(readme: Path) -> list[str]:
    """The instructor-only markers found in a bundle's README, one problem per marker."""
    if not readme.is_file():
        return [f"the bundle has no {readme.name}"]
    text = readme.read_text(encoding="utf-8")
    # Whole words only: `last_hidden_state` is lesson material, "hidden tests" is not.
    return [f"{readme.name} contains instructor-only text {marker!r}" for marker in INSTRUCTOR_MARKERS
            if re.search(r"(?<!\w)" + re.escape(marker) + (r"(?!\w)" if marker[-1].isalnum() else ""), text)]


def verify_bundle(out: Path) -> list[str]:
    """Install `out` into a throwaway venv and run `pytest exercises/q1` there; the problems found."""
    out = out.resolve()
    problems = artefact_problems(BUNDLE, [p.relative_to(out).as_posix() for p in out.rglob("*")
                                          if p.is_file() and not is_leftover(p.relative_to(out))])
    problems += instructor_text(out / "README.md")
    # A PYTHONPATH of the caller's (e.g. a kit checkout) would shadow the bundle's own `kit`.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    with tempfile.TemporaryDirectory(prefix="kit-release-") as tmp:
        venv = Path(tmp) / "venv"
        python = venv / "bin" / "python"
        # --without-pip: the venv then uses this environment's pip and setuptools, not the older
        # setuptools that ensurepip would put first on its path (which cannot build editables offline).
        create = [sys.executable, "-m", "venv", "--without-pip", str(venv)]
        install = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index",
                   "--no-deps", "--no-build-isolation", "-e", str(out)]
        for step in (create, install):
            done = subprocess.run(step, cwd=tmp, capture_output=True, text=True, env=env)
            if done.returncode:
                return problems + [f"`{' '.join(step[-3:])}` failed: {_tail(done)}"]
            if step is create:
                see_current_packages(venv)
        # From a neutral folder, `kit` must be the bundle's, not the instructor's editable install.
        done = subprocess.run([str(python), "-c", "import kit.paths; print(kit.paths.ROOT)"],
                              cwd=tmp, capture_output=True, text=True, env=env)
        if done.returncode or Path(done.stdout.strip()).resolve() != out:
            problems.append(f"the venv imports kit from {done.stdout.strip() or _tail(done)}, not from {out}")
        done, records = run_pytest_records([f"exercises/{VERIFY_QUESTION}"], python=str(python), cwd=out, env=env)
        if not records:
            problems.append(f"`pytest exercises/{VERIFY_QUESTION}` in the bundle ran no test: {_tail(done)}")
        problems += [f"{r['nodeid']}: {r['outcome']}, expected not started" for r in records
                     if r["outcome"] != "not_started"]
    _clean(out)
    return problems


def see_current_packages(venv: Path) -> None:
    """Make `venv` see this environment's packages after its own.

    `python -m venv --system-site-packages` run from inside a venv would show the new venv the
    *base* interpreter's packages (often none of torch, transformers, or a setuptools new enough
    for editable installs), not those of the venv the instructor works in; a .pth file that adds
    this environment's site directories (theirs processed too) shows it exactly those.
    """
    own = Path(sysconfig.get_path("purelib", scheme="venv", vars={"base": str(venv), "platbase": str(venv)}))
    dirs = [*site.getsitepackages(), *([site.getusersitepackages()] if site.ENABLE_USER_SITE else [])]
    lines = [f"import site; site.addsitedir({d!r})" for d in dict.fromkeys(dirs) if Path(d).is_dir()]
    own.mkdir(parents=True, exist_ok=True)
    # Named to sort after the bundle's own editable-install .pth, so the bundle's `kit` comes first.
    (own / "zz-kit-release-current-env.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")


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
