"""The kit from Python, for notebooks: `kit.check("q3")`, `kit.check()`, `kit.hint("q3")`.

Every check runs the question's public tests in a fresh pytest process (`run_pytest_records`),
so an edit made since the last check is always what gets graded. A learner who solves in the
notebook itself passes the functions: `kit.check("q3", encode=encode)` or
`kit.check("q3", namespace=globals())`; their source (`inspect.getsource`, which works for
functions defined in cells) replaces the matching definitions of the question's solution file in
a temporary submission folder, and the tests run with `--impl` that folder.

Grading goes the other way: the cells marked `# kit: qN` of a submitted `.ipynb` (kit.cells)
become `qN/solution.py` files in kit.grading.intake, like any other submission.
"""

from __future__ import annotations

import ast
import contextlib
import html
import inspect
import io
import linecache
import shutil
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from kit.cells import answers_cell
from kit.impl import public_definitions, resolve_impl
from kit.learn.concepts import ANSWERS_FILE
from kit.messages import msg
from kit.paths import EXERCISES, SOLUTION_FILE
from kit.questions import Question, all_questions, load_question
from kit.records import run_pytest_records

STATUS = {"passed": "PASSED", "failed": "FAILED", "error": "ERROR", "not_started": "NOT STARTED",
          "skipped": "SKIPPED", "xfailed": "XFAIL", "xpassed": "XPASS"}
PRE_STYLE = "margin:0;white-space:pre-wrap"
COLOURS = {"PASSED": "#1a7f37", "FAILED": "#cf222e", "ERROR": "#cf222e", "NOT STARTED": "#9a6700"}


class NotebookError(ValueError):
    """A check or a notebook submission cannot be built from what was given."""


# ---------------------------------------------------------------- results


@dataclass
class QuestionCheck:
    """The outcome of one question's public tests: one record per test (what `--kit-json` writes)."""

    question: Question
    records: list[dict]
    output: str = ""  # pytest's own output tail, shown when it wrote no records (a crash at collection)

    @property
    def status(self) -> str:
        """done / not started / in progress k/n / no tests, as `kit status` words it."""
        return progress(self.records, self.question.key)

    def _rows(self) -> list[tuple[str, str, str]]:
        return [(r["nodeid"].rpartition("::")[2], STATUS.get(r["outcome"], r["outcome"].upper()),
                 compact_message(skip_reason(r["message"]) if r["outcome"] == "skipped" else r["message"]))
                for r in self.records]

    def __str__(self) -> str:
        lines = [f"{self.question.key} {self.question.title}: {self.status}"]
        for name, status, message in self._rows():
            lines.append(f"  {status:<12}{name}")
            lines.extend(f"      {line}" for line in message.splitlines())
        if not self.records and self.output:
            lines.append(self.output)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td style='text-align:left'><code>{html.escape(name)}</code></td>"
            f"<td style='text-align:left;color:{COLOURS.get(status, '#57606a')};font-weight:bold'>{status}</td>"
            f"<td style='text-align:left'><pre style='{PRE_STYLE}'>{html.escape(message)}</pre></td></tr>"
            for name, status, message in self._rows()
        )
        extra = f"<pre>{html.escape(self.output)}</pre>" if not self.records and self.output else ""
        title = html.escape(f"{self.question.key} {self.question.title}: {self.status}")
        return (f"<div><b>{title}</b><table><tr><th>test</th><th>status</th><th>message</th></tr>{rows}</table>"
                f"{extra}</div>")


@dataclass
class StatusCheck:
    """Every question's status (`kit.check()`), like `kit status`."""

    questions: list[Question]
    records: list[dict]
    sources: dict[str, str] = field(default_factory=dict)  # question -> what was checked (the notebook, a file)

    def statuses(self) -> dict[str, str]:
        """Question key -> its status."""
        return {q.key: progress(self.records, q.key) for q in self.questions}

    def __str__(self) -> str:
        statuses = self.statuses()
        return "\n".join(f"{q.key:<4}{q.title}  —  {statuses[q.key]}"
                         + (f"  ({self.sources[q.key]})" if q.key in self.sources else "") for q in self.questions)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        statuses = self.statuses()
        rows = "".join(f"<tr><td>{q.key}</td><td style='text-align:left'>{html.escape(q.title)}</td>"
                       f"<td style='text-align:left'>{html.escape(statuses[q.key])}</td>"
                       f"<td style='text-align:left'>{html.escape(self.sources.get(q.key, ''))}</td></tr>"
                       for q in self.questions)
        header = "".join(f"<th>{html.escape(msg(key))}</th>"
                         for key in ("cli.status.question", "cli.status.public_tests", "notebook.read"))
        return f"<table><tr><th></th>{header}</tr>{rows}</table>"


