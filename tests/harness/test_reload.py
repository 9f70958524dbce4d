"""Stale code never passes: a process that runs pytest twice grades the file as it is on disk each time."""

import json
import shutil
import subprocess
import sys
import textwrap

from kit.paths import EXERCISES, REFERENCE, ROOT

# Two pytest.main() calls in one interpreter (what a notebook kernel does), with an edit between them.
TWICE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import pytest

    public, impl, report = sys.argv[1:4]
    outcomes = []
    for attempt in range(2):
        if attempt == 1:
            solution = Path(impl) / "q3" / "solution.py"
            # Same length, so only the content changes: subword_pieces now keeps no piece at all.
            text = solution.read_text(encoding="utf-8")
            broken = text.replace('startswith("##")', 'startswith("#!")')
            assert broken != text and len(broken) == len(text)
            solution.write_text(broken, encoding="utf-8")
        pytest.main([public, "--impl", impl, "-q", "-p", "no:randomly", "--kit-json", report])
        outcomes.append({r["nodeid"]: r["outcome"] for r in json.loads(Path(report).read_text(encoding="utf-8"))})
    print(json.dumps(outcomes))
""")


def test_an_edit_between_two_pytest_runs_in_one_process_is_seen(tmp_path):
    impl = tmp_path / "submission"
    (impl / "q3").mkdir(parents=True)
    shutil.copyfile(REFERENCE / "q3" / "solution.py", impl / "q3" / "solution.py")
    assert 'startswith("##")' in (impl / "q3" / "solution.py").read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", TWICE, str(EXERCISES / "q3"), str(impl), str(tmp_path / "r.json")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    first, second = json.loads(done.stdout.strip().splitlines()[-1])
    assert first and set(first.values()) == {"passed"}, first
    failed = {nodeid for nodeid, outcome in second.items() if outcome == "failed"}
    assert second.keys() == first.keys()
    assert failed and all("subword" in nodeid for nodeid in failed), second
