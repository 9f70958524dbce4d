"""The terminal tables (kit.tables): Hangul columns line up, and where standard output is not a terminal
(pytest's capture here, a pipe, a CI log) a table is plain text: no escape sequence, no line wrapped."""

from __future__ import annotations

import io
import unicodedata

import pytest

from kit import cli
from kit.questions import all_questions
from kit.tables import Table

ESCAPE = "\x1b"


def width(text: str) -> int:
    """Terminal columns, counted here without rich: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def starts(line: str, cells: list[str]) -> list[int | None]:
    """The terminal column at which each of `cells` begins in `line` (searched left to right; None for "")."""
    found, at = [], 0
    for cell in cells:
        if not cell:
            found.append(None)
            continue
        at = line.index(cell, at)
        found.append(width(line[:at]))
        at += len(cell)
    return found


def lined_up(text: str, rows: list[list[str]]) -> bool:
    """Whether, in `text`'s lines taken in order (rules and blank lines skipped), each column of `rows` (the
    first: the titles) starts at the same terminal column in every row where its cell is not empty."""
    lines = [line for line in text.splitlines() if line.strip() and set(line.strip()) != {"─"}]
    assert len(lines) == len(rows), text
    columns = zip(*(starts(line, cells) for line, cells in zip(lines, rows, strict=True)), strict=True)
    return all(len({at for at in column if at is not None}) == 1 for column in columns)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_output_lines_up_hangul_titles_with_no_escape_and_no_wrap(capsys):
    long_message = "the worker stopped: " + "a long explanation " * 12  # over 200 columns
    rows = [["", "문제", "상태", "메모"],
            ["q1", "양방향: BERT는 왜 양쪽을 보나", "passed", "-"],
            ["q10", "short [b]title[/b]", "failed", long_message.strip()],
            ["q3", "토크나이저", "crashed", "리뷰 한 줄"]]
    table = Table(*rows[0])
    for row in rows[1:]:
        table.add_row(*row)
    table.print()  # to pytest's capture: not a terminal
    out = capsys.readouterr().out
    assert ESCAPE not in out
    assert lined_up(out, rows), out
    assert long_message.strip() in out  # one line, not folded at 80 columns
    assert "[b]title[/b]" in out  # cells are text, not rich markup
    assert all(line == line.rstrip() for line in out.splitlines())
    assert out.rstrip("\n") == table.text()


def test_kit_status_lines_up_the_korean_titles_when_piped(monkeypatch, capsys):
    monkeypatch.delenv("KIT_LANG", raising=False)
    monkeypatch.setattr(cli, "run_public_tests", lambda impl, questions: [])
    cli.main(["status"])
    out = capsys.readouterr().out
    assert ESCAPE not in out
    progress = cli.progress([], "q1")
    rows = [["", "문제", "공개 테스트"], *([q.key, q.title, progress] for q in all_questions())]
    assert lined_up(out, rows), out


def test_a_terminal_gets_the_styled_table():
    """The other branch: on a terminal rich draws the table itself, titles in bold."""
    table = Table("문제", "점수", right={1})
    table.add_row("토크나이저", "1 / 2")
    terminal = Terminal()
    table.print(terminal)
    assert ESCAPE in terminal.getvalue() and "토크나이저" in terminal.getvalue()


def test_the_check_sees_a_table_padded_by_characters_not_columns():
    """The wrong variant: str.ljust counts a Hangul syllable as one column, so Korean rows end short."""
    rows = [["문제", "상태"], ["토크나이저", "passed"], ["q1 title", "failed"]]
    text = "\n".join("".join(cell.ljust(12) for cell in row).rstrip() for row in rows)
    assert not lined_up(text, rows)


def test_a_row_must_have_a_cell_per_column():
    with pytest.raises(ValueError, match="3 cells for 2 columns"):
        Table("a", "b").add_row(1, 2, 3)
