"""A solution that raises SystemExit while it is imported (no banned name on the way).

question: q3
base: reference
expect: failed
message: SystemExit
"""

raise SystemExit(0)
