"""Hints one tier at a time: the next tier of a question's (or one function's) hints, and the record of
what was shown (`.kit/hints.json`), for `kit hint` and `kit.hint()` alike."""

from __future__ import annotations

import json
import sys

from kit.messages import msg
from kit.paths import ROOT
from kit.questions import all_questions

HINT_STATE = ROOT / ".kit" / "hints.json"


def _load_state() -> dict:
    try:
        return json.loads(HINT_STATE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def show_hint(question_key: str, function: str | None = None, level: int | None = None) -> int:
    """Print the next hint tier of `question_key` (or of one `function`, or one `level`) and remember it;
    the exit status `kit hint` returns (2, with the reason on stderr, for an unknown question or level)."""
    questions = {q.key: q for q in all_questions()}
    question = questions.get(question_key)
    if question is None:
        print(msg("cli.unknown_question", question=question_key, known=", ".join(questions)), file=sys.stderr)
        return 2
    state = _load_state()
    if function is None:
        # The first function whose hints are not all shown yet.
        function = next((f for f in question.functions
                         if state.get(f"{question.key}.{f}", 0) < len(question.hints[f])),
                        question.functions[0])
    if function not in question.hints:
        print(msg("cli.hint.no_function", question=question.key, function=function,
                  known=", ".join(question.functions)), file=sys.stderr)
        return 2
    tiers = question.hints_in_language(function)
    key = f"{question.key}.{function}"
    level = level or min(state.get(key, 0) + 1, len(tiers))
    if not 1 <= level <= len(tiers):
        print(msg("cli.hint.levels", key=key, count=len(tiers)), file=sys.stderr)
        return 2
    print(f"{msg('cli.hint.title', key=key, level=level, count=len(tiers))}\n\n{tiers[level - 1]}")
    if level < len(tiers):
        print("\n" + msg("cli.hint.more", command=f"kit hint {question.key} {function}"))
    state[key] = max(state.get(key, 0), level)
    HINT_STATE.parent.mkdir(exist_ok=True)
    HINT_STATE.write_text(json.dumps(state, indent=1), encoding="utf-8")
    return 0
