"""`kit report DIR [--submissions SUBMISSIONS]`: the class report, DIR/report.html, for instructors.

One self-contained page (plotly.js inline once, no network): the score distribution; each question's
and each test's pass rate, hardest first, and its discrimination (how passing it correlates with the
rest of the score; a test everyone passes, everyone fails, or that correlates negatively is flagged);
how often each concept option was chosen; each test's most common failure message; grading time per
submission; and pairs of submissions whose code is similar enough to review.

Everything but the last two needs only the results.json files `kit grade-batch` wrote. The concept
answers and the code are not kept after grading, so they come from SUBMISSIONS, taken again exactly as
the batch took them (kit.grading.intake); a submission whose files changed since it was graded is
named as such. `kit grade-batch` rewrites the page at the end of every batch.

Similarity is evidence for a person to review, never a verdict: the questions' functions are short and
the hints spell out the library calls, so honest work looks alike. Code is compared per question with
copydetect (winnowed k-gram fingerprints of the code with names and strings normalised away), the
question's stub as boilerplate so the starter code counts for nothing.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kit.grading import intake
from kit.learn import concepts
from kit.paths import EXERCISES, SOLUTION_FILE
from kit.questions import Question, all_questions
from kit.text import shown

REPORT_FILE = "report.html"
# copydetect's settings, measured in tests/harness/test_report.py (similarity of a pair = the smaller
# of its two files' shares of matching tokens, the stub's code removed first): k = 25 filtered
# characters, window 1 (copydetect's defaults: noise and guarantee thresholds of 25).
#   independently written correct answers (tests/harness/similarity, tests/variants), none flagged:
#     q3 reference vs hint-following 0.00, vs loop-based 0.00, hint-following vs loop-based 0.09;
#     q5 reference vs hint-following 0.10; reference vs the variants of q5 0.00, q9 0.00, q10 0.08
#     (the 10-line q10 variant lies 0.36 inside the reference: hence the smaller of the two shares);
#   copies with variables renamed, functions reordered, docstrings dropped, all flagged:
#     q3 reference 0.60, q3 hint-following 0.82, q5 reference 0.66, q5 hint-following 0.89.
# (k = 15 lifts honest pairs to 0.25; k = 40 drops a q3 copy to 0.31.) 0.40 sits 0.30 above the
# most similar honest pair and 0.20 below the least similar copy.
K_GRAM = 25
WINDOW = 1
THRESHOLD = 0.40
TOP_MESSAGE_CHARS = 300
# A failure's output may be pytest's short traceback (places, code, carets), whose message lines start "E   ".
ERROR_LINE = re.compile(r"^E {3}(.+)$", re.M)


@dataclass
class Entry:
    """One submission's results.json, and its code and concept answers when SUBMISSIONS was given."""

    folder: str
    name: str
    score: float
    max_score: float
    seconds: float
    questions: dict[str, dict]
    items: list[tuple[str, str]]
    tests: list[dict]
    error: str
    digest: str
    code: dict[str, str] = field(default_factory=dict)  # question -> solution.py as taken
    answers: dict[str, dict] = field(default_factory=dict)  # question -> answers.toml as read
    changed: bool = False  # its files under SUBMISSIONS are not the ones graded
    missing: bool = False  # SUBMISSIONS was given but holds no such entry any more


# ---------------------------------------------------------------- reading


