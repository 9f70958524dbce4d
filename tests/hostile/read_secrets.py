"""A solution that reads the reference answer and the hidden tests and prints them, and puts them
in its failure messages, hoping they reach results.json.

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""

from kit.paths import ROOT as _ROOT

SECRETS = []
for _path in (str(_ROOT / "reference/q3/solution.py"), str(_ROOT / "tests/q3/test_hidden.py"),
              "/autograder/source/reference/q3/solution.py", "../../reference/q3/solution.py"):
    try:
        with open(_path, encoding="utf-8") as _stream:
            SECRETS.append(_stream.read())
    except OSError:
        pass
print("\n".join(SECRETS))


def subword_pieces(tokens):
    raise ValueError("leaked: " + "\n".join(SECRETS)[:3000])
