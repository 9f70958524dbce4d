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
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
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
    def mistake(self) -> str:
        """The first line of the mutant's docstring."""
        doc = ast.get_docstring(ast.parse(self.path.read_text(encoding="utf-8"))) or ""
        return doc.splitlines()[0] if doc else "(no description)"

    @property
    def functions(self) -> list[str]:
        """The functions the mutant replaces."""
        tree = ast.parse(self.path.read_text(encoding="utf-8"))
        return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


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


def run_question_tests(impl: Path, question: str, extra: list[str] | None = None) -> subprocess.CompletedProcess:
    """Run the public and hidden tests of one question against `impl`, quietly."""
    paths = [str(p) for p in (EXERCISES / question, HIDDEN_TESTS / question) if p.is_dir()]
    command = [sys.executable, "-m", "pytest", *paths, "--impl", str(impl), "-q", "--no-header",
               "-p", "no:randomly", *(extra or [])]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def is_caught(mutant: Mutant) -> tuple[bool, str]:
    """(caught, first failing test) for one mutant; stops at the first failure."""
    with tempfile.TemporaryDirectory(prefix=f"mutant-{mutant.name}-") as tmp:
        result = run_question_tests(build_submission(mutant, Path(tmp)), mutant.question, ["-x"])
    failed = [line.split(" ")[1] for line in result.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    if result.returncode == 0:
        return False, ""
    return True, failed[0].split("::")[-1] if failed else f"pytest exit {result.returncode}"


def main(argv: list[str] | None = None) -> int:
    """Grade every mutant and print the kill table."""
    parser = argparse.ArgumentParser(description="Check that the tests catch every known-wrong solution.")
    parser.add_argument("questions", nargs="*", help="questions to check (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants graded at once")
    args = parser.parse_args(argv)
    mutants = discover(args.questions or None)
    survivors = 0
    print(f"{'mutant':<40} {'functions':<28} caught by")
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for mutant, (caught, test) in zip(mutants, pool.map(is_caught, mutants), strict=True):
            survivors += not caught
            label = f"{mutant.question}/{mutant.name}"
            print(f"{label:<40} {','.join(mutant.functions):<28} {test if caught else 'SURVIVED'}", flush=True)
            if not caught:
                print(f"    mistake: {mutant.mistake}")
    print(f"{len(mutants) - survivors} of {len(mutants)} mutants caught")
    return 1 if survivors else 0


if __name__ == "__main__":
    raise SystemExit(main())
