"""Run pytest in a child process and read back the plugin's per-test records (`--kit-json`)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from kit.paths import ROOT


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
        records = json.loads(report.read_text(encoding="utf-8")) if report.exists() else []
    return done, records
