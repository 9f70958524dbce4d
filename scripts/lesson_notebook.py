"""Build `exercises/lesson.ipynb` from the questions, or execute it headless.

Usage:
  python scripts/lesson_notebook.py build            # rewrite exercises/lesson.ipynb from the stubs
  python scripts/lesson_notebook.py run --reference  # execute it with the reference answers put in
  python scripts/lesson_notebook.py run              # "Run All" on the untouched notebook

The notebook is generated, never edited by hand, so it cannot drift from the stubs: per question,
the question text (its README up to "생각해 볼 것"), the stub cut into cells that start with
`# kit: qN` (what `kit grade --impl exercises/lesson.ipynb` extracts), the concept items and a
`# kit: qN answers` cell holding answers.toml (read as TOML by the kit, valid Python too), a
`kit.check` cell, and the lesson's demonstrations, each inside `with kit.trying("qN"):` so that
"Run All" on the untouched notebook reaches the last cell. `run` fails on the first cell that raises.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kit.learn.concepts import has_concepts, load_items  # noqa: E402
from kit.learn.notebook import split_cells  # noqa: E402
from kit.messages import msg  # noqa: E402
from kit.paths import EXERCISES, REFERENCE  # noqa: E402
from kit.questions import all_questions  # noqa: E402

NOTEBOOK = EXERCISES / "lesson.ipynb"

INTRO = """# BERT 파인튜닝 실습 노트북 (NSMC 감성 분류)

문제마다 설명, 채울 코드 셀, 확인 셀이 있습니다.

1. `# kit: qN`으로 시작하는 셀의 `raise NotImplementedError(...)`를 지우고 답을 쓰세요.
   (첫 줄의 `# kit: qN` 표시는 지우지 마세요. `kit grade --impl exercises/lesson.ipynb`가 이 표시로 답을 찾습니다.)
2. 개념 문항은 `# kit: qN answers`로 시작하는 셀에 답을 씁니다(`c3 = "A"`처럼). 키트는 이 셀을
   실행하지 않고 TOML로 읽습니다.
3. 셀을 실행한 뒤 `kit.check("qN", namespace=globals())` 셀을 실행하면, 방금 정의한 함수와 답으로
   공개 테스트를 새 프로세스에서 돌려 표로 보여 줍니다. 막히면 `kit.hint("qN")`.
   아직 풀지 않은 문제의 "해 보기" 셀은 오류로 멈추지 않고 먼저 풀 문제를 알려 줍니다.
4. 파일(`exercises/qN/solution.py`)에 답을 쓰는 쪽이 편하면 `kit.check("qN")`이 파일을 확인합니다.
   `kit.check()`는 모든 문제의 진행 상황을 보여 줍니다.
"""

SETUP = """# Colab에서는 README의 "Colab과 Jupyter에서" 설치 셀을 먼저 실행하세요.
import pandas as pd
import plotly.io as pio
import torch

from transformers.utils import logging

import kit
from kit.assets import load_nsmc, model_name_or_path

pd.set_option("display.max_colwidth", 80)
# Charts: plotly's own type for JupyterLab and VS Code, with an HTML copy (plotly.js inside, so it
# works offline) wherever that type has no renderer; Colab keeps its own renderer.
if "colab" not in pio.renderers.default:
    pio.renderers.default = "plotly_mimetype+notebook"
logging.set_verbosity_error()  # no load reports or progress bars between the results
logging.disable_progress_bar()"""

# The lesson's demonstrations, after each question's check: they use the functions the cells define.
DEMOS = {
    "q1": ("마스크 채우기: 오른쪽 문맥까지 보고 빈칸을 채웁니다.", """\
from transformers import AutoModelForMaskedLM, AutoTokenizer

mlm_tokenizer = AutoTokenizer.from_pretrained(model_name_or_path())
mlm = AutoModelForMaskedLM.from_pretrained(model_name_or_path()).eval()
sentence = f"배우들의 {mlm_tokenizer.mask_token} 훌륭했다"
display(pd.DataFrame(fill_mask(mlm, mlm_tokenizer, sentence, top_k=5), columns=["token", "probability"]))"""),
    "q3": ("리뷰 한 문장을 토큰과 id로 바꾸어 봅니다.", """from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained(model_name_or_path())
