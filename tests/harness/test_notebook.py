"""The kit in a notebook: kit.check from Python, the namespace form, notebook submissions, the lesson notebook.

The kernel test starts a real IPython kernel (ipykernel + nbclient), as Jupyter and Colab do.
"""

import ast
import importlib.util
import json
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from kit import cells as kit_cells
from kit.grading import intake
from kit.learn import notebook
from kit.paths import EXERCISES, REFERENCE, ROOT
from kit.questions import all_questions, load_question


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests name kit.check's English status words; kernels and subprocesses inherit KIT_LANG."""
    monkeypatch.setenv("KIT_LANG", "en")

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")

SCRIPT = ROOT / "scripts" / "lesson_notebook.py"
LESSON = EXERCISES / "lesson.ipynb"
# Same length as the reference line, so only the content changes: subword_pieces keeps nothing.
GOOD, BAD = 'startswith("##")', 'startswith("#!")'


def lesson_script():
    spec = importlib.util.spec_from_file_location("lesson_notebook", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def same_code(a: str, b: str) -> bool:
    return ast.dump(ast.parse(a)) == ast.dump(ast.parse(b))


def test_import_kit_stays_cheap_and_exports_check_and_hint():
    code = "import sys, kit; heavy = {'torch', 'transformers', 'pytest'} & set(sys.modules); " \
           "assert not heavy, heavy; assert callable(kit.check) and callable(kit.hint)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_lesson_notebook_is_built_from_the_current_stubs():
    script = lesson_script()
    assert LESSON.read_text(encoding="utf-8") == script.text_of(script.build()), \
        "exercises/lesson.ipynb is stale: run python scripts/lesson_notebook.py build"


def test_solution_cells_of_the_lesson_are_each_stub_file():
    cells = kit_cells.solution_cells(LESSON)
    assert sorted(cells) == sorted(q.key for q in all_questions())
    for key, code in cells.items():
        assert same_code(code, (EXERCISES / key / "solution.py").read_text(encoding="utf-8")), key


def test_split_cells_keeps_every_line_of_a_reference_file():
    for q in all_questions():
        source = (REFERENCE / q.key / "solution.py").read_text(encoding="utf-8")
        assert same_code("\n\n\n".join(notebook.split_cells(source)), source), q.key


def test_a_notebook_without_marked_cells_or_unreadable_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_LANG", "en")
    questions = [load_question(EXERCISES / "q3"), load_question(EXERCISES / "q5")]
    empty = tmp_path / "empty.ipynb"
    empty.write_text(nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])))
    taken = intake.take(empty, tmp_path / "out", questions)
    assert not any(taken.folder.iterdir())
    assert "no cell starts with `# kit: qN`" in taken.refused[0]
    assert all("has no cell starting with `# kit: q" in taken.lines[k] for k in ("q3", "q5"))
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    with pytest.raises(intake.IntakeError, match="not a readable Jupyter notebook"):
        intake.take(broken, tmp_path / "out2", questions)
    assert not (tmp_path / "out2").exists()


def kit_grade(tmp_path: Path, impl: Path, questions: str) -> dict:
    results = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "-m", "kit.cli", "grade", "--impl", str(impl), "--questions", questions,
                           "--results", str(results)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {k: (q["status"], q["score"]) for k, q in
            json.loads(results.read_text(encoding="utf-8"))["extra_data"]["questions"].items()}


def test_kit_grade_accepts_a_submitted_notebook(tmp_path):
    script = lesson_script()
    solved = tmp_path / "solved.ipynb"
    solved.write_text(script.text_of(script.build(REFERENCE)), encoding="utf-8")
    points = {q.key: q.points for q in all_questions()}
    grades = kit_grade(tmp_path, solved, "q3,q5")
    # The reference's code and concept answers (its `# kit: q5 answers` cell) earn every point.
    assert grades == {"q3": ("passed", points["q3"]), "q5": ("passed", points["q5"])}, grades
    # The wrong variant: one cell edited in the notebook costs points; untouched stubs score nothing.
    text = solved.read_text(encoding="utf-8")
    assert GOOD.replace('"', '\\"') in text
    wrong = tmp_path / "wrong.ipynb"
    wrong.write_text(text.replace(GOOD.replace('"', '\\"'), BAD.replace('"', '\\"')), encoding="utf-8")
    status, score = kit_grade(tmp_path, wrong, "q3")["q3"]
    assert status == "failed" and 0 < score < points["q3"]
    assert kit_grade(tmp_path, LESSON, "q3")["q3"] == ("not started", 0)


