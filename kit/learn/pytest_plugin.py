"""The kit's pytest plugin: `--impl` / `--model`, shared fixtures, question markers, and
"not started" reporting for stubs that still raise NotImplementedError("qN.function").
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import tempfile
import traceback
from pathlib import Path

# Before anything imports huggingface_hub or transformers: never touch the network.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# transformers logs a LOAD REPORT (unexpected / missing keys) whenever a classifier head is new:
# captured into every failure's output, it buried the kit's message. Errors still show.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import pytest

from kit import assets, defaults
from kit.impl import ImplError, load_solution, question_of, resolve_impl
from kit.isolation import runner
from kit.isolation.outfiles import WORKER_AREA, copy_out
from kit.learn import hypothesis_profile
from kit.learn.checks import KitFailure
from kit.messages import entry_of, msg
from kit.paths import EXERCISES, REFERENCE, ROOT, SOLUTION_FILE
from kit.questions import load_question
from kit.records import Kind
from kit.text import visible

STUB_MESSAGE = re.compile(r"^(q\d+)\.(\w+)$")



def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kit")
    group.addoption(
        "--impl",
        default=os.environ.get("KIT_IMPL", "exercises"),
        help="what to test: exercises (default), reference, or a folder shaped like exercises/",
    )
    group.addoption(
        "--kit-json",
        default=None,
        help="write one record per test (question, outcome, message) to this JSON file",
    )
    group.addoption(
        "--kit-progress",
        default=None,
        help="append one JSON line per finished test to this file (the grader reads it after a crash)",
    )
    group.addoption(
        "--kit-shuffle",
        type=int,
        default=None,
        metavar="SEED",
        help="run the modules, and the tests within each module, in an order shuffled by SEED "
        "(the flake check: results must not depend on the order)",
    )
    group.addoption(
        "--kit-skip-slow",
        action="store_true",
        help="skip the tests marked slow (kit check's mutant runs, when a faster test already decided)",
    )
    group.addoption(
        "--isolate",
        action="store_true",
        default=os.environ.get("KIT_ISOLATE", "") not in ("", "0"),
        help="run the learner's code in a separate, sandboxed worker process, as `kit grade` does",
    )
    group.addoption(
        "--no-sandbox",
        action="store_true",
        help="with --isolate: run the worker as a plain child process (no OS sandbox)",
    )
    group.addoption(
        "--kit-memory-mb",
        type=int,
        default=defaults.WORKER_MEMORY_MB,
        help="with --isolate: the memory of the worker's sandbox (MB)",
    )
    group.addoption(
        "--device",
        default=os.environ.get("KIT_DEVICE") or "cpu",
        help="where the tests' shared models (encoder, mlm_model, classifiers) run: cpu (default), cuda, cuda:1 ...",
    )
    group.addoption(
        "--model",
        default=os.environ.get("KIT_MODEL") or None,
        help="model name or path for from_pretrained (default: the kit's tiny Korean BERT)",
    )


def pytest_configure(config: pytest.Config) -> None:
    import torch

    hypothesis_profile.load_if_needed()  # a conftest may have imported Hypothesis already

    # The kit's models are tiny: one thread is as fast as many, and it stays fast when
    # other processes (a batch of gradings, a second job) share the cores.
    torch.set_num_threads(int(os.environ.get("KIT_TORCH_THREADS", "1")))
    for folder in sorted(EXERCISES.glob("q*")):
        config.addinivalue_line("markers", f"{folder.name}: tests of question {folder.name}")
    config.addinivalue_line("markers", "points(weight): the test's weight in its question's score (default 1)")
    config.addinivalue_line("markers", "slow: trains a model (seconds); kit check's mutant runs try faster tests first")
    model = config.getoption("--model")
    if model:
        problem = model_problem(model)
        if problem:
            # One message instead of a page of hub tracebacks in every test that loads it.
            raise pytest.UsageError(problem)
        # Learner code that loads "the kit's model" (None) must get the same one as the tests.
        os.environ["KIT_MODEL"] = model
    try:
        config.kit_impl_dir = resolve_impl(config.getoption("--impl"))
    except ImplError as exc:
        raise pytest.UsageError(str(exc)) from exc
    config.kit_device = checked_device(config.getoption("--device"))
    config.kit_sessions = {}
    config.kit_log_dirs = []
    config.kit_sandboxed = False
    if config.getoption("--isolate") and not config.getoption("--no-sandbox"):
        from kit.isolation import sandbox

        reason = sandbox.unavailable()
        config.kit_sandboxed = reason is None
        if reason:
            config.issue_config_time_warning(pytest.PytestWarning(msg("plugin.no_sandbox", reason=reason)),
                                             stacklevel=2)


def checked_device(value: str):
    """The torch.device that `--device` / KIT_DEVICE names; a usage error when torch cannot use it here."""
    import torch

    try:
        device = torch.device(value)
    except (RuntimeError, TypeError) as exc:
        raise pytest.UsageError(msg("plugin.device.name", value=value)) from exc
    if device.type == "cuda" and not torch.cuda.is_available():
        raise pytest.UsageError(msg("plugin.device.no_cuda", value=value))
    if device.type == "cuda" and device.index is not None and device.index >= torch.cuda.device_count():
        raise pytest.UsageError(msg("plugin.device.count", value=value, count=torch.cuda.device_count()))
    if device.type == "mps" and not torch.backends.mps.is_available():
        raise pytest.UsageError(msg("plugin.device.no_mps", value=value))
    if device.type not in ("cpu", "cuda", "mps"):
        raise pytest.UsageError(msg("plugin.device.type", value=value))
    return device


def pytest_unconfigure(config: pytest.Config) -> None:
    for session in getattr(config, "kit_sessions", {}).values():
        session.close()
    for folder in getattr(config, "kit_log_dirs", []):
        shutil.rmtree(folder, ignore_errors=True)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> None:
    """Before a test module is imported: the kit's Hypothesis profile, if the module uses Hypothesis."""
    if file_path.suffix == ".py" and file_path.name.startswith("test_"):
        try:
            hypothesis_profile.load_if_needed(file_path.read_bytes())
        except OSError:
            pass


