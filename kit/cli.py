"""`kit`: the learner's and instructor's command line.

  kit status [--impl PATH]            progress on every question (runs the public tests)
  kit hint qN [function] [--level k]  the next hint, one tier at a time
  kit mutants [qN ...]                check that the tests catch every known-wrong solution
  kit check [--parts static,stubs,mutants]   prove the tests themselves
  kit grade [--impl PATH] [--questions q3,q4] [--results results.json] [--junit FILE]
                                      grade a submission (Gradescope results.json)
  kit grade-batch SUBMISSIONS --jobs N --out DIR [--resume]   grade a class: results, gradebook, item analysis
  kit grade-batch SUBMISSIONS --scheduler tcp://H:P --out DIR   the same, on a Dask cluster
  kit report DIR [--submissions SUBMISSIONS]   the class report: DIR/report.html from a batch's results
  kit run q9 [--epochs 2] [--out F]   train both Q9 strategies with your code: tables, targets, chart
  kit run q10                         rate the lesson's reviews with your Q10 pipeline
  kit watch qN [--impl PATH]          rerun qN's public tests whenever its files change
  kit release OUT [--verify]          write the student bundle (no reference, no hidden tests)
  kit gradescope OUT.zip [--time-budget S]   a Gradescope autograder package (setup.sh, run_autograder)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from kit import defaults
from kit.authoring import selfcheck
from kit.clients.gradescope import CPU_INDEX, DEFAULT_TIME_BUDGET_S
from kit.learn import hints, lesson_run
from kit.learn.status import progress, run_public_tests
from kit.messages import msg
from kit.paths import instructor_only
from kit.questions import all_questions
from kit.tables import Table


def cmd_status(args: argparse.Namespace) -> int:
    questions = all_questions()
    records = run_public_tests(args.impl, questions)
    table = Table("", msg("cli.status.question"), msg("cli.status.public_tests"))
    for q in questions:
        table.add_row(q.key, q.title, progress(records, q.key))
    table.print()
    return 0


def cmd_hint(args: argparse.Namespace) -> int:
    return hints.show_hint(args.question, args.function, args.level)


def refuse_in_bundle(command: str) -> bool:
    """Print why `command` cannot run here (a student bundle) and return True; False in the full kit."""
    reason = instructor_only(command)
    if reason:
        print(reason, file=sys.stderr)
    return reason is not None


def cmd_mutants(args: argparse.Namespace) -> int:
    if refuse_in_bundle("kit mutants"):
        return 2
    from kit.authoring.mutants import main as mutants_main

    return mutants_main(args.questions)


def cmd_check(args: argparse.Namespace) -> int:
    if refuse_in_bundle("kit check"):
        return 2
    return selfcheck.run(args)


def cmd_grade(args: argparse.Namespace) -> int:
    from kit.grading.grader import main as grade_main

    return grade_main(args)


def cmd_grade_batch(args: argparse.Namespace) -> int:
    from kit.clients.batch import main as batch_main

    return batch_main(args)


def cmd_report(args: argparse.Namespace) -> int:
    from kit.clients.report import main as report_main

    return report_main(args)


def cmd_run(args: argparse.Namespace) -> int:
    return lesson_run.main(args)


def cmd_watch(args: argparse.Namespace) -> int:
    from kit.learn.watch import main as watch_main

    return watch_main(args)


def cmd_release(args: argparse.Namespace) -> int:
    from kit.authoring.release import main as release_main

    return release_main(args)


def cmd_gradescope(args: argparse.Namespace) -> int:
    if refuse_in_bundle("kit gradescope"):
        return 2
    from kit.clients.gradescope import main as gradescope_main

    return gradescope_main(args)


def positive(kind: type) -> Callable[[str], float]:
    """An argparse type: a number of `kind` above zero (a zero or negative limit is a typo, not a setting)."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind.__name__}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text} must be above 0")
        return value
    return parse


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by `grade` and `grade-batch`: which questions, and each one's limits."""
    parser.add_argument("--questions", help="comma-separated questions to grade (default: all)")
    parser.add_argument("--question-timeout", type=positive(float), default=defaults.QUESTION_S,
                        help=f"wall-clock seconds for one question's tests (default {defaults.QUESTION_S:g})")
    parser.add_argument("--test-timeout", type=positive(float), default=defaults.TEST_S,
                        help=f"seconds per test (default {defaults.TEST_S:g})")
    parser.add_argument("--memory-mb", type=positive(int), default=defaults.WORKER_MEMORY_MB,
                        help="memory of the learner's sandbox, all its processes and /tmp together, per question "
                        f"(default {defaults.WORKER_MEMORY_MB}; below {defaults.MEMORY_FLOOR_MB} nothing can run)")
    parser.add_argument("--judge-memory-mb", type=positive(int), default=defaults.JUDGE_MEMORY_MB,
                        help="memory of the process that runs one question's tests "
                        f"(default {defaults.JUDGE_MEMORY_MB})")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run learner code without the OS sandbox (where none can start; results.json says so)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kit", description="BERT fine-tuning exercise kit",
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Start with: pytest exercises/q3   (then `kit hint q3`)")
    sub = parser.add_subparsers(dest="command", required=True)
    status = sub.add_parser("status", help="progress table of every question (public tests)")
    status.add_argument("--impl", default="exercises", help="exercises, reference, or a submission folder")
    status.set_defaults(run=cmd_status)
    hint = sub.add_parser("hint", help="the next hint for a question, tier by tier")
    hint.add_argument("question", help="q1 ... q10")
    hint.add_argument("function", nargs="?", help="which function (default: the first not fully hinted)")
    hint.add_argument("--level", type=int, help="show this tier (1 = gentlest)")
    hint.set_defaults(run=cmd_hint)
    mutants = sub.add_parser("mutants", help="check that the tests catch every known-wrong solution")
    mutants.add_argument("questions", nargs="*")
    mutants.set_defaults(run=cmd_mutants)
    check = sub.add_parser("check", help="prove the tests: reference, stubs, mutants, flakes, metadata",
                           description=selfcheck.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    selfcheck.add_arguments(check)
    check.set_defaults(run=cmd_check)
    grade = sub.add_parser("grade", help="grade a submission: points per question, results.json")
    grade.add_argument("--impl", default="exercises",
                       help="exercises, reference, a submission folder, a .zip, or a notebook "
                            "(.ipynb, cells marked # kit: qN)")
    grade.add_argument("--results", default="results.json", help="where to write Gradescope's results.json")
    grade.add_argument("--junit", help="also write JUnit XML here")
    grade.add_argument("--jobs", type=positive(int), default=1, help="questions graded at once")
    grade.add_argument("--shuffle", type=int, metavar="SEED",
                       help="run each question's tests in an order shuffled by SEED (checks order independence)")
    add_limit_options(grade)
    grade.add_argument("--hidden-visibility", default="visible",
                       choices=["visible", "hidden", "after_due_date", "after_published"],
                       help="Gradescope visibility of hidden tests (their output is the failure message only)")
    grade.set_defaults(run=cmd_grade)
    batch = sub.add_parser("grade-batch", help="grade every sub-folder, .zip or .ipynb of a folder")
    batch.add_argument("submissions", help="folder of submissions (sub-folders, .zip files or notebooks, "
                                                         "each taken as kit grade takes it)")
    batch.add_argument("--out", required=True, help="where results, gradebook.csv and item_analysis.csv go")
    batch.add_argument("--jobs", type=positive(int), default=2,
                       help="questions graded at once across the batch (default 2)")
    batch.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="grade on this Dask cluster (`dask scheduler`, `dask worker`; README) instead of here; "
                            "each worker grades one question at a time and --jobs is not used")
    batch.add_argument("--resume", action="store_true",
                       help="keep the results already in --out of submissions whose files have not changed")
    add_limit_options(batch)
    batch.set_defaults(run=cmd_grade_batch)
    report = sub.add_parser("report", help="the class report (DIR/report.html) from kit grade-batch's results")
    report.add_argument("dir", help="the --out folder of kit grade-batch")
    report.add_argument("--submissions", help="the graded SUBMISSIONS folder: adds concept answers and similar code")
    report.set_defaults(run=cmd_report)
    run = sub.add_parser("run", help="q9: train both strategies and chart them; q10: rate reviews with your pipeline")
    lesson_run.add_arguments(run)
    run.set_defaults(run=cmd_run)
    watch = sub.add_parser("watch", help="rerun a question's public tests whenever its files change")
    watch.add_argument("question", help="q1 ... q10")
    watch.add_argument("--impl", default="exercises", help="exercises (default) or a folder shaped like it")
    watch.add_argument("--cold", action="store_true",
                       help="start a fresh pytest process per run instead of forking a warm one")
    watch.add_argument("--interval", type=float, default=0.2, help=argparse.SUPPRESS)
    watch.add_argument("--max-runs", type=int, default=None, help=argparse.SUPPRESS)
    watch.set_defaults(run=cmd_watch)
    release = sub.add_parser("release", help="write the student bundle: no reference solutions, no hidden tests")
    release.add_argument("out", help="a new (or empty) folder for the bundle")
    release.add_argument("--verify", action="store_true",
                         help="install the bundle in a fresh venv and check that pytest exercises/q1 is not started")
    release.set_defaults(run=cmd_release)
    gradescope = sub.add_parser("gradescope", help="write a Gradescope autograder zip (setup.sh, run_autograder)")
    gradescope.add_argument("out", help="the .zip to write")
    gradescope.add_argument("--torch-index-url", default=CPU_INDEX,
                            help=f"pip index torch is installed from, written into setup.sh (default: {CPU_INDEX})")
    gradescope.add_argument("--hidden-visibility", default="visible",
                            choices=["visible", "hidden", "after_due_date", "after_published"],
                            help="Gradescope visibility of hidden tests")
    gradescope.add_argument("--time-budget", type=float, default=DEFAULT_TIME_BUDGET_S, metavar="SECONDS",
                            help="grading stops after this long, leaving the results so far (default "
                                 f"{DEFAULT_TIME_BUDGET_S:g}, under Gradescope's default 10-minute timeout)")
    gradescope.set_defaults(run=cmd_gradescope)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `kit` console script."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