encoded = encode("Hugging Face 라이브러리는 정말 편리합니다!", tokenizer)
print(encoded["tokens"])
print(subword_pieces(encoded["tokens"]))
print(decode(encoded["input_ids"], tokenizer))"""),
    "q4": ("출력의 모양: (batch, seq, hidden)과 (batch, hidden).", """encoder, encoder_tokenizer = load_encoder()
outputs = forward(encoder, encoder_tokenizer, ["정말 재미있는 영화", "지루했다"])
display(output_shapes(outputs))"""),
    "q7": ("어느 부분이 학습되는지 표로 봅니다.", """from transformers import AutoModelForSequenceClassification

classifier = AutoModelForSequenceClassification.from_pretrained(model_name_or_path(), num_labels=2)
display(trainable_summary(freeze_encoder(classifier)))"""),
    "q8": ("한국어 리뷰가 몇 개의 토큰이 되는지 봅니다.", """from transformers import AutoTokenizer

stats = tokenization_stats(AutoTokenizer.from_pretrained(model_name_or_path()),
                           load_nsmc("train")["document"].head(200).tolist())
display(stats.describe())"""),
    "q9": ("두 전략을 작은 표본으로 1 epoch씩 학습하고 그래프를 셀 안에 그립니다. "
           "(전체 실험은 터미널에서 시간이 더 걸립니다. GPU가 있으면 `device=None`이 CUDA를 고릅니다.)",
           """train_df = load_nsmc("train").sample(200, random_state=0)
test_df = load_nsmc("test").sample(100, random_state=0)
histories = {
    "frozen": train_model(train_df, test_df, freeze=True, epochs=1),
    "full": train_model(train_df, test_df, freeze=False, epochs=1),
}
display(plot_history(histories))  # the plotly figure renders here, in the notebook"""),
    "q10": ("별점 모델로 리뷰를 평가한 표.", """\
reviews = ["배우들의 연기가 정말 훌륭했다", "시간이 아까운 영화", "그냥 그랬다"]
display(pd.DataFrame(run_pipeline(reviews, sentiment_pipeline())))"""),
}


def question_text(key: str) -> str:
    """The README of a question up to its "생각해 볼 것" section (the question, not the discussion)."""
    text = (EXERCISES / key / "README.md").read_text(encoding="utf-8")
    return text.split("\n## 생각해 볼 것", 1)[0].split("\n## 확인", 1)[0].strip()


KINDS = {"choice": "객관식: 보기 글자 하나", "ox": "O/X와 그 이유", "order": "순서: 모든 보기 글자를 한 번씩",
         "number": "숫자"}


def concept_text(key: str) -> str:
    """The question's concept items as markdown: each item's text and its choices."""
    parts = [f"**개념 문항** — 답은 아래 `# kit: {key} answers` 셀에 씁니다."]
    for item in load_items(key):
        choices = "\n".join(f"- {letter}. {text}" for letter, text in item.choices.items())
        parts.append(f"**{item.id}** ({KINDS.get(item.kind, item.kind)})\n\n{item.text.strip()}"
                     + (f"\n\n{choices}" if choices else ""))
    return "\n\n".join(parts)


def build(solutions: Path = EXERCISES, questions: list[str] | None = None) -> nbformat.NotebookNode:
    """The lesson notebook (or only some `questions` of it), its solution cells taken from
    `solutions/qN/solution.py`."""
    cells = [nbformat.v4.new_markdown_cell(INTRO, id="intro"), nbformat.v4.new_code_cell(SETUP, id="setup")]
    for q in all_questions():
        key = q.key
        if questions and key not in questions:
            continue
        cells.append(nbformat.v4.new_markdown_cell(question_text(key), id=f"{key}-text"))
        source = (solutions / key / "solution.py").read_text(encoding="utf-8")
        for i, chunk in enumerate(split_cells(source)):
            cells.append(nbformat.v4.new_code_cell(f"# kit: {key}\n{chunk}", id=f"{key}-code-{i}"))
        if has_concepts(key):
            # The answers cell is answers.toml itself: valid as TOML (what the kit reads) and as Python.
            lines = (solutions / key / "answers.toml").read_text(encoding="utf-8").splitlines()
            while lines and (not lines[0].strip() or lines[0].startswith("#")):  # the file's header: about the file
                lines.pop(0)
            answers = "\n".join(lines)
            cells.append(nbformat.v4.new_markdown_cell(concept_text(key), id=f"{key}-concepts"))
            cells.append(nbformat.v4.new_code_cell(f"# kit: {key} answers\n{answers}", id=f"{key}-answers"))
        cells.append(nbformat.v4.new_code_cell(f'kit.check("{key}", namespace=globals())', id=f"{key}-check"))
        if key in DEMOS:
            words, code = DEMOS[key]
            cells.append(nbformat.v4.new_markdown_cell(f"**해 보기.** {words}", id=f"{key}-demo-text"))
            demo = f'with kit.trying("{key}"):\n' + textwrap.indent(code, "    ")
            cells.append(nbformat.v4.new_code_cell(demo, id=f"{key}-demo"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}}
    return notebook


