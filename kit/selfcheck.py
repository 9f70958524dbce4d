"""`kit check`: the kit proves its own tests.

Parts (all by default):
  stubs    every test reports "not started" against the untouched exercises/ (none passes)
  static   every stub has a TODO(qN) line, raises NotImplementedError("qN.function") and has
           the reference's signature; every function has hints in question.toml (two tiers or more);
           every question has points, and they total 100
  mutants  every known-wrong solution in tests/mutants/ loses a test of its question
The reference itself is proved by `pytest --impl reference`, which CI runs as well.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from kit.impl import load_solution
from kit.paths import EXERCISES, HIDDEN_TESTS, REFERENCE, SOLUTION_FILE
from kit.questions import all_questions
from kit.records import run_pytest_records


def public_functions(path: Path) -> dict[str, ast.FunctionDef]:
    """Top-level public functions (and classes) of a solution file, by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_")}


def check_static() -> list[str]:
    """Problems with stubs, signatures and hints; an empty list when all is well."""
    problems = []
    questions = all_questions()
    problems += [f"{q.key}: no points in {q.key}/question.toml" for q in questions if q.points <= 0]
    if questions and sum(q.points for q in questions) != 100:
        problems.append(f"the questions' points total {sum(q.points for q in questions):g}, not 100")
    for question in questions:
        q = question.key
        stub_path, ref_path = EXERCISES / q / SOLUTION_FILE, REFERENCE / q / SOLUTION_FILE
        stubs, refs = public_functions(stub_path), public_functions(ref_path)
        if set(stubs) != set(refs):
            problems.append(f"{q}: stub defines {sorted(stubs)}, reference defines {sorted(refs)}")
        source = stub_path.read_text(encoding="utf-8")
        stub_module, ref_module = load_solution(EXERCISES, q), load_solution(REFERENCE, q)
        for name, node in stubs.items():
            if isinstance(node, ast.FunctionDef):
                text = ast.get_source_segment(source, node) or ""
                if f"TODO({q})" not in text:
                    problems.append(f"{q}.{name}: stub has no TODO({q}) line")
                if f'NotImplementedError("{q}.{name}")' not in text:
                    problems.append(f'{q}.{name}: stub does not raise NotImplementedError("{q}.{name}")')
                if name not in question.hints:
                    problems.append(f"{q}.{name}: no hints in {q}/question.toml")
                elif len(question.hints[name]) < 2:
                    problems.append(f"{q}.{name}: fewer than two hint tiers")
            if name in refs:
                got = inspect.signature(getattr(stub_module, name))
                want = inspect.signature(getattr(ref_module, name))
                if str(got) != str(want):
                    problems.append(f"{q}.{name}: stub signature {got} differs from reference {want}")
    return problems


def check_stubs() -> list[str]:
    """Tests that do not report "not started" against the untouched stubs."""
    questions = all_questions()
    paths = [*[str(EXERCISES / q.key) for q in questions],
             *[str(HIDDEN_TESTS / q.key) for q in questions if (HIDDEN_TESTS / q.key).is_dir()]]
    _, records = run_pytest_records([*paths, "--impl", "exercises"])
    if not records:
        return ["no test ran against the stubs"]
    print(f"stubs: {sum(r['outcome'] == 'not_started' for r in records)} of {len(records)} tests not started")
    return [f"{r['nodeid']}: {r['outcome']} on the untouched stub" for r in records
            if r["outcome"] != "not_started"]


def main(argv: list[str] | None = None) -> int:
    """Run the chosen parts; exit 1 when any finds a problem."""
    import argparse

    parser = argparse.ArgumentParser(prog="kit check", description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="static,stubs,mutants",
                        help="comma-separated: static, stubs, mutants (default: all)")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    failed = False
    for part in parts:
        print(f"== {part}")
        if part == "mutants":
            from kit.mutants import main as mutants_main

            failed |= mutants_main([]) != 0
            continue
        problems = {"static": check_static, "stubs": check_stubs}[part]()
        for problem in problems:
            print(f"  {problem}")
        print(f"  {'FAILED' if problems else 'ok'}")
        failed |= bool(problems)
    return 1 if failed else 0
