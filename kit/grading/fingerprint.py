"""The kit's fingerprint: one hash of everything that decides a grade (the tests, the reference, the
stubs, the data, the kit's code and the pytest configuration).

Every batch results.json records it, so a regrade after a test fix is visible as such and
`--resume` keeps only results the same kit produced; a Dask worker compares it with the client's
before grading, so a machine with another kit refuses its tasks instead of grading differently.
"""

from __future__ import annotations

import functools
import hashlib

from kit.paths import ROOT

PARTS = ("kit", "tests", "reference", "exercises", "data", "conftest.py", "pyproject.toml")


@functools.cache
def kit_fingerprint() -> str:
    """sha256 over the relative path and content of every file in PARTS (caches and dot-folders left out).

    Computed once per process: a long-lived Dask worker keeps grading with the code it imported."""
    digest = hashlib.sha256()
    for part in PARTS:
        base = ROOT / part
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            relative = path.relative_to(ROOT)
            if (not path.is_file() or path.suffix == ".pyc"
                    or any(p.startswith(".") or p == "__pycache__" for p in relative.parts)):
                continue
            digest.update(relative.as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
