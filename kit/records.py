"""The records protocol: the pytest command lines that produce per-test records, and reading them back.

The plugin writes one record per test (`--kit-json`, and a line per finished test with
`--kit-progress`); everything that grades or checks reads them here, with a size cap, undecodable
bytes replaced and every field checked, so a record file that is damaged or forged cannot crash
the reader or smuggle in another type.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from kit.paths import ROOT, question_test_dirs

MAX_RECORDS_BYTES = 32 << 20
OUTCOMES = {"passed", "failed", "error", "skipped", "not_started"}
class Kind(StrEnum):
    """Why a test failed, in one word that scoring and reports read (never a message's words, which depend
    on the language). Written by the pytest plugin and the judge's side of isolation."""

    NONE = ""
    IMPORT = "import"  # the solution does not import
    MEMORY = "memory"  # out of memory (a MemoryError, or the sandbox's budget ran out)
    TIMEOUT = "timeout"  # pytest-timeout's limit for the test
    ENDED = "ended"  # the learner's process ended during a call
    ENDED_IMPORTING = "ended_importing"  # ... while importing the solution
    IMPORT_TIMEOUT = "import_timeout"  # importing the solution never finished
    CALL_TIMEOUT = "call_timeout"  # one call ran past its limit
    GARBAGE = "garbage"  # the reply was not plain data
    GONE = "gone"  # an object of a worker that has since been restarted
    TOO_LARGE = "too_large"  # the reply was over a limit


KINDS = {kind.value for kind in Kind}
TEXT_FIELDS = {"message": 4000, "summary": 2000, "function": 200, "nodeid": 500, "question": 20, "kind": 40}
COMMON = ["-q", "--no-header", "-p", "no:randomly", "-p", "no:cacheprovider"]


def question_args(question: str, impl: Path | str, records: Path, *, progress: Path | None = None,
                  test_timeout: float | None = None, shuffle: int | None = None, skip_slow: bool = False,
                  isolate: bool = False, sandboxed: bool = True, memory_mb: int | None = None,
                  basetemp: Path | None = None) -> list[str]:
    """pytest arguments for one question's public and hidden tests against `impl`, writing records."""
    args = [*question_test_dirs(question), "--impl", str(impl), "--kit-json", str(records), *COMMON,
            "-o", "console_output_style=classic"]
    if progress is not None:
        args += ["--kit-progress", str(progress)]
    if test_timeout is not None:
        args.append(f"--timeout={test_timeout:g}")
    if shuffle is not None:
        args.append(f"--kit-shuffle={shuffle}")
    if skip_slow:
        args.append("--kit-skip-slow")
    if isolate:
        args.append("--isolate")
        if not sandboxed:
            args.append("--no-sandbox")
        if memory_mb is not None:
            args.append(f"--kit-memory-mb={memory_mb}")
    if basetemp is not None:
        args.append(f"--basetemp={basetemp}")
    return args


def clean(record: object) -> dict | None:
    """One record with only known fields of the right types; None when it is not a record."""
    if type(record) is not dict or type(record.get("nodeid")) is not str or record.get("outcome") not in OUTCOMES:
        return None
    result = {}
    for name, limit in TEXT_FIELDS.items():
        value = record.get(name)
        result[name] = value[:limit] if type(value) is str else (None if name == "function" else "")
    # A failure's kind is one of a few words (plugin._failure_kind); anything else means nothing.
    if result["kind"] not in KINDS:
        result["kind"] = ""
    weight = record.get("weight", 1.0)
    result["weight"] = float(weight) if type(weight) in (int, float) and 0 < weight < 1e6 else 1.0
    duration = record.get("duration", 0.0)
    result["duration"] = float(duration) if type(duration) in (int, float) else 0.0
    result["outcome"] = record["outcome"]
    properties = record.get("properties")
    result["properties"] = properties if type(properties) is dict else {}
    return result


def _read_text(path: Path) -> str:
    with open(path, "rb") as stream:
        return stream.read(MAX_RECORDS_BYTES).decode("utf-8", "replace")


def read_records(path: Path) -> list[dict] | None:
    """The records of a `--kit-json` file; None when it is missing or not a list of records."""
    try:
        data = json.loads(_read_text(path))
    except (OSError, ValueError):
        return None
    if type(data) is not list:
        return None
    return [r for r in (clean(item) for item in data) if r is not None]


def read_progress(path: Path) -> list[dict]:
    """The records of a `--kit-progress` file (the last line per test wins); [] when there is none."""
    records: dict[str, dict] = {}
    try:
        text = _read_text(path)
    except OSError:
        return []
    for line in text.splitlines():
        try:
            record = clean(json.loads(line))
        except ValueError:
            continue
        if record is not None:
            records[record["nodeid"]] = record
    return list(records.values())


def run_pytest_records(
    args: Sequence[str], python: str = sys.executable, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess, list[dict]]:
    """(finished process, one record per test) of `python -m pytest ARGS -q -p no:randomly`.

    The records list is empty when pytest wrote none (a usage error, a crash at collection).
    """
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "records.json"
        command = [python, "-m", "pytest", *args, "-q", "-p", "no:randomly", "--kit-json", str(report)]
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
        records = read_records(report) or []
    return done, records
