"""The largest replies the tests legitimately exchange with the learner's worker (the reference graded
isolated, every question, slow tests included), against the limits in `kit.isolation.wire.Limits`.

    python bench/reply_sizes.py [--questions q4,q9]

Prints, per question, the largest frame, JSON part, value count and string of any reply, and the
share of each limit it takes. bench/README.md records the figures.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kit.isolation import remote, wire  # noqa: E402
from kit.paths import question_test_dirs  # noqa: E402
from kit.questions import all_questions  # noqa: E402


def measure(structure) -> tuple[int, int]:
    """(values, longest string) of a decoded JSON structure."""
    values, longest, stack = 0, 0, [structure]
    while stack:
        node = stack.pop()
        values += 1
        if type(node) is str:
            longest = max(longest, len(node))
        elif type(node) is list:
            stack.extend(node)
        elif type(node) is dict:
            stack.extend(node.values())
    return values, longest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default=",".join(q.key for q in all_questions()))
    args = parser.parse_args()
    largest: dict[str, list[int]] = {}
    original = wire.unpack

    def recording(message: bytes, limits: wire.Limits = wire.LIMITS):
        structure, tensors = original(message, limits)
        (length,) = struct.unpack("<Q", message[4:12])
        values, longest = measure(structure)
        row = largest.setdefault(current[0], [0, 0, 0, 0])
        for i, figure in enumerate((len(message), length, values, longest)):
            row[i] = max(row[i], figure)
        return structure, tensors

    remote.wire.unpack = recording
    current = [""]
    for question in args.questions.split(","):
        current[0] = question
        pytest.main([*map(str, question_test_dirs(question)), "--impl", str(ROOT / "reference"), "--isolate",
                     "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "--no-header"])
    limits = wire.LIMITS
    print(f"{'question':<9}{'frame':>14}{'json':>12}{'values':>10}{'string':>9}")
    for question, (frame, length, values, longest) in largest.items():
        print(f"{question:<9}{frame:>14,}{length:>12,}{values:>10,}{longest:>9,}")
    top = [max(row[i] for row in largest.values()) for i in range(4)]
    print(f"{'limit':<9}{limits.frame:>14,}{limits.json:>12,}{limits.nodes:>10,}{limits.string:>9,}")
    print("share of the limit: " + ", ".join(
        f"{name} {value / limit:.1%}" for name, value, limit in
        zip(("frame", "json", "values", "string"), top, (limits.frame, limits.json, limits.nodes, limits.string),
            strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
