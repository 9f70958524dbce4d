"""Concept items: short, auto-graded questions about the ideas behind a question's code.

Each question with concept items has, in its folder:
  concepts.toml  the items (Korean, each optionally with its English `text_en` and `choices_en`, shown
                 with KIT_LANG=en): text and choices only. It ships to learners, so it holds
                 nothing an answer can be computed from (no key, no hash, no explanation)
  answers.toml   the learner's answers, one line per item (`c1 = "B"`); an empty value ("", [])
                 means "not answered yet" and is reported as not started, like a stub
The key is private, beside the reference solution (never released):
  reference/qN/answers.toml       the right answers (also what `--impl reference` answers)
  reference/qN/explanations.toml  each item's explanation (they give the answer away), shown with
                                  a wrong answer's failure; an optional `[en]` table gives them in
                                  English (`en.c1 = "..."`)
So the public test `exercises/qN/test_concepts.py` grades an answer only where the key is present
(the instructor's copy, `kit grade`, Gradescope); in the student bundle it checks the answer's form
and says that it is graded on submission.

Item kinds and the answer each takes:
  choice  one choice letter, "B"
  ox      a verdict and the letter of its reason, ["O", "A"] (O = 맞다, X = 틀리다)
  order   every choice letter once, in order, ["C", "A", "B"]
  number  a number, 80 (compared exactly: the items ask for whole numbers)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kit.impl import ImplError
from kit.learn.checks import KitFailure
from kit.messages import ENGLISH, language, msg
from kit.paths import EXERCISES, REFERENCE

CONCEPTS_FILE = "concepts.toml"
ANSWERS_FILE = "answers.toml"
EXPLANATIONS_FILE = "explanations.toml"
KINDS = ("choice", "ox", "order", "number")
# What an item in concepts.toml may hold: the question as the learner reads it, nothing more.
ITEM_FIELDS = {"id", "kind", "text", "choices", "text_en", "choices_en"}
ENGLISH_TABLE = "en"  # explanations.toml: the table of English explanations
# Learners may answer an O/X verdict in Korean too: input accepted, not a message.
VERDICTS = {"O": "O", "X": "X", "참": "O", "거짓": "X", "TRUE": "O", "FALSE": "X"}


class NotAnswered(Exception):
    """The learner left the item empty."""


@dataclass(frozen=True)
class Item:
    """One concept item of one question, as the learner sees it."""

    question: str
    id: str
    kind: str
    text: str
    choices: dict[str, str]
    text_en: str = ""
    choices_en: dict[str, str] | None = None

    @property
    def where(self) -> str:
        return f"{self.question}.concepts"

    @property
    def shown_text(self) -> str:
        """The item's text in the language of the moment (Korean where English is missing)."""
        return self.text_en if language() == ENGLISH and self.text_en else self.text

    @property
    def shown_choices(self) -> dict[str, str]:
        """The choices in the language of the moment (Korean where English is missing)."""
        return self.choices_en if language() == ENGLISH and self.choices_en else self.choices


@dataclass(frozen=True)
class Key:
    """The private key of one item: its right answer (canonical) and its explanation."""

    answer: str
    explanation: str
    explanation_en: str = ""

    @property
    def shown_explanation(self) -> str:
        """The explanation in the language of the moment (Korean where English is missing)."""
        return self.explanation_en if language() == ENGLISH and self.explanation_en else self.explanation


def has_concepts(question: str, root: Path = EXERCISES) -> bool:
    """Whether the question has concept items."""
    return (root / question / CONCEPTS_FILE).is_file()


def load_items(question: str, root: Path = EXERCISES) -> list[Item]:
    """The question's items from `concepts.toml`, in file order; a malformed file raises ValueError
    (an item holding more than the question, e.g. a key or an explanation, too)."""
    path = root / question / CONCEPTS_FILE
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = []
    for entry in data.get("items", []):
        extra = sorted(set(entry) - ITEM_FIELDS)
        if extra:
            raise ValueError(f"{path}: item {entry.get('id')} has {', '.join(extra)}; learners get this file, so an "
                             f"item holds only {', '.join(sorted(ITEM_FIELDS))} (answers and explanations belong "
                             f"in reference/{question}/)")
        choices_en = entry.get("choices_en")
        item = Item(question, entry["id"], entry["kind"], entry["text"], dict(entry.get("choices", {})),
                    entry.get("text_en", ""), dict(choices_en) if choices_en is not None else None)
        if item.choices_en is not None and set(item.choices_en) != set(item.choices):
            raise ValueError(f"{path}: item {item.id} has choices_en {', '.join(item.choices_en)}; it must give "
                             f"the same letters as choices ({', '.join(item.choices)})")
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
    limit = 64_000  # bytes, as grading stages (kit.grading.staging.MAX_ANSWERS_BYTES): one short line per item
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise ValueError(msg("concepts.too_large", limit=limit))
        return tomllib.loads(data.decode("utf-8"))
    except Exception as exc:
        raise ImplError(msg("concepts.unreadable", question=question, path=path,
                            error=str(exc)[:200] or type(exc).__name__)) from None