def load_entries(out: Path) -> list[Entry]:
    """Every DIR/<folder>/results.json the batch wrote, in folder order; unreadable ones are skipped."""
    entries = []
    for path in sorted(out.glob("*/results.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            extra = data["extra_data"]
            batch = extra.get("batch", {})
            entries.append(Entry(
                folder=path.parent.name, name=str(batch.get("name", path.parent.name)),
                score=float(data.get("score", 0.0)), max_score=float(extra.get("max_score", 0.0)),
                seconds=float(data.get("execution_time", 0.0)), questions=dict(extra.get("questions", {})),
                items=[(str(a), str(b)) for a, b in batch.get("items", [])], tests=list(data.get("tests", [])),
                error=str(batch.get("error", "")), digest=str(batch.get("input_sha256", ""))))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            print(f"kit report: skipped {path} (not a results.json kit grade-batch wrote)", file=sys.stderr)
    return entries


def attach_sources(entries: list[Entry], submissions: Path, questions: list[Question]) -> None:
    """Take each submission again from SUBMISSIONS (as the batch did) for its code and concept answers.

    An entry is found by its original name; between two whose undecodable names read alike, the one
    whose taken files hash as graded wins."""
    by_name: dict[str, list[Path]] = {}
    for entry in os.scandir(submissions):
        by_name.setdefault(intake.display_name(entry.name), []).append(Path(entry.path))
    for item in entries:
        candidates = by_name.get(item.name, [])
        item.missing = not candidates
        chosen = None
        for path in candidates:
            work = Path(tempfile.mkdtemp(prefix="kit-report-"))
            try:
                taken = intake.take(path, work / "taken", questions)
                found = (taken.digest == item.digest, read_taken(taken.folder, questions))
            except Exception:  # a submission the batch refused is refused again: no code to show
                continue
            finally:
                shutil.rmtree(work, ignore_errors=True)
            if chosen is None or (found[0] and not chosen[0]):
                chosen = found
        if chosen is not None:
            item.changed = not chosen[0]
            item.code, item.answers = chosen[1]


def read_taken(folder: Path, questions: list[Question]) -> tuple[dict[str, str], dict[str, dict]]:
    code, answers = {}, {}
    for q in questions:
        solution = folder / q.key / SOLUTION_FILE
        if solution.is_file():
            code[q.key] = solution.read_text(encoding="utf-8", errors="replace")
        try:
            answers[q.key] = concepts.load_answers(folder, q.key)
        except Exception:  # an unreadable answers.toml counts as none answered
            answers[q.key] = {}
    return code, answers


# ---------------------------------------------------------------- statistics


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r; None when either side does not vary (nothing to correlate)."""
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation(xs, ys)


@dataclass
class Rate:
    """One question or test across the class."""

    key: str
    question: str
    passed: int
    ran: int
    discrimination: float | None

    @property
    def rate(self) -> float:
        return self.passed / self.ran if self.ran else 0.0

    @property
    def flag(self) -> str:
        if self.ran and self.passed == self.ran:
            return "everyone passes"
        if self.ran and self.passed == 0:
            return "everyone fails"
        if self.discrimination is not None and self.discrimination < 0:
            return "correlates negatively"
        return ""


def question_rates(entries: list[Entry], keys: list[str]) -> list[Rate]:
    """Per question: passed = full points; discrimination against the score on the other questions."""
    rates = []
    for key in keys:
        graded = [e for e in entries if key in e.questions]
        passed = [float(e.questions[key].get("status") == "passed") for e in graded]
        rest = [e.score - float(e.questions[key].get("score", 0.0)) for e in graded]
        rates.append(Rate(key, key, int(sum(passed)), len(graded), correlation(passed, rest)))
    return sorted(rates, key=lambda r: (r.rate, r.key))


def test_rates(entries: list[Entry]) -> list[Rate]:
    """Per test (skipped runs left out): discrimination against the score on the other questions, so a
    test is not correlated with its own points."""
    outcomes: dict[str, list[tuple[float, float]]] = {}
    for e in entries:
        for nodeid, outcome in e.items:
            if outcome == "skipped":
                continue
            question = question_of(nodeid)
            own = float(e.questions.get(question, {}).get("score", 0.0))
            outcomes.setdefault(nodeid, []).append((float(outcome == "passed"), e.score - own))
    rates = [Rate(nodeid, question_of(nodeid), int(sum(p for p, _ in pairs)), len(pairs),
                  correlation([p for p, _ in pairs], [r for _, r in pairs])) for nodeid, pairs in outcomes.items()]
    return sorted(rates, key=lambda r: (r.rate, r.key))


def question_of(nodeid: str) -> str:
    parts = nodeid.split("/")
    return parts[1] if len(parts) > 2 else ""


def failure_messages(entries: list[Entry]) -> list[tuple[str, int, str, int]]:
    """Per failing test: (test, failures, its most common message's first line, that message's count)."""
    seen: dict[str, Counter] = {}
    for e in entries:
        for test in e.tests:
            if test.get("status") == "failed":
                seen.setdefault(str(test.get("name", "?")), Counter())[failure_line(str(test.get("output", "")))] += 1
    rows = [(name, sum(c.values()), *c.most_common(1)[0]) for name, c in seen.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def failure_line(output: str) -> str:
    """A failure's message in one line: a traceback's first `E` line, or else the output's first line."""
    found = ERROR_LINE.search(output)
    lines = output.strip().splitlines()
    line = found.group(1) if found else lines[0] if lines else "(no message)"
    return line.strip()[:TOP_MESSAGE_CHARS]


def concept_choices(entries: list[Entry], keys: list[str]) -> dict[str, dict[str, Counter]]:
    """question -> item id -> Counter of the canonical answers chosen ("blank", "malformed" included)."""
    found: dict[str, dict[str, Counter]] = {}
    for key in keys:
        if not concepts.has_concepts(key, EXERCISES):
            continue
        for item in concepts.load_items(key, EXERCISES):
            counts = found.setdefault(key, {}).setdefault(item.id, Counter())
            for e in entries:
                if key not in e.answers:
                    continue
                try:
                    counts[concepts.canonical(item, e.answers[key].get(item.id))] += 1
                except concepts.NotAnswered:
                    counts["blank"] += 1
                except Exception:
                    counts["malformed"] += 1
    return found


# ---------------------------------------------------------------- similarity


@dataclass
class Pair:
    """Two submissions and, per question, the similarity of their code and the copied character spans."""

    a: Entry
    b: Entry
    scores: dict[str, float] = field(default_factory=dict)
    spans: dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = field(default_factory=dict)

    @property
    def top(self) -> float:
        return max(self.scores.values(), default=0.0)


def similarity(code_a: str, code_b: str, stub: str) -> tuple[float, list[tuple[int, int]], list[tuple[int, int]]]:
    """(similarity, copied spans in a, copied spans in b) of two versions of one question's solution.py."""
    return compare(fingerprint(code_a, boilerplate(stub)), fingerprint(code_b, boilerplate(stub)))


def boilerplate(stub: str) -> list[int]:
    return list(fingerprint(stub, []).hashes)


def fingerprint(code: str, stub_hashes: list[int]):
    import io

    from copydetect import CodeFingerprint

    return CodeFingerprint(SOLUTION_FILE, K_GRAM, WINDOW, boilerplate=stub_hashes, fp=io.StringIO(code))


def compare(first, second) -> tuple[float, list[tuple[int, int]], list[tuple[int, int]]]:
    """The smaller of the two files' shares of copied tokens: a short file wholly inside a long one
    (one shared helper) is not a copied submission; both files mostly shared is."""
    from copydetect import compare_files

    _, shares, (slices_a, slices_b) = compare_files(first, second)
    spans = [[(int(s), int(e)) for s, e in zip(*slices, strict=True)] if len(slices) else [] for slices in
             (slices_a, slices_b)]
    return float(min(shares)), spans[0], spans[1]


def similar_pairs(entries: list[Entry], keys: list[str]) -> tuple[list[Pair], int, float]:
    """(pairs at or above THRESHOLD on some question, most similar first; pairs compared; the highest
    similarity of a pair not flagged)."""
    flagged, compared, below = [], 0, 0.0
    for key in keys:
        stub_path = EXERCISES / key / SOLUTION_FILE
        stub = boilerplate(stub_path.read_text(encoding="utf-8")) if stub_path.is_file() else []
        prints = {e.folder: fingerprint(e.code[key], stub) for e in entries if key in e.code}
        for a, b in itertools.combinations([e for e in entries if e.folder in prints], 2):
            compared += 1
            score, spans_a, spans_b = compare(prints[a.folder], prints[b.folder])
            if score < THRESHOLD:
                below = max(below, score)
                continue
            pair = next((p for p in flagged if (p.a, p.b) == (a, b)), None)
            if pair is None:
                pair = Pair(a, b)
                flagged.append(pair)
            pair.scores[key], pair.spans[key] = score, (spans_a, spans_b)
    return sorted(flagged, key=lambda p: (-p.top, p.a.folder, p.b.folder)), compared, below


# ---------------------------------------------------------------- the page


def esc(value: object) -> str:
    """Learner-controlled text made safe and visible: control characters shown (kit.text.shown), HTML escaped."""
    return html.escape(shown(str(value)))


def figure_html(fig, div_id: str) -> str:
    fig.update_layout(margin={"l": 60, "r": 20, "t": 40, "b": 60}, height=fig.layout.height or 360,
                      template="plotly_white")
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config={"displaylogo": False})


def rate_table(rates: list[Rate], label: str) -> str:
    rows = "".join(
        f"<tr class='{'flag' if r.flag else ''}'><td>{esc(r.key)}</td><td>{r.rate:.0%}</td><td>{r.passed}/{r.ran}</td>"
        f"<td>{'-' if r.discrimination is None else f'{r.discrimination:+.2f}'}</td><td>{esc(r.flag)}</td></tr>"
        for r in rates)
    return (f"<table><tr><th>{label}</th><th>pass rate</th><th>passed</th><th>discrimination</th><th>flag</th></tr>"
            f"{rows}</table>")


def render(entries: list[Entry], keys: list[str], with_sources: bool) -> str:
    """The whole page."""
    import plotly.graph_objects as go
    from plotly.offline import get_plotlyjs

    sections, charts = [], 0

    def chart(fig) -> str:
        nonlocal charts
        charts += 1
        return f"<div class='chart'>{figure_html(fig, f'chart-{charts}')}</div>"

    names = [esc(e.name) for e in entries]
    max_score = max((e.max_score for e in entries), default=0.0)
    scores = [e.score for e in entries]
    summary = (f"{len(entries)} submissions, questions {esc(', '.join(keys))}; mean {statistics.mean(scores):.2f}, "
               f"median {statistics.median(scores):.2f} of {max_score:g}") if entries else "no results"
    sections.append(f"<h2>Scores</h2><p>{summary}</p>")
    if entries:
        sections.append(chart(go.Figure(go.Histogram(x=scores, xbins={"start": 0, "end": max_score + 0.5,
                                                                      "size": max(max_score / 20, 0.5)}),
                                        layout={"xaxis_title": "total score", "yaxis_title": "submissions"})))

    questions = question_rates(entries, keys)
    tests = test_rates(entries)
    sections.append("<h2>Questions</h2><p>Pass = full points. Discrimination: correlation of passing with the score "
                    "on the other questions (near 0 or negative: the item does not separate stronger work).</p>")
    if questions:
        sections.append(chart(go.Figure(go.Bar(x=[r.key for r in questions], y=[r.rate for r in questions]),
                                        layout={"yaxis": {"title": "pass rate", "range": [0, 1]}})))
    sections.append(rate_table(questions, "question"))
    sections.append("<h2>Tests, hardest first</h2><p>Discrimination: correlation of passing the test with the score "
                    "on the other questions. Flagged: everyone passes, everyone fails, or a negative correlation.</p>")
    if tests:
        sections.append(chart(go.Figure(go.Bar(x=[r.rate for r in tests], y=[esc(r.key.split("::")[-1]) for r in tests],
                                               orientation="h", customdata=[esc(r.key) for r in tests],
                                               hovertemplate="%{customdata}: %{x:.0%}<extra></extra>"),
                                        layout={"xaxis": {"title": "pass rate", "range": [0, 1]},
                                                "yaxis": {"autorange": "reversed"},
                                                "height": max(360, 18 * len(tests))})))
    sections.append(rate_table(tests, "test"))

    sections.append("<h2>Concept answers</h2>")
    choices = concept_choices(entries, keys) if with_sources else {}
    if not with_sources:
        sections.append("<p>Not shown: the answers are read from the submissions (<code>kit report DIR "
                        "--submissions SUBMISSIONS</code>).</p>")
    elif not choices:
        sections.append("<p>No concept items among these questions.</p>")
    for key, by_item in choices.items():
        options = sorted({option for counts in by_item.values() for option in counts})
        fig = go.Figure([go.Bar(name=esc(option), x=list(by_item), y=[by_item[i][option] for i in by_item])
                         for option in options], layout={"barmode": "stack", "title": f"{key}: answers chosen",
                                                         "yaxis_title": "submissions"})
        sections.append(chart(fig))

    failures = failure_messages(entries)
    sections.append("<h2>Most common failure message per test</h2>")
    rows = "".join(f"<tr><td>{esc(n)}</td><td>{f}</td><td><code>{esc(m)}</code></td><td>{c}</td></tr>"
                   for n, f, m, c in failures)
    sections.append("<table><tr><th>test</th><th>failed</th><th>most common message (first line)</th>"
                    f"<th>times</th></tr>{rows}</table>" if failures else "<p>No test failed.</p>")

    sections.append("<h2>Grading time per submission</h2>")
    if entries:
        sections.append(chart(go.Figure(go.Bar(x=names, y=[e.seconds for e in entries]),
                                        layout={"yaxis_title": "seconds", "xaxis": {"type": "category"}})))
    sections.append(similarity_section(entries, keys, with_sources))
    return PAGE.format(plotlyjs=get_plotlyjs(), body="\n".join(sections))


def similarity_section(entries: list[Entry], keys: list[str], with_sources: bool) -> str:
    head = ("<h2>Similar code to review</h2><p class='note'>Evidence for a person to review, never a verdict: the "
            "functions are short and the hints name the library calls, so honest answers look alike. Similarity is "
            f"the smaller of the two files' shares of matching code (names and strings ignored, the stub's code "
            f"removed); pairs at or above {THRESHOLD:.0%} on some question are listed.</p>")
    if not with_sources:
        return head + ("<p>Not computed: the code is read from the submissions (<code>kit report DIR --submissions "
                       "SUBMISSIONS</code>).</p>")
    try:
        import copydetect  # noqa: F401  (an optional dependency: the kit's `report` extra)
    except ImportError:
        return head + "<p>Not computed: copydetect is not installed (<code>pip install -e '.[report]'</code>).</p>"
    notes = [f"{esc(e.name)}: its files changed since grading; the code shown is the current one" for e in entries
             if e.changed] + [f"{esc(e.name)}: no longer in SUBMISSIONS" for e in entries if e.missing]
    pairs, compared, below = similar_pairs(entries, keys)
    out = [head, f"<p>{compared} pairs compared; the most similar pair not listed: {below:.0%}.</p>"]
    out += [f"<p class='note'>{note}</p>" for note in notes]
    if not pairs:
        return "\n".join([*out, "<p>No pair to review.</p>"])
    rows, views = [], []
    for number, pair in enumerate(pairs, start=1):
        links = " ".join(f"{key} {score:.0%} (<a href='#pair-{number}-{key}-a'>{esc(pair.a.name)}</a>, "
                         f"<a href='#pair-{number}-{key}-b'>{esc(pair.b.name)}</a>)"
                         for key, score in sorted(pair.scores.items()))
        rows.append(f"<tr class='pair'><td>{esc(pair.a.name)}</td><td>{esc(pair.b.name)}</td><td>{links}</td></tr>")
        for key in sorted(pair.scores):
            spans_a, spans_b = pair.spans[key]
            views.append(f"<h3>Pair {number}, {key}: {pair.scores[key]:.0%}</h3><div class='side'>"
                         f"{code_view(f'pair-{number}-{key}-a', pair.a, key, spans_a)}"
                         f"{code_view(f'pair-{number}-{key}-b', pair.b, key, spans_b)}</div>")
    out.append("<table id='similar-pairs'><tr><th>submission</th><th>submission</th><th>per question</th></tr>"
               + "".join(rows) + "</table>")
    return "\n".join([*out, *views])


def code_view(anchor: str, entry: Entry, key: str, spans: list[tuple[int, int]]) -> str:
    """One file, its spans matching the other file marked."""
    code, parts, at = entry.code[key], [], 0
    for start, end in sorted(spans):
        start = max(start, at)
        parts += [html.escape(code[at:start]), f"<mark>{html.escape(code[start:end])}</mark>"]
        at = max(at, end)
    parts.append(html.escape(code[at:]))
    return (f"<div class='file' id='{anchor}'><p>{esc(entry.name)} / {key}/{SOLUTION_FILE} (results in "
            f"<code>{esc(entry.folder)}/</code>)</p><pre>{''.join(parts)}</pre></div>")


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Class report</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 1200px; }}
table {{ border-collapse: collapse; margin: 1em 0; }} td, th {{ border: 1px solid #ccc; padding: 3px 8px; }}
tr.flag td {{ background: #fff4d6; }} .note {{ color: #555; }} .side {{ display: flex; gap: 1em; }}
.file {{ flex: 1; min-width: 0; }} pre {{ background: #f7f7f7; padding: 8px; overflow-x: auto; font-size: 12px; }}
mark {{ background: #ffd27a; }}
</style>
<script type="text/javascript">{plotlyjs}</script>
</head><body><h1>Class report</h1>
{body}
</body></html>
"""


# ---------------------------------------------------------------- entry points


def write_report(out: Path, submissions: Path | None = None, questions: list[Question] | None = None) -> Path:
    """Write OUT/report.html from the results.json files under OUT (and the code and concept answers taken
    again from SUBMISSIONS, when given). Returns its path."""
    entries = load_entries(out)
    known = {q.key: q for q in all_questions()}
    if questions is None:
        keys = list(dict.fromkeys(key for e in entries for key in e.questions if key in known))
        questions = [known[key] for key in sorted(keys, key=lambda k: known[k].number)]
    keys = [q.key for q in questions]
    if submissions is not None:
        attach_sources(entries, submissions, questions)
    target = out / REPORT_FILE
    partial = target.with_name(target.name + ".part")
    partial.write_text(render(entries, keys, submissions is not None), encoding="utf-8")
    partial.replace(target)
    return target


def after_batch(out: Path, submissions: Path, questions: list[Question]) -> None:
    """`kit grade-batch`'s last step: rewrite the report; a failure costs the report only, never the batch."""
    try:
        write_report(out, submissions, questions)
    except Exception as exc:
        print(f"kit grade-batch: {REPORT_FILE} not written ({type(exc).__name__}: {exc}); "
              f"try `kit report {out} --submissions {submissions}`", file=sys.stderr)


def main(args) -> int:
    """`kit report DIR [--submissions SUBMISSIONS]`."""
    out = Path(args.dir)
    submissions = Path(args.submissions) if args.submissions else None
    if not out.is_dir():
        print(f"kit report: {out} is not a folder", file=sys.stderr)
        return 2
    if submissions is not None and not submissions.is_dir():
        print(f"kit report: --submissions: {submissions} is not a folder", file=sys.stderr)
        return 2
    print(f"class report written to {write_report(out, submissions)}")
    return 0
