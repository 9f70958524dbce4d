"""`kit check`: the kit proves its own tests.

Parts (all by default; --quick runs reference, stubs and metadata):
  reference  the reference, graded by `kit grade`, passes every test and gets every point
  stubs      every test reports "not started" against the untouched exercises/ (none passes);
             every stub has a TODO(qN) line, raises NotImplementedError("qN.function") and has
             the reference's signature
  mutants    every known-wrong solution in tests/mutants/ (three or more per function) and every
             wrong concept answer (answers_*.toml, two or more per question with concepts) loses
             points in its question
  flakes     the reference graded again with other hash seeds and a shuffled test order gets
             the identical result (every test, score, message and measured value)
  metadata   every question has points (total 100), every graded test a positive weight, every
             function hints in two tiers or more; concept items hints too, and a private key: a
             valid right answer in reference/qN/answers.toml and an explanation in
             reference/qN/explanations.toml for every item (concepts.toml holds neither)
It prints one table (a row per question, a column per part), the mutants' kill table, and
exits 1 when any part finds a problem.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kit.impl import load_solution, public_definitions
from kit.learn.concepts import has_concepts, key_problems
from kit.paths import EXERCISES, REFERENCE, ROOT, SOLUTION_FILE, question_test_dirs
from kit.questions import all_questions
from kit.records import run_pytest_records

PARTS = ("reference", "stubs", "mutants", "flakes", "metadata")
QUICK = ("reference", "stubs", "metadata")


@dataclass
class Part:
    """One part's outcome: a cell per question for the table, and the problems it found."""

    name: str
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def fail(self, question: str | None, problem: str) -> None:
        self.problems.append(f"{question}: {problem}" if question else problem)


# ---------------------------------------------------------------- grading the reference (reference, flakes)


def grade_reference(hash_seed: int, shuffle: int | None, jobs: int, out: Path) -> dict:
    """Run `kit grade --impl reference` in a fresh process with PYTHONHASHSEED=hash_seed; its results.json."""
    results = out / f"results-{hash_seed}.json"
    command = [sys.executable, "-m", "kit.cli", "grade", "--impl", "reference", "--results", str(results),
               "--jobs", str(jobs)]
    if shuffle is not None:
        command += ["--shuffle", str(shuffle)]
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if not results.exists():
        raise RuntimeError(f"kit grade --impl reference wrote no results (exit {done.returncode}):\n{done.stderr}")
    return json.loads(results.read_text(encoding="utf-8"))