def canonical(item: Item, answer) -> str:
    """The answer in one canonical text; NotAnswered when empty, KitFailure when malformed."""
    if answer is None or answer == "" or answer == [] or (isinstance(answer, list) and all(a == "" for a in answer)):
        raise NotAnswered(item.id)
    malformed = KitFailure(item.where, msg("concepts.malformed", item=item.id, answer=answer,
                                           format=msg(f"concepts.format.{item.kind}")))
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
            raise KitFailure(item.where, msg("concepts.verdict", item=item.id, verdict=answer[0]))
        return f"{verdict}:{_letter(item, str(answer[1]))}"
    letters = [_letter(item, str(a)) for a in answer]
    if sorted(letters) != sorted(item.choices):
        raise KitFailure(item.where, msg("concepts.order", item=item.id, answer=answer,
                                         choices=", ".join(item.choices)))
    return ",".join(letters)


def _letter(item: Item, text: str) -> str:
    letter = text.strip().upper()
    if letter not in item.choices:
        raise KitFailure(item.where, msg("concepts.not_a_choice", item=item.id, text=text,
                                         choices=", ".join(item.choices)))
    return letter


# ---------------------------------------------------------------- the key (private: reference/qN/)


def has_key(question: str, root: Path = REFERENCE) -> bool:
    """Whether this copy of the kit holds the question's key (the student bundle does not)."""
    return (root / question / ANSWERS_FILE).is_file()


def load_key(question: str, root: Path = REFERENCE) -> dict[str, Key]:
    """Item id -> its Key, from `<root>/<question>/answers.toml` and `explanations.toml`.

    Raises FileNotFoundError without them, ValueError when an item lacks a valid right answer or an
    explanation, or either file names an item concepts.toml does not have.
    """
    answers = tomllib.loads((root / question / ANSWERS_FILE).read_text(encoding="utf-8"))
    explanations = tomllib.loads((root / question / EXPLANATIONS_FILE).read_text(encoding="utf-8"))
    english = explanations.pop(ENGLISH_TABLE, {})
    items = load_items(question)
    ids = {item.id for item in items}
    if not isinstance(english, dict):
        raise ValueError(f"reference/{question}/{EXPLANATIONS_FILE}: `{ENGLISH_TABLE}` must be a table of "
                         f"English explanations")
    for name, table in ((ANSWERS_FILE, answers), (EXPLANATIONS_FILE, explanations),
                        (f"{EXPLANATIONS_FILE} [{ENGLISH_TABLE}]", english)):
        unknown = sorted(set(table) - ids)
        if unknown:
            raise ValueError(f"reference/{question}/{name}: {', '.join(unknown)} is not an item of {question}")
    key = {}
    for item in items:
        explanation = explanations.get(item.id)
        if not isinstance(explanation, str) or not explanation.strip():
            raise ValueError(f"reference/{question}/{EXPLANATIONS_FILE}: {item.id} has no explanation")
        try:
            answer = canonical(item, answers.get(item.id))
        except (NotAnswered, KitFailure) as exc:
            raise ValueError(f"reference/{question}/{ANSWERS_FILE}: {item.id} has no valid right answer "
                             f"({type(exc).__name__}: {exc})") from None
        explanation_en = english.get(item.id, "")
        if not isinstance(explanation_en, str):
            raise ValueError(f"reference/{question}/{EXPLANATIONS_FILE}: en.{item.id} is not text")
        key[item.id] = Key(answer, explanation.strip(), explanation_en.strip())
    return key


def key_problems(question: str, root: Path = REFERENCE) -> list[str]:
    """What is wrong with the question's key ([] when every item has a valid right answer and an explanation)."""
    try:
        load_key(question, root)
    except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
        return [f"{type(exc).__name__}: {exc}"]
    return []


def check_answer(question: str, item_id: str, answers: dict, root: Path = REFERENCE) -> bool:
    """Grade one item against the key under `root`.

    Raises NotImplementedError("qN.concepts") when the item is unanswered, KitFailure when the
    answer is malformed or (with its explanation) wrong. Returns True when the key graded it right,
    False when this copy has no key (the student bundle): then only the form was checked.
    """
    item = next(i for i in load_items(question) if i.id == item_id)
    try:
        text = canonical(item, answers.get(item_id))
    except NotAnswered:
        raise NotImplementedError(item.where) from None
    if not has_key(question, root):
        return False
    right = load_key(question, root)[item_id]
    if text == right.answer:
        return True
    verdict_only = item.kind == "ox" and text.split(":")[0] == right.answer.split(":")[0]
    raise KitFailure(item.where, msg("concepts.wrong_reason" if verdict_only else "concepts.wrong", item=item.id,
                                     question=_first_line(item.shown_text), explanation=right.shown_explanation))


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0]


def questions_with_concepts() -> list[str]:
    """Every question that has concept items, in lesson order."""
    return sorted((p.parent.name for p in EXERCISES.glob(f"q*/{CONCEPTS_FILE}")), key=lambda q: int(q[1:]))
