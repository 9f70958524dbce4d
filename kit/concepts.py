"""Concept items: short, auto-graded questions about the ideas behind a question's code.

Each question with concept items has, in its folder:
  concepts.toml  the items (Korean): text, choices, explanation, and `key`, a salted sha256 of the
                 canonical right answer (so the public tests grade locally without printing it)
  answers.toml   the learner's answers, one line per item (`c1 = "B"`); an empty value ("", [])
                 means "not answered yet" and is reported as not started, like a stub
The reference's answers live in `reference/qN/answers.toml`; `python -m kit.concepts` rewrites
every `key` from them and `--check` verifies that they agree.

Item kinds and the answer each takes:
  choice  one choice letter, "B"
  ox      a verdict and the letter of its reason, ["O", "A"] (O = 맞다, X = 틀리다)
  order   every choice letter once, in order, ["C", "A", "B"]
  number  a number, 80 (compared exactly: the items ask for whole numbers)
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kit.checks import KitFailure
from kit.impl import ImplError
from kit.paths import EXERCISES, REFERENCE

CONCEPTS_FILE = "concepts.toml"
ANSWERS_FILE = "answers.toml"
KINDS = ("choice", "ox", "order", "number")
VERDICTS = {"O": "O", "X": "X", "참": "O", "거짓": "X", "TRUE": "O", "FALSE": "X"}
FORMATS = {
    "choice": '보기 글자 하나, 예: "B"',
    "ox": 'O/X와 이유의 보기 글자, 예: ["O", "A"]',
    "order": '모든 보기 글자를 한 번씩 순서대로, 예: ["C", "A", "B"]',
    "number": "숫자 하나, 예: 12",
}


class NotAnswered(Exception):
    """The learner left the item empty."""


@dataclass(frozen=True)
class Item:
    """One concept item of one question."""

    question: str
    id: str
    kind: str
    text: str
    choices: dict[str, str]
    explanation: str
    key: str
    verdict_key: str = ""  # ox only: the digest of the verdict alone, to say "right verdict, wrong reason"

    @property
    def where(self) -> str:
        return f"{self.question}.concepts"


def has_concepts(question: str, root: Path = EXERCISES) -> bool:
    """Whether the question has concept items."""
    return (root / question / CONCEPTS_FILE).is_file()


def load_items(question: str, root: Path = EXERCISES) -> list[Item]:
    """The question's items from `concepts.toml`, in file order; a malformed file raises ValueError."""
    path = root / question / CONCEPTS_FILE
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = []
    for entry in data.get("items", []):
        item = Item(question, entry["id"], entry["kind"], entry["text"], dict(entry.get("choices", {})),
                    entry["explanation"], entry.get("key", ""), entry.get("verdict_key", ""))
        if item.kind not in KINDS:
            raise ValueError(f"{path}: item {item.id} has kind {item.kind!r}; the kinds are {', '.join(KINDS)}")
        if item.kind != "number" and not item.choices:
            raise ValueError(f"{path}: item {item.id} ({item.kind}) has no choices")
        items.append(item)
    if len({item.id for item in items}) != len(items):
        raise ValueError(f"{path}: two items share an id")
    return items


def item_ids(question: str) -> list[str]:
    """The ids of the question's items (what a test module parametrizes over)."""
    return [item.id for item in load_items(question)]


def load_answers(impl_dir: Path, question: str) -> dict:
    """`<impl_dir>/<question>/answers.toml` as a dict; {} when there is none (every item not answered).

    The file is read as data only (TOML), so answering runs no learner code.
    """
    path = impl_dir / question / ANSWERS_FILE
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ImplError(f"{question}: {path}을(를) TOML로 읽을 수 없습니다: {exc}. "
                        ' 문자열은 따옴표로 감싸세요 (c1 = "B").') from exc


