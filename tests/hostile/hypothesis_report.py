"""A solution whose subword_pieces fails on every input with an error of its own (not a kit
check), so that Hypothesis notes on the exception which hidden test failed and with what it was
called ("Failing test case: test_...(solution=..., reference_solution=..., tokens=[...])").
Hidden tests show their failure message only: the learner's own error, never that report.

question: q3
base: reference
expect: failed
message: tests failed
"""


def subword_pieces(tokens: list[str]) -> list[str]:
    """Fails whatever it is given."""
    raise LookupError(f"no pieces among {len(tokens)} tokens")