def tests_by_question(results: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for test in results["tests"]:
        found.setdefault(test["tags"][0], []).append(test)
    return found


def check_reference(results: dict) -> Part:
    part = Part("reference")
    by_question = tests_by_question(results)
    for key, q in results["extra_data"]["questions"].items():
        tests = by_question.get(key, [])
        passed = sum(t["status"] == "passed" for t in tests)
        part.cells[key] = f"{passed}/{len(tests)} tests, {q['score']:g}/{q['max_score']:g} pts"
        if q["status"] != "passed" or q["score"] != q["max_score"]:
            part.fail(key, f"{q['status']} ({q['message']}), {q['score']:g} of {q['max_score']:g} points")
        for test in tests:
            if test["status"] != "passed":
                part.fail(key, f"{test['name']} failed: {test['output'].splitlines()[0] if test['output'] else ''}")
    return part


def fingerprint(results: dict) -> dict[str, dict]:
    """Per question, everything a grade says: score, status, message, each test, what tests measured."""
    by_question = tests_by_question(results)
    measured = results["extra_data"].get("measurements", {})
    prints = {}
    for key, q in results["extra_data"]["questions"].items():
        tests = {t["name"]: (t["status"], t["score"], t["output"]) for t in by_question.get(key, [])}
        values = {nodeid: v for nodeid, v in measured.items() if f"/{key}/" in nodeid}
        prints[key] = {"score": q["score"], "status": q["status"], "message": q["message"], "tests": tests,
                       "measurements": values}
    return prints


def check_flakes(first: dict, runs: int, jobs: int, out: Path) -> Part:
    """Grade the reference `runs - 1` more times (hash seed k, order shuffled by seed k) and compare."""
    part = Part("flakes")
    base = fingerprint(first)
    same = dict.fromkeys(base, 1)
    for k in range(1, runs):
        print(f"  flakes: run {k + 1} of {runs} (PYTHONHASHSEED={k}, --shuffle {k})", flush=True)
        other = fingerprint(grade_reference(k, k, jobs, out))
        for key, expected in base.items():
            got = other.get(key)
            if got == expected:
                same[key] += 1
                continue
            if got is None:
                part.fail(key, f"run {k + 1} did not grade it")
                continue
            for what in ("score", "status", "message", "measurements"):
                if got[what] != expected[what]:
                    part.fail(key, f"run {k + 1}: {what} {got[what]!r} instead of {expected[what]!r}")
            for name in sorted(set(expected["tests"]) | set(got["tests"])):
                if expected["tests"].get(name) != got["tests"].get(name):
                    part.fail(key, f"run {k + 1}: {name} {got['tests'].get(name)} instead of "
                                   f"{expected['tests'].get(name)}")
    for key, count in same.items():
        part.cells[key] = f"{count}/{runs} same"
    return part


# ---------------------------------------------------------------- stubs


def public_functions(path: Path) -> dict[str, ast.FunctionDef]:
    """Top-level public functions (and classes) of a solution file, by name."""
    return public_definitions(path.read_text(encoding="utf-8"))


def stub_problems(q: str) -> list[str]:
    """A stub file's problems: TODO line, NotImplementedError naming qN.function, signatures."""
    problems = []
    stub_path, ref_path = EXERCISES / q / SOLUTION_FILE, REFERENCE / q / SOLUTION_FILE
    stubs, refs = public_functions(stub_path), public_functions(ref_path)
    if set(stubs) != set(refs):
        problems.append(f"stub defines {sorted(stubs)}, reference defines {sorted(refs)}")
    source = stub_path.read_text(encoding="utf-8")
    stub_module, ref_module = load_solution(EXERCISES, q), load_solution(REFERENCE, q)
    for name, node in stubs.items():
        if isinstance(node, ast.FunctionDef):
            text = ast.get_source_segment(source, node) or ""
            if f"TODO({q})" not in text:
                problems.append(f"{name}: stub has no TODO({q}) line")
            if f'NotImplementedError("{q}.{name}")' not in text:
                problems.append(f'{name}: stub does not raise NotImplementedError("{q}.{name}")')
        if name in refs:
            got = inspect.signature(getattr(stub_module, name))
            want = inspect.signature(getattr(ref_module, name))
            if str(got) != str(want):
                problems.append(f"{name}: stub signature {got} differs from reference {want}")
    return problems


def check_stubs() -> Part:
    """Every test "not started" against the untouched stubs, and every stub well formed."""
    part = Part("stubs")
    questions = all_questions()
    paths = [path for q in questions for path in question_test_dirs(q.key)]
    _, records = run_pytest_records([*paths, "--impl", "exercises"])
    if not records:
        part.fail(None, "no test ran against the stubs")
    for q in questions:
        mine = [r for r in records if r["question"] == q.key]
        not_started = sum(r["outcome"] == "not_started" for r in mine)
        part.cells[q.key] = f"{not_started}/{len(mine)} not started"
        for r in mine:
            if r["outcome"] != "not_started":
                part.fail(q.key, f"{r['nodeid']}: {r['outcome']} on the untouched stub")
        for problem in stub_problems(q.key):
            part.fail(q.key, problem)
    return part


# ---------------------------------------------------------------- metadata


def check_metadata(reference: dict | None) -> Part:
    """Points per question (total 100), a positive weight for every graded test, two hint tiers per function."""
    part = Part("metadata")
    questions = all_questions()
    if sum(q.points for q in questions) != 100:
        part.fail(None, f"the questions' points total {sum(q.points for q in questions):g}, not 100")
    by_question = tests_by_question(reference) if reference else {}
    for question in questions:
        q = question.key
        problems_before = len(part.problems)
        if question.points <= 0:
            part.fail(q, f"no points in {q}/question.toml")
        for name, node in public_functions(EXERCISES / q / SOLUTION_FILE).items():
            if not isinstance(node, ast.FunctionDef):
                continue
            if name not in question.hints:
                part.fail(q, f"{name}: no hints in {q}/question.toml")
            elif len(question.hints[name]) < 2:
                part.fail(q, f"{name}: fewer than two hint tiers")
        for name in question.hints:
            if name not in question.hints_en:
                part.fail(q, f"{name}: no hints_en (the English tiers) in {q}/question.toml")
        if has_concepts(q):
            if len(question.hints.get("concepts", [])) < 2:
                part.fail(q, "concepts: fewer than two hint tiers in question.toml")
            for problem in key_problems(q):
                part.fail(q, problem)
        if reference is not None:
            tests = by_question.get(q, [])
            if not tests:
                part.fail(q, "no graded test")
            for test in tests:
                if test["max_score"] <= 0:
                    part.fail(q, f"{test['name']}: no points")
        hints = sum(len(v) for v in question.hints.values())
        part.cells[q] = f"{question.points:g} pts, {hints} hints" if len(part.problems) == problems_before else "FAIL"
    return part


# ---------------------------------------------------------------- mutants


def check_mutants(jobs: int) -> Part:
    from kit.authoring.mutants import discover, grade_mutants, print_kill_table

    part = Part("mutants")
    mutants = discover(answers=True)
    kills = []

    def collected():
        for kill in grade_mutants(mutants, jobs):
            kills.append(kill)
            yield kill

    print_kill_table(collected(), len(mutants))
    for q in all_questions():
        mine = [k for k in kills if k.mutant.question == q.key]
        caught = sum(k.caught for k in mine)
        part.cells[q.key] = f"{caught}/{len(mine)} caught"
        functions = [name for name, node in public_functions(EXERCISES / q.key / SOLUTION_FILE).items()
                     if isinstance(node, ast.FunctionDef)]
        for function in functions:
            count = sum(function in k.mutant.functions for k in mine)
            if count < 3:
                part.fail(q.key, f"{function} has {count} mutants (at least 3 per graded function)")
        answers = sum(k.mutant.is_answers for k in mine)
        if has_concepts(q.key) and answers < 2:
            part.fail(q.key, f"concepts has {answers} wrong-answer mutants (at least 2)")
        for kill in mine:
            if not kill.caught:
                part.fail(q.key, f"mutant {kill.mutant.name} survived ({kill.mutant.mistake})")
    return part


# ---------------------------------------------------------------- the command


def print_table(parts: list[Part]) -> None:
    from kit.tables import Table

    table = Table("", *(p.name for p in parts))
    for q in all_questions():
        table.add_row(q.key, *(p.cells.get(q.key, "-") for p in parts))
    table.add_total("", *("ok" if not p.problems else f"{len(p.problems)} problems" for p in parts))
    table.print()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `kit check` (shared by `python -m kit.authoring.selfcheck` and the kit CLI)."""
    parser.add_argument("--quick", action="store_true", help="reference, stubs and metadata only")
    parser.add_argument("--parts", help=f"comma-separated parts (default: all of {', '.join(PARTS)})")
    parser.add_argument("--runs", type=int, default=3, help="gradings of the reference for the flake part (default 3)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes at once (default: cores)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kit check", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    add_arguments(parser)
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Run the chosen parts, print the table and each problem; exit 1 when any part found one."""
    chosen = QUICK if args.quick else PARTS
    if args.parts:
        chosen = tuple(p.strip() for p in args.parts.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PARTS]
    if unknown:
        print(f"kit check: unknown part(s) {', '.join(unknown)}; the parts are {', '.join(PARTS)}", file=sys.stderr)
        return 2
    if not REFERENCE.is_dir():
        print("kit check needs the reference solutions and hidden tests (an instructor's copy of the kit)")
        return 2
    parts: list[Part] = []
    with tempfile.TemporaryDirectory(prefix="kit-check-") as tmp:
        out = Path(tmp)
        reference = None
        if "reference" in chosen or "flakes" in chosen:
            print("== reference: kit grade --impl reference (PYTHONHASHSEED=0, file order)", flush=True)
            reference = grade_reference(0, None, args.jobs, out)
        for name in PARTS:
            if name not in chosen:
                continue
            if name != "reference":
                print(f"== {name}", flush=True)
            if name == "reference":
                parts.append(check_reference(reference))
            elif name == "stubs":
                parts.append(check_stubs())
            elif name == "mutants":
                parts.append(check_mutants(args.jobs))
            elif name == "flakes":
                parts.append(check_flakes(reference, args.runs, args.jobs, out))
            else:
                parts.append(check_metadata(reference))
    print()
    print_table(parts)
    problems = [(p.name, problem) for p in parts for problem in p.problems]
    for name, problem in problems:
        print(f"  {name}: {problem}")
    print("kit check: " + ("ok" if not problems else f"FAILED ({len(problems)} problems)"))
    return 1 if problems else 0
