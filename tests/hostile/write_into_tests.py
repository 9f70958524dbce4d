"""A solution that rewrites q5's public and hidden tests into tests that always pass (q5 is a stub).

question: q3
base: reference
others: q5=stub
expect: failed
message: No such file or directory
"""

from kit.paths import ROOT  # noqa: E402

for _name in ("exercises/q5/test_public.py", "tests/q5/test_hidden.py"):
    with open(ROOT / _name, "w", encoding="utf-8") as _stream:
        _stream.write("def test_everything_is_fine():\n    pass\n")
