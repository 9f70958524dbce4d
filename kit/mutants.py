"""Known-wrong solutions ("mutants") and the check that the tests catch each of them.

A mutant is a file `tests/mutants/<qN>/<name>.py` whose docstring's first line says the
mistake and which defines one (sometimes two) function(s) of that question wrongly. It is
graded as the reference with those functions replaced: the mutant's text is appended to a
copy of `reference/<qN>/solution.py`, so its definitions win. A mutant is caught when at
least one test of its question fails.

Usage: python -m kit.mutants [q3 q4 ...] [--jobs 2]   (prints the kill table; exit 1 on a survivor)
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kit.paths import EXERCISES, HIDDEN_TESTS, REFERENCE, ROOT, SOLUTION_FILE

MUTANTS = HIDDEN_TESTS / "mutants"


@dataclass
class Mutant:
    """One known-wrong variant of a question's solution."""

    question: str
    name: str
    path: Path

    @property
    def key(self) -> str:
        """Unique across questions: "q3-decode_keeps_specials"."""
        return f"{self.question}-{self.name}"

    @property
    def mistake(self) -> str:
        """The first line of the mutant's docstring."""
        doc = ast.get_docstring(ast.parse(self.path.read_text(encoding="utf-8"))) or ""
        return doc.splitlines()[0] if doc else "(no description)"

    @property
    def functions(self) -> list[str]:
        """The functions and classes the mutant replaces ("constants" when it only rebinds names)."""
        tree = ast.parse(self.path.read_text(encoding="utf-8"))
        names = [node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)]
        return names or ["constants"]


def discover(questions: list[str] | None = None) -> list[Mutant]:
    """All mutants, or those of the given questions, in question then name order."""
    found = []
    for folder in sorted(MUTANTS.glob("q*"), key=lambda p: int(p.name[1:])):
        if questions and folder.name not in questions:
            continue
        for path in sorted(folder.glob("*.py")):
            found.append(Mutant(folder.name, path.stem, path))
    return found


def build_submission(mutant: Mutant, out: Path) -> Path:
    """A submission folder: the reference with the mutant's functions appended to one question."""
    target = out / mutant.question
    target.mkdir(parents=True)
    reference = (REFERENCE / mutant.question / SOLUTION_FILE).read_text(encoding="utf-8")
    patch = mutant.path.read_text(encoding="utf-8")
    (target / SOLUTION_FILE).write_text(
        f"{reference}\n\n# ---- mutant {mutant.name} ----\n{patch}", encoding="utf-8"
    )
    return out


def question_test_args(impl: Path, question: str) -> list[str]:
    """pytest arguments for the public and hidden tests of one question against `impl`."""
    paths = [str(p) for p in (EXERCISES / question, HIDDEN_TESTS / question) if p.is_dir()]
    return [*paths, "--impl", str(impl), "-q", "--no-header", "-p", "no:randomly", "-x"]


def run_caught_test(mutant: Mutant, workdir: Path) -> int:
    """Fork a child that grades one mutant with pytest; return the child's pid.

    The parent has imported torch and transformers already, so each child starts warm.
    The child's output goes to `<workdir>/<name>.log`; stopping at the first failure (-x)
    is enough to know that the mutant is caught.
    """
    impl = build_submission(mutant, workdir / mutant.key)
    log_path = workdir / f"{mutant.key}.log"
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(log, 1)
            os.dup2(log, 2)
            os.chdir(ROOT)
            import pytest

            code = int(pytest.main(question_test_args(impl, mutant.question)))
        finally:
            os._exit(code)
    return pid


def first_failure(log_text: str) -> str:
    """The name of the first failing test in a pytest log ("" when none is named)."""
    for line in log_text.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" ")[1].split("::")[-1]
    return ""


def grade_mutants(mutants: list[Mutant], jobs: int) -> Iterator[tuple[Mutant, bool, str]]:
    """(mutant, caught, first failing test) for each mutant, `jobs` children at a time, in order."""
    from kit.grader import prewarm

    prewarm()
    with tempfile.TemporaryDirectory(prefix="kit-mutants-") as tmp:
        workdir = Path(tmp)
        queue, running, done = list(mutants), {}, {}
        for mutant in mutants:
            while mutant.key not in done:
                while queue and len(running) < max(1, jobs):
                    nxt = queue.pop(0)
                    running[run_caught_test(nxt, workdir)] = nxt
                pid, status = os.wait()
                finished = running.pop(pid)
                code = os.waitstatus_to_exitcode(status)
                log = (workdir / f"{finished.key}.log").read_text(encoding="utf-8", errors="replace")
                done[finished.key] = (code != 0, first_failure(log) or f"pytest exit {code}")
            caught, test = done.pop(mutant.key)
            yield mutant, caught, test if caught else ""


def main(argv: list[str] | None = None) -> int:
    """Grade every mutant and print the kill table."""
    parser = argparse.ArgumentParser(description="Check that the tests catch every known-wrong solution.")
    parser.add_argument("questions", nargs="*", help="questions to check (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants graded at once")
    args = parser.parse_args(argv)
    mutants = discover(args.questions or None)
    survivors = 0
    print(f"{'mutant':<40} {'functions':<28} caught by")
    for mutant, caught, test in grade_mutants(mutants, args.jobs):
        survivors += not caught
        label = f"{mutant.question}/{mutant.name}"
        print(f"{label:<40} {','.join(mutant.functions):<28} {test if caught else 'SURVIVED'}", flush=True)
        if not caught:
            print(f"    mistake: {mutant.mistake}")
    print(f"{len(mutants) - survivors} of {len(mutants)} mutants caught")
    return 1 if survivors else 0


if __name__ == "__main__":
    raise SystemExit(main())
