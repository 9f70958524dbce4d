"""Concept items give no tell: no rule that ignores the text beats chance by more than one item.

A blind rule answers without reading: the longest option, the shortest, a fixed letter (A, B, C, D),
always O, always X, or a letter rule and a verdict together (longest + O, ...). Each rule is scored
against the private key on the choice and O/X items, three ways:

  letter   the letter it picks: a choice item's answer, an O/X item's reason
  verdict  the O/X verdict alone, on O/X items
  whole    the item as kit/learn/concepts.py grades it: an O/X item counts only when the verdict
           and the reason are both right (there is no partial credit)

Chance is what guessing uniformly earns on the same items: 1/len(choices) per letter, 1/2 per verdict,
and 1/(2 * len(choices)) per whole O/X item. The bound, per question and over all items: chance + 1.
Ties count for the rule: when the right option shares the greatest length, "longest" gets the item.

The choices are checked as each language shows them, against the same bound: the Korean `choices` and the
English `choices_en` (KIT_LANG=en), whose lengths differ from the Korean ones, so a tell can appear in one
language only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from kit.learn.concepts import Item, load_items, load_key, questions_with_concepts

QUESTIONS = questions_with_concepts()
SCORED = ("choice", "ox")
MARGIN = 1  # items above chance a blind rule may get, per question and overall
LANGUAGES = ("ko", "en")  # the Korean choices, and the English ones shown with KIT_LANG=en


@dataclass(frozen=True)
class Scored:
    """One choice or O/X item with its right letter (choice answer or O/X reason) and O/X verdict."""

    item: Item
    letter: str
    verdict: str | None  # None for a choice item


def scored_items(question: str, language: str = "ko") -> list[Scored]:
    """The question's choice and O/X items, with their answers from the private key; with language "en" each
    item's choices are its English ones (choices_en), so the rules measure what an English reader sees."""
    key = load_key(question)
    out = []
    for item in load_items(question):
        if item.kind not in SCORED:
            continue
        if language == "en":
            assert item.choices_en, f"{question}.{item.id} has no choices_en"
            item = replace(item, choices=item.choices_en)
        answer = key[item.id].answer
        verdict, letter = answer.split(":") if item.kind == "ox" else (None, answer)
        out.append(Scored(item, letter, verdict))
    return out


def _lengths(item: Item) -> dict[str, int]:
    return {letter: len(text.strip()) for letter, text in item.choices.items()}


def longest(item: Item) -> set[str]:
    """Every option of the greatest length (a tie counts for the rule)."""
    lengths = _lengths(item)
    return {letter for letter, n in lengths.items() if n == max(lengths.values())}


def shortest(item: Item) -> set[str]:
    """Every option of the least length."""
    lengths = _lengths(item)
    return {letter for letter, n in lengths.items() if n == min(lengths.values())}


def position(letter: str) -> Callable[[Item], set[str]]:
    """Always the same letter (nothing when the item has no such choice)."""
    return lambda item: {letter} & set(item.choices)


PICKERS: dict[str, Callable[[Item], set[str]]] = {
    "longest": longest, "shortest": shortest, **{f"always {c}": position(c) for c in "ABCD"}}
VERDICTS = ("O", "X")


def scores(items: list[Scored]) -> dict[str, tuple[int, float]]:
    """Rule name -> (items it gets right, what uniform guessing gets on the same items)."""
    ox = [s for s in items if s.verdict is not None]
    letter_chance = sum(1 / len(s.item.choices) for s in items)
    whole_chance = sum(1 / len(s.item.choices) / (2 if s.verdict else 1) for s in items)
    out = {}
    for name, pick in PICKERS.items():
        out[f"letter: {name}"] = (sum(s.letter in pick(s.item) for s in items), letter_chance)
    for verdict in VERDICTS:
        out[f"verdict: always {verdict}"] = (sum(s.verdict == verdict for s in ox), len(ox) / 2)
    for name, pick in PICKERS.items():
        for verdict in VERDICTS:
            right = sum(s.letter in pick(s.item) and s.verdict in (None, verdict) for s in items)
            out[f"whole: {name} + {verdict}"] = (right, whole_chance)
    return out


def over_the_bound(items: list[Scored]) -> dict[str, str]:
    """The rules that beat chance by more than MARGIN items, each with its score and bound."""
    return {rule: f"{right} right, chance {chance:.2f}, bound {chance + MARGIN:.2f}"
            for rule, (right, chance) in scores(items).items() if right > chance + MARGIN}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("question", QUESTIONS)
def test_no_blind_rule_beats_chance_by_more_than_one_item_in_a_question(question, language):
    items = scored_items(question, language)
    assert items, f"{question} has no choice or O/X item"
    assert over_the_bound(items) == {}, f"{question} ({language}): the right option can be found without reading it"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_blind_rule_beats_chance_by_more_than_one_item_over_all_questions(language):
    items = [s for q in QUESTIONS for s in scored_items(q, language)]
    assert over_the_bound(items) == {}, f"over all items ({language}) the right option can be found without reading it"


def test_the_rules_catch_a_tell():
    """The check itself: items whose right answer is always the longest, and always O, fail it."""
    def item(n: int) -> Scored:
        choices = {"A": "짧다", "B": "조금 길다", "C": "이것이 가장 길고 자세한 보기다"}
        return Scored(Item("q0", f"c{n}", "ox", "O/X", choices), "C", "O")

    assert {"letter: longest", "verdict: always O", "whole: longest + O"} <= set(over_the_bound(
        [item(n) for n in range(4)]))