def pytest_collection_finish(session: pytest.Session) -> None:
    """With --isolate, start each question's worker now: its imports overlap with the judge's setup."""
    session.config.kit_questions = sorted({question_of(Path(item.path)) for item in session.items} - {None},
                                          key=_natural)
    if not session.config.getoption("--isolate"):
        return
    started = []
    for question in session.config.kit_questions:
        try:
            started.append(_worker_session(session.config, question))
            started[-1].start()
        except (ImplError, OSError):
            pass  # the `solution` fixture reports it, in the tests that need it
    for worker in started:  # before the first test: start-up is no test's time
        worker.wait_ready()


def model_problem(model: str) -> str | None:
    """Why `--model` cannot load offline (not a model folder, not in the Hugging Face cache), or None."""
    folder = Path(model).expanduser()
    if folder.is_dir():
        return None if (folder / "config.json").is_file() else msg("plugin.model_folder", model=model)
    if model.startswith((".", "/", "~")) or (os.sep in model and model.count("/") != 1):
        return msg("plugin.model_no_folder", model=model)
    from huggingface_hub import constants, try_to_load_from_cache

    if isinstance(try_to_load_from_cache(model, "config.json"), str):
        return None
    return msg("plugin.model_not_cached", model=model, cache=constants.HF_HUB_CACHE)


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """A parameter that is readable non-ASCII text (a Korean review) names its test as it is.

    pytest writes every non-ASCII id as escapes (`[\\ub098\\ub294 ...]`). Its ini switch to turn that off
    would also let control characters into ids; this keeps pytest's escapes for anything not plainly
    printable (NUL, bidi overrides, zero-width characters)."""
    if isinstance(val, str) and not val.isascii() and val.isprintable() and visible(val) == val:
        return val
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        question = question_of(Path(item.path))
        if question:
            item.add_marker(getattr(pytest.mark, question))
        if config.getoption("--kit-skip-slow") and item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.skip(reason="slow test, skipped (--kit-skip-slow)"))
    seed = config.getoption("--kit-shuffle")
    if seed is not None:
        items[:] = shuffled_by_module(items, seed)