def text_of(notebook: nbformat.NotebookNode) -> str:
    """The notebook as it is written to disk."""
    return nbformat.writes(notebook) + "\n"


def run(notebook: nbformat.NotebookNode, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute every cell in a fresh kernel started in exercises/; raises on the first error."""
    from nbclient import NotebookClient

    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(EXERCISES)}})
    client.execute()
    return notebook


def check_statuses(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Question -> the status its executed `kit.check` cell shows (the first line of its text output)."""
    statuses = {}
    for cell in notebook.cells:
        if not cell.get("id", "").endswith("-check"):
            continue
        key = cell.id.removesuffix("-check")
        texts = [o["data"]["text/plain"] for o in cell.get("outputs", []) if "text/plain" in o.get("data", {})]
        statuses[key] = texts[0].splitlines()[0].rpartition(": ")[2] if texts else "no output"
    return statuses


def chart_types(notebook: nbformat.NotebookNode) -> set[str] | None:
    """The output types of Q9's try-it cell (its chart); None when the notebook has no such cell."""
    cells = [cell for cell in notebook.cells if cell.get("id") == "q9-demo"]
    if not cells:
        return None
    return {kind for out in cells[0].get("outputs", []) for kind in out.get("data", {})}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="rewrite exercises/lesson.ipynb from the stubs")
    runner = sub.add_parser("run", help="execute the notebook headless; fails on any error")
    runner.add_argument("--reference", action="store_true", help="put the reference answers in first")
    runner.add_argument("--out", type=Path, help="also write the executed notebook here")
    runner.add_argument("--questions", help="comma-separated questions to keep (default: the whole lesson)")
    args = parser.parse_args()
    if args.command == "build":
        NOTEBOOK.write_text(text_of(build()), encoding="utf-8")
        print(f"wrote {NOTEBOOK.relative_to(ROOT)}")
        return 0
    keys = args.questions.split(",") if args.questions else None
    if args.reference:
        notebook = build(REFERENCE, keys)
    elif keys:
        notebook = build(EXERCISES, keys)
    else:
        notebook = nbformat.reads(NOTEBOOK.read_text(encoding="utf-8"), 4)
    start = time.monotonic()
    run(notebook)
    print(f"executed {len(notebook.cells)} cells in {time.monotonic() - start:.0f} s without an error")
    if args.out:
        args.out.write_text(text_of(notebook), encoding="utf-8")
    statuses = check_statuses(notebook)
    print("\n".join(f"  kit.check({key!r}): {status}" for key, status in statuses.items()))
    # The kernel renders statuses in the same KIT_LANG as this process.
    done, not_started = msg("cli.status.done"), msg("cli.status.not_started")
    if args.reference and any(status != done for status in statuses.values()):
        print("the reference answers must pass every check", file=sys.stderr)
        return 1
    chart = chart_types(notebook)
    if args.reference and chart is not None and not {"application/vnd.plotly.v1+json", "text/html"} <= chart:
        print(f"Q9's chart must carry plotly's type and an HTML copy; it has {sorted(chart)}", file=sys.stderr)
        return 1
    if not args.reference and not keys and any(status != not_started for status in statuses.values()):
        print("every check of the untouched notebook must say 'not started'", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