def canonical(item: Item, answer) -> str:
    """The answer in one canonical text; NotAnswered when empty, KitFailure when malformed."""
    if answer is None or answer == "" or answer == [] or (isinstance(answer, list) and all(a == "" for a in answer)):
        raise NotAnswered(item.id)
    malformed = KitFailure(item.where, f"{item.id}: 답 {answer!r}의 형식이 맞지 않습니다; {FORMATS[item.kind]}")
    if item.kind == "number":
        if isinstance(answer, bool) or not isinstance(answer, int | float | str):
            raise malformed
        try:
            return format(float(answer), "g")
        except ValueError:
            raise malformed from None
    if item.kind == "choice":
        if not isinstance(answer, str):
            raise malformed
        return _letter(item, answer)
    if not isinstance(answer, list) or not all(isinstance(a, str | bool) for a in answer):
        raise malformed
    if item.kind == "ox":
        if len(answer) != 2:
            raise malformed
        verdict = VERDICTS.get(str(answer[0]).strip().upper())
        if verdict is None:
            raise KitFailure(item.where, f"{item.id}: 판단 {answer[0]!r}은(는) O 또는 X여야 합니다")
        return f"{verdict}:{_letter(item, str(answer[1]))}"
    letters = [_letter(item, str(a)) for a in answer]
    if sorted(letters) != sorted(item.choices):
        raise KitFailure(item.where, f"{item.id}: 순서 {answer!r}에는 보기 {', '.join(item.choices)}가 "
                                     "모두 한 번씩 있어야 합니다")
    return ",".join(letters)


def _letter(item: Item, text: str) -> str:
    letter = text.strip().upper()
    if letter not in item.choices:
        raise KitFailure(item.where, f"{item.id}: {text!r}은(는) 보기에 없습니다; {', '.join(item.choices)} 중에서 "
                                     "고르세요")
    return letter


def digest(item: Item, text: str) -> str:
    """The salted digest of a canonical answer (salted per item, so equal answers differ across items)."""
    return hashlib.sha256(f"{item.question}.{item.id}:{text}".encode()).hexdigest()[:20]


def check_answer(question: str, item_id: str, answers: dict) -> None:
    """Grade one item: pass, raise NotImplementedError("qN.concepts") when unanswered, or KitFailure
    with the item's explanation when wrong."""
    item = next(i for i in load_items(question) if i.id == item_id)
    try:
        text = canonical(item, answers.get(item_id))
    except NotAnswered:
        raise NotImplementedError(item.where) from None
    if digest(item, text) == item.key:
        return
    verdict_only = item.kind == "ox" and digest(item, text.split(":")[0]) == item.verdict_key
    opening = "O/X 판단은 맞지만 이유가 틀렸습니다" if verdict_only else "틀렸습니다"
    raise KitFailure(item.where, f"{item.id}: {opening}. {_first_line(item.text)}\n해설: {item.explanation}")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0]


# ---------------------------------------------------------------- keys, from the reference answers


def expected_keys(question: str) -> dict[str, tuple[str, str]]:
    """(key, verdict_key) of every item, computed from `reference/<question>/answers.toml`."""
    answers = load_answers(REFERENCE, question)
    keys = {}
    for item in load_items(question):
        text = canonical(item, answers.get(item.id))
        keys[item.id] = (digest(item, text), digest(item, text.split(":")[0]) if item.kind == "ox" else "")
    return keys


def key_problems(question: str) -> list[str]:
    """Where concepts.toml's keys disagree with the reference answers ([] when they agree)."""
    problems = []
    try:
        keys = expected_keys(question)
    except (NotAnswered, KitFailure, ValueError, KeyError) as exc:
        return [f"reference/{question}/{ANSWERS_FILE}: {type(exc).__name__}: {exc}"]
    for item in load_items(question):
        if (item.key, item.verdict_key) != keys[item.id]:
            problems.append(f"{question}/{CONCEPTS_FILE}: {item.id}'s key does not match the reference answer")
    return problems


def write_keys(question: str) -> None:
    """Rewrite the `key` / `verdict_key` lines of concepts.toml from the reference answers."""
    path = EXERCISES / question / CONCEPTS_FILE
    keys = expected_keys(question)
    lines, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(r'^id = "(\w+)"', line)
        if found:
            current = found.group(1)
        if re.match(r"^(key|verdict_key) = ", line):
            continue  # rewritten below, right after the item's id
        lines.append(line)
        if found:
            key, verdict_key = keys[current]
            lines.append(f'key = "{key}"')
            if verdict_key:
                lines.append(f'verdict_key = "{verdict_key}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def questions_with_concepts() -> list[str]:
    """Every question that has concept items, in lesson order."""
    return sorted((p.parent.name for p in EXERCISES.glob(f"q*/{CONCEPTS_FILE}")), key=lambda q: int(q[1:]))


def main(argv: list[str] | None = None) -> int:
    """Write (or, with --check, verify) the concept keys from the reference answers."""
    parser = argparse.ArgumentParser(description="Derive concepts.toml's answer keys from reference/qN/answers.toml.")
    parser.add_argument("--check", action="store_true", help="only report keys that disagree (exit 1)")
    args = parser.parse_args(argv)
    problems = []
    for question in questions_with_concepts():
        if args.check:
            problems += key_problems(question)
        else:
            write_keys(question)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