def shuffled_by_module(items: list[pytest.Item], seed: int) -> list[pytest.Item]:
    """The modules in a shuffled order, and each module's tests shuffled within it.

    Tests stay grouped by module so module-scoped fixtures (a trained model) are built once.
    """
    rng = random.Random(seed)
    modules: dict[Path, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(Path(item.path), []).append(item)
    order = sorted(modules)
    rng.shuffle(order)
    result = []
    for path in order:
        group = list(modules[path])
        rng.shuffle(group)
        result.extend(group)
    return result


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def solution(request: pytest.FixtureRequest):
    """The learner module under test: `<impl>/<qN>/solution.py` for the test's own question.

    With `--isolate` it is a stand-in whose calls run in the question's worker process (kit.isolation.remote).
    """
    question = question_of(Path(request.path))
    if question is None:
        raise RuntimeError(f"{request.path} is not inside a qN folder; it cannot ask for `solution`")
    if request.config.getoption("--isolate"):
        from kit.isolation.remote import RemoteSolution

        return RemoteSolution(_worker_session(request.config, question))
    return load_solution(request.config.kit_impl_dir, question)


def _worker_session(config: pytest.Config, question: str):
    """The question's worker session, created once per run (both test files of a question share it)."""
    from kit.isolation import launch, sandbox, wire
    from kit.isolation.remote import RemoteSession

    sessions = config.kit_sessions
    if question not in sessions:
        solution = config.kit_impl_dir / question / "solution.py"
        if not solution.is_file():
            raise ImplError(msg("impl.not_found", question=question, path=solution))
        sandboxed = config.kit_sandboxed
        limits = sandbox.WorkerLimits(memory_mb=config.getoption("--kit-memory-mb"))
        # The judge's scratch folder: the worker reads it (tmp_path, a saved model) and never writes it, so it
        # can plant no link and move no folder where the judge will look. Its own writable folder is inside.
        scratch = config._tmp_path_factory.getbasetemp()
        scratch.chmod(0o755)
        learner_area(config).chmod(0o755)
        # Where the worker's own start-up errors go: outside what it can write (a link planted in its
        # scratch folder must never redirect a file the judge opens).
        log = Path(tempfile.mkdtemp(prefix="kit-judge-")) / f"worker-{question}.log"
        config.kit_log_dirs.append(log.parent)

        def start_one():
            return launch.start_worker(solution, question, limits, [scratch], sandboxed, log), log

        # Room in each reply for the run's model (a trained copy travels back whole with its gradients).
        replies = wire.LIMITS.for_model(assets.model_state_bytes(assets.model_name_or_path()))
        sessions[question] = RemoteSession(question, start_one, _call_timeout(config), [scratch], replies)
    return sessions[question]


def _call_timeout(config: pytest.Config) -> float:
    """How long one call into the worker may take: the per-test timeout, else the question's."""
    try:
        value = float(config.getoption("--timeout") or config.getini("timeout") or 0)
    except (ValueError, TypeError):
        value = 0.0
    return value + 5 if value > 0 else 600.0


def learner_area(config: pytest.Config) -> Path:
    area = config._tmp_path_factory.getbasetemp() / WORKER_AREA
    area.mkdir(exist_ok=True)
    return area


class LearnerFolder:
    """A folder for a learner's function to write into (`path`), and the judge's copy of what it wrote
    (`taken()`): regular files only, no link followed (kit.isolation.outfiles)."""

    def __init__(self, config: pytest.Config, judge_dir: Path):
        """The folder is named after the test's own tmp_path (`judge_dir`), unique in the session."""
        self.root = config._tmp_path_factory.getbasetemp()
        self.relative = learner_area(config).relative_to(self.root) / judge_dir.name
        self.path = self.root / self.relative
        self.path.mkdir()
        self.path.chmod(0o777)
        self.judge_dir = judge_dir

    def taken(self, budget: int | None = None) -> Path:
        """A copy of the folder in the judge's own tmp_path, taken now."""
        budget = budget or 2 * assets.model_state_bytes(assets.model_name_or_path()) + (64 << 20)
        dest = Path(tempfile.mkdtemp(prefix="taken-", dir=self.judge_dir))
        copy_out(self.root, self.relative, dest, budget)
        return dest


@pytest.fixture
def learner_folder(request: pytest.FixtureRequest, tmp_path: Path) -> LearnerFolder:
    """An empty folder the learner's code may write (in isolated runs: in the worker's own area, never a
    folder the judge writes); read what it wrote through `taken()`, never through `path`."""
    return LearnerFolder(request.config, tmp_path)


@pytest.fixture(scope="module")
def answers(request: pytest.FixtureRequest) -> dict:
    """The learner's concept answers: `<impl>/<qN>/answers.toml` of the test's own question, as data."""
    from kit.learn.concepts import load_answers

    question = question_of(Path(request.path))
    if question is None:
        raise RuntimeError(f"{request.path} is not inside a qN folder; it cannot ask for `answers`")
    return load_answers(request.config.kit_impl_dir, question)


@pytest.fixture(scope="module")
def reference_solution(request: pytest.FixtureRequest):
    """The reference module of the test's question (hidden tests only; never shipped to learners).

    With `--isolate` its functions refuse objects a learner call changed (kit.isolation.oracle).
    """
    question = question_of(Path(request.path))
    module = load_solution(REFERENCE, question)
    if request.config.getoption("--isolate"):
        from kit.isolation.oracle import Oracle

        return Oracle(module, question)
    return module


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):
    """With `--isolate`, what a fixture wider than one test holds is read-only to learner calls
    (kit.isolation.oracle)."""
    value = yield
    if fixturedef.scope != "function" and request.config.getoption("--isolate"):
        from kit.isolation.oracle import protect

        protect(value)
    return value


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same random state, whatever ran before it."""
    import numpy as np
    import torch

    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    yield


@pytest.fixture(scope="session")
def model_name() -> str:
    """The model the run uses (`--model`, `KIT_MODEL`, or the kit's tiny Korean BERT)."""
    return assets.model_name_or_path()


@pytest.fixture(scope="session")
def device(request: pytest.FixtureRequest):
    """The torch.device the shared models run on (`--device`, `KIT_DEVICE`; cpu by default)."""
    return request.config.kit_device


@pytest.fixture(scope="session")
def tokenizer(model_name: str):
    """The model's tokenizer, loaded once per session."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(model_name)


@pytest.fixture(scope="session")
def encoder(model_name: str, device):
    """The pretrained encoder (AutoModel) in eval mode on `device`, loaded once per session."""
    from transformers import AutoModel

    _quiet_transformers()
    return AutoModel.from_pretrained(model_name).to(device).eval()


@pytest.fixture(scope="session")
def mlm_model(model_name: str, device):
    """The encoder with its masked-LM head (AutoModelForMaskedLM) in eval mode on `device`."""
    from transformers import AutoModelForMaskedLM

    _quiet_transformers()
    return AutoModelForMaskedLM.from_pretrained(model_name).to(device).eval()


@pytest.fixture(scope="session")
def nsmc_train():
    """The NSMC training sample (id, document, label)."""
    return assets.load_nsmc("train")


@pytest.fixture(scope="session")
def nsmc_test():
    """The NSMC test sample (id, document, label)."""
    return assets.load_nsmc("test")


def _quiet_transformers() -> None:
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


# ---------------------------------------------------------------- reporting


def _stub_function(excinfo: pytest.ExceptionInfo | None) -> str | None:
    """ "qN.function" when the exception is an untouched stub's NotImplementedError."""
    if excinfo is None or not excinfo.errisinstance(NotImplementedError):
        return None
    match = STUB_MESSAGE.match(str(excinfo.value).strip())
    return match.group(0) if match else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    report.kit_weight = points_weight(item)
    if not report.failed or call.excinfo is None:
        return
    report.kit_summary = _summary(call.excinfo)
    report.kit_kind = _failure_kind(call.excinfo)
    impl_dir: Path = item.config.kit_impl_dir
    stub = _stub_function(call.excinfo)
    if stub:
        question, function = stub.split(".")
        report.kit_not_started = stub
        report.longrepr = _concepts_not_started(impl_dir, question) if function == "concepts" else msg(
            "plugin.not_started", stub=stub, path=_display(impl_dir / question / "solution.py"),
            hint=hint_pointer(question, function))
    elif call.excinfo.errisinstance(KitFailure):
        question, _, function = call.excinfo.value.where.partition(".")
        report.longrepr = f"{call.excinfo.value}\n{hint_pointer(question, function)}"
    elif call.excinfo.errisinstance(ImplError):
        report.longrepr = str(call.excinfo.value)
    elif question_of(Path(item.path)) and report.longrepr is not None:
        # A plain assert or an exception in learner code: keep pytest's traceback, end with the pointer.
        question = question_of(Path(item.path))
        function = _learner_function(call.excinfo, impl_dir / question / "solution.py", question)
        pointer = hint_pointer(question, function)
        note = _removed_api(call.excinfo)
        if note:
            pointer = f"{note}\n{pointer}"
        report.longrepr = _WithPointer(report.longrepr, pointer)
        report.kit_summary = f"{report.kit_summary}\n{pointer}"  # what a hidden test shows ends with it too


def _concepts_not_started(impl_dir: Path, question: str) -> str:
    """The not-started message of an unanswered concept item (its answer goes in answers.toml, not solution.py)."""
    return msg("plugin.concepts_not_started", question=question,
               concepts=_display(EXERCISES / question / "concepts.toml"),
               answers=_display(impl_dir / question / "answers.toml"))


# Tokenizer methods older tutorials use that transformers 5 removed.
REMOVED_TOKENIZER_METHODS = ("batch_encode_plus", "encode_plus")


def _removed_api(excinfo: pytest.ExceptionInfo) -> str | None:
    """What replaces a removed transformers API the learner called (a bare AttributeError otherwise)."""
    if not excinfo.errisinstance(AttributeError):
        return None
    text = str(excinfo.value)
    name = next((name for name in REMOVED_TOKENIZER_METHODS if name in text), None)
    return msg("plugin.encode_plus", name=name) if name else None


def hint_pointer(question: str, function: str | None = None) -> str:
    """The closing line of every failure: the `kit hint` command that fits it."""
    return msg("plugin.hint", command=f"kit hint {question}{' ' + function if function else ''}")


def _learner_function(excinfo: pytest.ExceptionInfo, solution: Path, question: str) -> str | None:
    """The question's function the exception came out of (its outermost frame in `solution`), if any."""
    remote = getattr(excinfo.value, "kit_function", None)
    if remote:
        return remote
    try:
        target = solution.resolve()
        names = [entry.name for entry in excinfo.traceback if Path(str(entry.path)).resolve() == target]
        functions = load_question(EXERCISES / question).hints
    except (OSError, ValueError, KeyError):
        return None
    return next((name for name in names if name in functions), None)


class _WithPointer:
    """A failure's report as pytest renders it, followed by one closing line (the hint pointer)."""

    def __init__(self, longrepr, line: str):
        self.longrepr = longrepr
        self.line = line

    def toterminal(self, out) -> None:
        if hasattr(self.longrepr, "toterminal"):
            self.longrepr.toterminal(out)
        else:
            out.line(str(self.longrepr))
        out.line(self.line)

    def __getattr__(self, name: str):
        if name == "longrepr":  # not set yet (copy, pickle): never recurse
            raise AttributeError(name)
        # reprcrash, reprtraceback, chain ...: what pytest's terminal and JUnit reporters read.
        return getattr(self.longrepr, name)

    def __str__(self) -> str:
        return f"{self.longrepr}\n{self.line}"


def points_weight(item: pytest.Item) -> float:
    """The test's `@pytest.mark.points(w)` weight (1 without the marker)."""
    marker = item.get_closest_marker("points")
    if marker is None:
        return 1.0
    weight = marker.args[0] if marker.args else marker.kwargs.get("weight", 1)
    if not isinstance(weight, int | float) or weight <= 0:
        raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.points needs a positive number, got {weight!r}")
    return float(weight)


def _failure_kind(excinfo: pytest.ExceptionInfo) -> str:
    """The failure's Kind: the learner's worker's own (kit_kind), else import, memory, timeout or none."""
    kind = getattr(excinfo.value, "kit_kind", None)
    if isinstance(kind, str):
        return kind
    if excinfo.errisinstance(ImplError):
        return Kind.MEMORY if "MemoryError" in str(excinfo.value) else Kind.IMPORT
    if excinfo.errisinstance(MemoryError):
        return Kind.MEMORY
    if "Timeout" in str(excinfo.value)[:40] and excinfo.typename == "Failed":
        return Kind.TIMEOUT  # pytest-timeout's own failure
    return Kind.NONE


def _summary(excinfo: pytest.ExceptionInfo) -> str:
    """The failure in one message, without traceback or test source (what hidden tests may show).

    Kit checks, stubs and import problems carry their own message; a bare `assert` would show
    the test's source through pytest's rewriting, so only its type is kept.
    """
    stub = _stub_function(excinfo)
    if stub and stub.endswith(".concepts"):
        return msg("plugin.concepts_not_started.short", stub=stub)
    if stub:
        return msg("plugin.not_started.short", stub=stub)
    if excinfo.errisinstance(KitFailure):
        question, _, function = excinfo.value.where.partition(".")
        return f"{excinfo.value}\n{hint_pointer(question, function)}"
    if excinfo.errisinstance(ImplError):
        return str(excinfo.value)
    if excinfo.type is AssertionError:
        return msg("plugin.assertion")
    if type(excinfo.value).__module__.partition(".")[0] == "hypothesis":
        # Hypothesis' own errors (FlakyFailure, Unsatisfiable...) name the test and dump its generated arguments.
        return msg("plugin.hypothesis", kind=excinfo.typename)
    return _exception_only(excinfo.value)


def _exception_only(error: BaseException) -> str:
    """`Type: message` of `error`, with no note but the kit's own (the learner's traceback in the
    worker, kit.isolation.remote): Hypothesis adds the test's name and generated arguments as notes
    ("Falsifying example: test_x(tokens=[...])"), and a test's `note()` lands there too."""
    exception = traceback.TracebackException(type(error), error, None, compact=True)
    notes = exception.__notes__ if isinstance(exception.__notes__, list | tuple) else []
    where = tuple(entry_of("worker.where").values())
    exception.__notes__ = [note for note in notes if isinstance(note, str) and note.startswith(where)] or None
    return "".join(exception.format_exception_only()).strip()


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    if getattr(report, "kit_not_started", None):
        return "not started", "N", (msg("plugin.status.not_started"), {"yellow": True})
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    advice = _advice(config)
    if advice:
        terminalreporter.section(msg("grader.advice").rstrip(":"), yellow=True)
        for line in advice:
            terminalreporter.line(line)
    reports = terminalreporter.stats.get("not started", [])
    if not reports:
        return
    functions = sorted({r.kit_not_started for r in reports}, key=_natural)
    terminalreporter.section(msg("plugin.section.not_started"), yellow=True)
    for name in functions:
        count = sum(r.kit_not_started == name for r in reports)
        terminalreporter.line(msg("plugin.still_a_stub", function=name, count=count, s="s" * (count != 1)))
    first = functions[0].split(".")[0]
    terminalreporter.line(msg("plugin.read_readme", readme=_display(EXERCISES / first / "README.md"), question=first))


def _advice(config: pytest.Config) -> list[str]:
    """The static policy's advice on each run question's solution (kit.learn.policy): shown, never scored."""
    from kit.learn import policy

    lines = []
    for question in getattr(config, "kit_questions", []):
        path = getattr(config, "kit_impl_dir", EXERCISES) / question / SOLUTION_FILE
        if path.is_file() and not path.is_symlink():
            lines += [f"{question} {finding}" for finding in policy.advice(path)]
    return lines


_records: dict[str, dict] = {}


def forget_records() -> None:
    """Drop what an earlier run in this process recorded (a forked child starts a run of its own)."""
    _records.clear()


runner.at_fork(forget_records)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep one record per test; a failing setup or teardown outranks a passing call."""
    if report.when != "call" and not (report.failed or report.skipped):
        return
    if getattr(report, "kit_not_started", None):
        outcome = "not_started"
    elif report.when != "call" and report.failed:
        outcome = "error"
    else:
        outcome = report.outcome
    previous = _records.get(report.nodeid)
    if previous and previous["outcome"] != "passed":
        return
    record = {
        "nodeid": report.nodeid,
        "question": question_of(Path(report.fspath)),
        "outcome": outcome,
        "function": getattr(report, "kit_not_started", None),
        "message": "" if report.passed else _first_lines(report.longreprtext),
        "summary": "" if report.passed else _first_lines(getattr(report, "kit_summary", "") or "", 600),
        "weight": getattr(report, "kit_weight", 1.0),
        # What kind of failure, in words the grader's scoring reads whatever the message's language.
        "kind": getattr(report, "kit_kind", "") or "",
        "duration": round(report.duration, 3),
        # Values a test measured (record_property), e.g. Q9's accuracies: the flake check compares them.
        "properties": {str(name): _json_safe(value) for name, value in report.user_properties},
    }
    _records[report.nodeid] = record
    progress = _progress_path
    if progress:
        with open(progress, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


_progress_path: str | None = None


def pytest_sessionstart(session: pytest.Session) -> None:
    global _progress_path
    _progress_path = session.config.getoption("--kit-progress")
    # A second pytest.main() in one process (a notebook kernel, kit watch) reports only its own tests.
    _records.clear()


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = session.config.getoption("--kit-json")
    if path:
        text = json.dumps(list(_records.values()), ensure_ascii=False, indent=1)
        Path(path).write_text(text, encoding="utf-8")


def _json_safe(value):
    """`value` if JSON can hold it as it is, else its repr cut short (a property may come from learner code)."""
    try:
        json.dumps(value, allow_nan=True)
        return value
    except Exception:
        try:
            return repr(value)[:200]
        except Exception:
            return f"<{type(value).__name__}>"


def _first_lines(text: str, limit: int = 1200) -> str:
    """`text` cut to `limit` characters; its last line (the error, or the `kit hint` pointer) always stays."""
    if len(text) <= limit:
        return text
    last = text.rstrip().rpartition("\n")[2][: limit // 2]
    return text[: limit - len(last) - 5] + "...\n" + last


def _natural(name: str) -> tuple[int, str]:
    number, _, rest = name.partition(".")
    return int(number[1:]), rest


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
