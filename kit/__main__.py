"""`python -m kit ...`: the same command line as `kit ...` (where the console script is not on PATH)."""

from kit.cli import main

raise SystemExit(main())