def write_module(tmp_path: Path, name: str, code: str):
    """Import `code` from a real file, so inspect.getsource finds it (as it finds a notebook cell)."""
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_namespace_form_writes_given_functions_their_helpers_constants_and_imports(tmp_path):
    cells = write_module(tmp_path, "cells_q3", """
        import itertools as it
        from collections import OrderedDict

        MARK = "##"
        PIECES = ("##",)

        def is_piece(token):
            return token.startswith(PIECES[0])

        def pieces(tokens):
            return [t for t in it.chain(tokens) if is_piece(t) and OrderedDict()  is not None]
    """)
    out = notebook.write_submission("q3", EXERCISES, tmp_path / "sub", vars(cells), {"subword_pieces": cells.pieces})
    text = (out / "q3" / "solution.py").read_text(encoding="utf-8")
    module = write_module(tmp_path, "written_q3", text)
    assert module.subword_pieces(["a", "##b", "c", "##d"]) == ["##b", "##d"]
    with pytest.raises(NotImplementedError, match="q3.encode"):  # not given: the file's own stub
        module.encode("x", None)
    assert "MARK" not in text  # only what the given functions use travels


def test_namespace_form_takes_the_last_run_answers_cell_as_toml(tmp_path):
    """The answers come from IPython's input history (`In`), the latest `# kit: q5 answers` cell
    winning; without one, from the question's answers file (here the stub's, all empty)."""
    cells = write_module(tmp_path, "cells_q5", "def special_token_ids(tokenizer):\n    return {}\n")
    stale, latest = '# kit: q5 answers\nc3 = "A"\n', '# kit: q5 answers\nc3 = "B"   # my answer\n'
    history = ["", stale, "x = 1", latest, "kit.check('q5', namespace=globals())"]
    out = notebook.write_submission("q5", EXERCISES, tmp_path / "sub", {**vars(cells), "In": history}, {})
    assert tomllib.loads((out / "q5" / "answers.toml").read_text(encoding="utf-8")) == {"c3": "B"}
    history = ["", stale.replace("c3", "c1"), latest]  # an item per cell: each as written, comments kept
    out = notebook.write_submission("q5", EXERCISES, tmp_path / "split", {**vars(cells), "In": history}, {})
    assert (out / "q5" / "answers.toml").read_text(encoding="utf-8") == 'c1 = "A"\nc3 = "B"   # my answer\n'
    out = notebook.write_submission("q5", EXERCISES, tmp_path / "file", vars(cells), {})
    assert (out / "q5" / "answers.toml").read_bytes() == (EXERCISES / "q5" / "answers.toml").read_bytes()