def progress(records: list[dict], question: str) -> str:
    """not started / in progress k/n / done, for one question's records (the words `kit status` prints)."""
    from kit.learn.status import progress as status_progress

    return status_progress(records, question)


def skip_reason(message: str) -> str:
    """A skipped test's reason alone: pytest words a skip `('path', line, 'Skipped: reason')`, and a
    learner's copy skips each answered concept item with "valid form, graded on submission"."""
    try:
        _, _, reason = ast.literal_eval(message.strip())
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return message
    return reason.removeprefix("Skipped: ") if isinstance(reason, str) else message


def compact_message(message: str, limit: int = 600) -> str:
    """A failure message short enough for a table row: a kit check's own message as it is; of a
    traceback, only pytest's `E` lines and the closing hint pointer."""
    text = message.strip()
    explained = [line for line in text.splitlines() if line.startswith("E ")]
    if explained:
        last = text.splitlines()[-1]
        text = "\n".join(explained[:8] + ([last] if last.startswith("(`kit hint") else []))
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---------------------------------------------------------------- check / hint


def check(question: str | None = None, *, impl: str = "exercises", namespace: dict | None = None, **objects):
    """Run a question's public tests now, in a fresh process, and return the table of results.

    `question` is "q1" ... "q10"; without it, every question's status (`kit status`): in a
    notebook (or with `namespace`), a question whose functions the notebook defines is checked
    from its cells, any other from its file, and the table says which. `impl` is
    `exercises` (the default), `reference`, or a folder shaped like `exercises/`. Functions and
    classes given by keyword (`encode=encode`), or found in `namespace` under the names of the
    question's stub, are tested in place of the file's own definitions. In Jupyter the result
    renders as an HTML table; elsewhere it prints as text.
    """
    if question is None:
        if objects:
            raise NotebookError("kit.check(): name the question the functions belong to, e.g. kit.check('q3', ...)")
        return _shown(progress_check(resolve_impl(impl), namespace if namespace is not None else _kernel_namespace()))
    meta = _question(question)
    impl_dir = resolve_impl(impl)
    with tempfile.TemporaryDirectory(prefix="kit-check-") as tmp:
        from_cells = namespace is not None or bool(objects)
        if from_cells:
            impl_dir = write_submission(question, impl_dir, Path(tmp), namespace or {}, objects)
        done, records = run_pytest_records([str(EXERCISES / question), "--impl", str(impl_dir)])
    if from_cells:  # "write it in /tmp/kit-check-.../q3/solution.py" would send the learner nowhere
        written = str(impl_dir / question / SOLUTION_FILE)
        for record in records:
            record["message"] = record["message"].replace(written, "your notebook cell")
    output = "" if records else (done.stdout + done.stderr)[-3000:]
    return _shown(QuestionCheck(meta, records, output))


@contextlib.contextmanager
def trying(question: str):
    """Run a lesson's try-it cell: `with kit.trying("q3"): ...`. While the question is not started
    (a stub raises NotImplementedError) the cell says so and "Run All" goes on; any other error
    shows as usual, since it is the learner's to see."""
    try:
        yield
    except NotImplementedError as exc:
        print(msg("notebook.needs", question=question, function=str(exc) or question))


def progress_check(impl_dir: Path, namespace: dict | None) -> StatusCheck:
    """Every question's status in one pytest run: a question whose functions the notebook's
    `namespace` defines is checked from the notebook's cells (and answers cell), any other from its
    file in `impl_dir`; the table says which."""
    questions = all_questions()
    if namespace is None:
        _, records = run_pytest_records([*[str(EXERCISES / q.key) for q in questions], "--impl", str(impl_dir)])
        return StatusCheck(questions, records)
    sources = {}
    with tempfile.TemporaryDirectory(prefix="kit-check-") as tmp:
        for q in questions:
            try:
                write_submission(q.key, impl_dir, Path(tmp), namespace, {})
                sources[q.key] = msg("notebook.from_cells")
            except NotebookError:  # nothing of this question in the notebook: its file
                shutil.copytree(impl_dir / q.key, Path(tmp) / q.key, ignore=_only_answer_files)
                sources[q.key] = shown_path(impl_dir / q.key / SOLUTION_FILE)
        _, records = run_pytest_records([*[str(EXERCISES / q.key) for q in questions], "--impl", tmp])
    return StatusCheck(questions, records, sources)


def _only_answer_files(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name not in (SOLUTION_FILE, ANSWERS_FILE)]


