"""The README's install lines are exactly what CI runs, in the same order (CI installs as a newcomer would)."""

import re

from kit.paths import ROOT


def test_ci_runs_the_readmes_install_lines_in_a_fresh_venv():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", quickstart, re.DOTALL).group(1)
    install = [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip().startswith("pip ")]
    assert install == ["pip install torch==2.13.0", "pip install -e '.[dev]'"], install
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in ci if line and not line.startswith("#")]
    assert any(re.fullmatch(r'"\$\{PYTHON:-python3\}" -m venv "\$venv"', line) for line in commands), commands
    activate = commands.index('source "$venv/bin/activate"')
    assert commands[activate + 1:activate + 3] == install, commands