def test_progress_reads_the_notebooks_cells_and_says_which_file_it_reads_otherwise(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_LANG", "en")
    solved = write_module(tmp_path, "cells_q3_solved", (REFERENCE / "q3" / "solution.py").read_text(encoding="utf-8"))
    table = notebook.progress_check(EXERCISES, vars(solved))
    statuses = table.statuses()
    assert statuses["q3"] == "done" and table.sources["q3"] == "this notebook's cells", (statuses, table.sources)
    assert statuses["q5"] == "not started" and table.sources["q5"] == "exercises/q5/solution.py"
    assert "(this notebook's cells)" in str(table) and "checked from" in table._repr_html_()


def test_namespace_form_refuses_what_it_cannot_test():
    with pytest.raises(notebook.NotebookError, match="none of encode, subword_pieces, decode"):
        notebook.check("q3", namespace={"unrelated": len})
    with pytest.raises(notebook.NotebookError, match="must be a function or class"):
        notebook.check("q3", encode=object())
    with pytest.raises(notebook.NotebookError, match="unknown question 'q99'"):
        notebook.check("q99")
    with pytest.raises(notebook.NotebookError, match="kit.hint: q3 has no function 'nope'"):
        notebook.hint("q3", "nope")


def test_check_renders_statuses_messages_and_hint_pointers(tmp_path):
    impl = tmp_path / "sub"
    (impl / "q3").mkdir(parents=True)
    (impl / "q3" / "solution.py").write_text(
        (REFERENCE / "q3" / "solution.py").read_text(encoding="utf-8").replace(GOOD, BAD), encoding="utf-8")
    result = notebook.check("q3", impl=str(impl))
    assert result.status == "in progress 6/7"
    text, html = str(result), result._repr_html_()
    assert "FAILED" in text and "`kit hint q3 subword_pieces` gives a hint" in text
    assert "<table>" in html and "FAILED" in html and "kit hint q3 subword_pieces" in html


# One kernel, the learner's session: a check on stubs, on the reference, an edit, cells.
KERNEL_CELLS = [
    "import kit\nprint('STATUS', kit.check('q3').status)",
    "print('STATUS', kit.check('q3', impl='reference').status)",
    "print('STATUS', kit.check('q3', impl={impl!r}).status)",
    "from pathlib import Path\np = Path({impl!r}) / 'q3' / 'solution.py'\n"
    "p.write_text(p.read_text().replace({good!r}, {bad!r}))\nprint('STATUS', kit.check('q3', impl={impl!r}).status)",
    "{reference_cells}",
    "print('STATUS', kit.check('q3', namespace=globals()).status)",
    "def subword_pieces(tokens):\n    return [t for t in tokens if t.startswith('#')]",
    "print('STATUS', kit.check('q3', namespace=globals()).status)",
    "print('STATUS', kit.check('q3', subword_pieces=subword_pieces, encode=encode, decode=decode).status)",
    "r = kit.check('q3', namespace=globals())\nr",
]


def test_kit_check_in_a_real_kernel(tmp_path):
    from nbclient import NotebookClient

    impl = tmp_path / "copy"
    shutil.copytree(REFERENCE / "q3", impl / "q3")
    reference = (REFERENCE / "q3" / "solution.py").read_text(encoding="utf-8")
    reference_cells = "\n\n\n".join(notebook.split_cells(reference))
    cells = [nbformat.v4.new_code_cell(c.format(impl=str(impl), good=GOOD, bad=BAD, reference_cells=reference_cells))
             for c in KERNEL_CELLS]
    book = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = [line.removeprefix("STATUS ") for cell in book.cells for out in cell.outputs
               if out.get("name") == "stdout" for line in out["text"].splitlines() if line.startswith("STATUS ")]
    assert printed == [
        "not started",       # the stubs as shipped
        "done",              # impl="reference"
        "done",              # a copy of the reference ...
        "in progress 6/7",   # ... edited after that first passing check
        "done",              # the reference functions defined in cells
        "in progress 6/7",   # a wrong subword_pieces redefined in a cell (keeps "#" tokens too)
        "in progress 6/7",   # the keyword form takes the same functions
    ], printed
    html = book.cells[-1].outputs[0]["data"]["text/html"]
    assert "<table>" in html and "FAILED" in html and "test_subword_pieces_keeps_continuations_in_order" in html


def test_kit_release_ships_the_lesson_notebook_with_its_stub_cells(tmp_path):
    from kit.authoring.release import build_bundle

    build_bundle(tmp_path / "bundle")
    shipped = tmp_path / "bundle" / "exercises" / "lesson.ipynb"
    assert shipped.read_bytes() == LESSON.read_bytes()
    assert all("NotImplementedError" in code for code in kit_cells.solution_cells(shipped).values())


def test_status_table_words_progress_like_kit_status():
    questions = all_questions()[:3]
    records = [{"question": "q1", "outcome": "passed"}, {"question": "q1", "outcome": "passed"},
               {"question": "q2", "outcome": "not_started"}, {"question": "q3", "outcome": "passed"},
               {"question": "q3", "outcome": "failed"}]
    table = notebook.StatusCheck(questions, records)
    assert table.statuses() == {"q1": "done", "q2": "not started", "q3": "in progress 1/2"}
    assert "in progress 1/2" in str(table) and "<table>" in table._repr_html_()


def test_compact_message_keeps_the_error_lines_and_the_hint_pointer():
    traceback = ("def test():\n>   assert f() == 2\nE   assert 1 == 2\nE    +  where 1 = f()\n"
                 "(`kit hint q3 encode` gives a hint)")
    assert notebook.compact_message(traceback) == (
        "E   assert 1 == 2\nE    +  where 1 = f()\n(`kit hint q3 encode` gives a hint)")
    assert notebook.compact_message("q3.encode returned 1; expected 2") == "q3.encode returned 1; expected 2"


def test_answers_cells_merge_by_one_rule_in_the_file_and_in_the_kernel(tmp_path):
    """Each item's answer is the one of the last cell that answers it: split cells add up, a copied
    cell with a changed answer wins over the first, and the file and the live kernel agree."""
    bodies = ['c1 = ["B", "A"]\nc2 = "A"  # first try', 'c3 = "C"', 'c2 = "B"\nc4 = "남은 답 \\"인용\\""']
    from_file = tomllib.loads(answers_of_notebook(tmp_path, bodies))
    from_kernel = tomllib.loads(kit_cells.answers_cell([f"# kit: q9 answers\n{body}" for body in bodies], "q9"))
    assert from_file == from_kernel == {"c1": ["B", "A"], "c2": "B", "c3": "C", "c4": '남은 답 "인용"'}
    with pytest.raises(tomllib.TOMLDecodeError):  # a cell that is not TOML is kept as written: reported, not lost
        tomllib.loads(answers_of_notebook(tmp_path, ['c1 = "A"', "c1 = ", 'c2 = "B"']))


def answers_of_notebook(tmp_path, bodies: list[str]) -> str:
    """q9's answers as intake reads them from a notebook with one `# kit: q9 answers` cell per body."""
    cells = [nbformat.v4.new_code_cell(f"# kit: q9 answers\n{body}") for body in bodies]
    path = tmp_path / "cells.ipynb"
    path.write_text(nbformat.writes(nbformat.v4.new_notebook(cells=cells)), encoding="utf-8")
    return kit_cells.marked_cells(path).answers["q9"]


def test_a_huge_cell_beside_the_stub_is_taken_without_parsing_it(tmp_path, monkeypatch):
    """A folder with the untouched stub file and a notebook whose q3 cell is huge: the cell is not the stub
    (it is taken), and intake never parses it as a program in the grading process (parsing costs about
    500 bytes of memory per byte of code: a 39 MB cell would take some 19 GB)."""
    folder = tmp_path / "upload"
    (folder / "exercises" / "q3").mkdir(parents=True)
    shutil.copyfile(EXERCISES / "q3" / "solution.py", folder / "exercises" / "q3" / "solution.py")
    huge = "# kit: q3\nx = [" + "0," * 200_000 + "]\n"
    cells = [nbformat.v4.new_code_cell(huge)]
    (folder / "exercises" / "lesson.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook(cells=cells)),
                                                       encoding="utf-8")
    parsed = []
    real_parse = ast.parse
    monkeypatch.setattr(ast, "parse", lambda source, *a, **k: parsed.append(len(source)) or real_parse(source, *a, **k))
    taken = intake.take(folder, tmp_path / "dest", [q for q in all_questions() if q.key == "q3"])
    assert (taken.folder / "q3" / "solution.py").read_text(encoding="utf-8").startswith("x = [0,0,")
    assert all(size <= intake.SAME_CODE_BYTES for size in parsed), parsed