def shown_path(path: Path) -> str:
    """A path as the learner knows it: relative to the kit's folder when inside it."""
    try:
        return path.relative_to(EXERCISES.parent).as_posix()
    except ValueError:
        return str(path)


def _kernel_namespace() -> dict | None:
    """The notebook's own variables when called from a Jupyter kernel (IPython's user namespace)."""
    ipython = sys.modules.get("IPython")
    shell = ipython and getattr(ipython, "get_ipython", lambda: None)()
    return getattr(shell, "user_ns", None) if shell is not None and "ipykernel" in sys.modules else None


def hint(question: str, function: str | None = None, level: int | None = None) -> None:
    """Print the next hint for `question` (optionally for one `function`, or one `level`), like `kit hint`."""
    from kit.learn.hints import show_hint

    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        code = show_hint(question, function, level)
    if code != 0:
        raise NotebookError(f"kit.hint: {errors.getvalue().strip()}")


def _question(key: str) -> Question:
    if not isinstance(key, str) or not (EXERCISES / key / "question.toml").is_file():
        known = ", ".join(q.key for q in all_questions())
        raise NotebookError(f"unknown question {key!r}; choose one of {known}")
    return load_question(EXERCISES / key)


def _shown(result):
    """`result`, printed first where nothing else would show it (a script; not Jupyter, not a REPL)."""
    if not _in_ipython() and not hasattr(sys, "ps1"):
        print(result)
    return result


def _in_ipython() -> bool:
    ipython = sys.modules.get("IPython")
    return bool(ipython and getattr(ipython, "get_ipython", lambda: None)())


# ---------------------------------------------------------------- namespace form


def definitions(source: str, constants: bool = False) -> dict[str, tuple[int, int]]:
    """Top-level function and class names of a module's source -> (first line, last line), decorators
    included; with `constants`, also the names of one-name assignments (`FULL_LR = 5e-5`)."""
    tree = ast.parse(source)
    spans = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            spans[node.name] = (first, node.end_lineno)
        elif constants and isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            spans[node.targets[0].id] = (node.lineno, node.end_lineno)
    return spans


def public_names(question: str) -> list[str]:
    """What a question's stub asks for: its public top-level functions, classes and constants."""
    stub = (EXERCISES / question / SOLUTION_FILE).read_text(encoding="utf-8")
    return list(public_definitions(stub, constants=True))


def split_cells(source: str) -> list[str]:
    """A solution file cut into notebook cells: the header (docstring, imports), then one cell per
    top-level function or class, each with the lines (comments, constants) just above it."""
    lines = source.rstrip("\n").splitlines()
    ends = [last for _, last in sorted(definitions(source).values())]
    starts = [first for first, _ in sorted(definitions(source).values())]
    if not starts:
        return [source]
    cuts = [0, starts[0] - 1, *ends[:-1], len(lines)]
    return [chunk for a, b in zip(cuts, cuts[1:], strict=False)
            if (chunk := "\n".join(lines[a:b]).strip("\n"))]


def write_submission(question: str, impl_dir: Path, out: Path, namespace: dict, objects: dict) -> Path:
    """A submission folder `out` with `<question>/solution.py`: the file from `impl_dir`, whose
    definitions are replaced by the given objects' source; the folder."""
    names = public_names(question)
    given = {name: namespace[name] for name in names if name in namespace and _usable(namespace[name])}
    for name, obj in objects.items():
        if not _usable(obj):
            raise NotebookError(f"kit.check({question!r}): {name}= must be a function or class defined with "
                                f"def/class (or a number, string or bool), got {type(obj).__name__}")
    given.update(objects)
    if not any(_has_source(obj) for obj in given.values()):
        raise NotebookError(f"kit.check({question!r}): none of {', '.join(names)} was given or found in the namespace")
    base = (impl_dir / question / SOLUTION_FILE).read_text(encoding="utf-8")
    lines = base.splitlines()
    spans = definitions(base, constants=True)
    tree = ast.parse(base)
    imported = {alias.asname or alias.name.partition(".")[0] for node in tree.body
                if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names}
    extra, imports = helpers(given, set(spans) | imported)
    given.update(extra)
    blocks = {name: source_of(name, obj, question) for name, obj in given.items()}
    # Replace from the bottom up so earlier line numbers stay valid; names the file lacks are appended.
    for name, (first, last) in sorted(spans.items(), key=lambda item: -item[1][0]):
        if name in blocks:
            lines[first - 1:last] = blocks.pop(name).splitlines()
    # The cells' own imports go after the file's (never above `from __future__ import ...`).
    after = max((node.end_lineno for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)), default=0)
    lines[after:after] = imports
    text = "\n".join(lines) + "\n" + "".join(f"\n\n{block}\n" for block in blocks.values())
    folder = out / question
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SOLUTION_FILE).write_text(text, encoding="utf-8")
    # The concept answers: the notebook's last run `# kit: qN answers` cell (read as TOML, never run
    # by the kit), found in IPython's input history; otherwise the question's answers file.
    cell = answers_cell(list(namespace.get("In") or []), question)
    answers = impl_dir / question / ANSWERS_FILE
    if cell is not None:
        (folder / ANSWERS_FILE).write_text(cell, encoding="utf-8")
    elif answers.is_file():
        shutil.copyfile(answers, folder / ANSWERS_FILE)
    return out


def helpers(given: dict, known: set[str]) -> tuple[dict, list[str]]:
    """What `given` functions use from their own namespace besides the solution file's `known`
    names: (a learner's helper functions, classes and constant tables (`LABELS = {...}`) from
    other cells, found transitively; the import lines for modules and imported names they use)."""
    found: dict = {}
    imports: list[str] = []
    todo = [obj for obj in given.values() if inspect.isfunction(obj)]
    while todo:
        function = todo.pop()
        for name in sorted(_global_names(function.__code__)):
            if name in known or name in given or name in found or name not in function.__globals__:
                continue
            obj = function.__globals__[name]
            found_import = _import_line(name, obj)
            if found_import:
                known.add(name)
                imports.append(found_import)
            elif _has_source(obj) and getattr(obj, "__module__", None) == function.__module__:
                found[name] = obj
                if inspect.isfunction(obj):
                    todo.append(obj)
            elif _is_literal(obj):
                found[name] = obj
    return found, imports


def _import_line(name: str, obj) -> str | None:
    """`import math` / `from collections import Counter as C` for a name a cell imported; None otherwise."""
    if inspect.ismodule(obj):
        return f"import {obj.__name__}" + ("" if obj.__name__ == name else f" as {name}")
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if not module or module == "__main__" or not qualname or "." in qualname or "<" in qualname:
        return None
    if getattr(sys.modules.get(module), qualname, None) is not obj:
        return None  # not reachable under that name (a re-export from a private module is fine below)
    return f"from {module} import {qualname}" + ("" if qualname == name else f" as {name}")


def _global_names(code) -> set[str]:
    """Names a code object and the code nested in it (closures, comprehensions) look up."""
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _global_names(const)
    return names


def source_of(name: str, obj, question: str) -> str:
    """The source that defines `name` as `obj` (a function or class from a cell or a file, or a
    constant such as a learning rate)."""
    if _is_literal(obj):
        return f"{name} = {obj!r}"
    try:
        source = textwrap.dedent(inspect.getsource(obj))
    except (OSError, TypeError) as exc:
        source = _class_source_from_methods(obj)
        if source is None:
            raise NotebookError(f"kit.check({question!r}): the source of {name} cannot be read ({exc}); "
                                "define it with def/class in a cell or a file") from None
    if obj.__name__ == "<lambda>":
        raise NotebookError(f"kit.check({question!r}): {name} is a lambda; define it with def")
    if obj.__name__ != name:  # `encode=my_encode`: the tests look for `encode`
        source += f"\n\n{name} = {obj.__name__}"
    return source


def _class_source_from_methods(cls) -> str | None:
    """A class's source found through one of its methods' cells.

    Python 3.11's getsource finds a class through its module's file, which a notebook's
    `__main__` does not have; a method's code still names the cell it came from.
    """
    if not inspect.isclass(cls):
        return None
    for member in vars(cls).values():
        code = getattr(inspect.unwrap(member) if callable(member) else None, "__code__", None)
        if code is None:
            continue
        text = "".join(linecache.getlines(code.co_filename))
        try:
            spans = definitions(text)
        except SyntaxError:
            continue
        if cls.__name__ in spans:
            first, last = spans[cls.__name__]
            return "\n".join(text.splitlines()[first - 1:last])
    return None


def _has_source(obj) -> bool:
    return inspect.isfunction(obj) or inspect.isclass(obj)


def _is_literal(obj) -> bool:
    """Whether `repr(obj)` rebuilds it: numbers, strings, and containers of them (a constant table)."""
    if obj is None or type(obj) in (int, float, str, bool):
        return True
    if type(obj) not in (list, tuple, dict, set, frozenset):
        return False
    try:
        return ast.literal_eval(repr(obj)) == obj
    except (ValueError, SyntaxError, RecursionError):
        return False


def _usable(obj) -> bool:
    return _has_source(obj) or _is_literal(obj)


# ---------------------------------------------------------------- notebook submissions
