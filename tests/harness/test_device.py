"""`--device` / KIT_DEVICE: the tests' shared models run where the option says; a device torch cannot use is refused."""

import os
import subprocess
import sys
import textwrap

import pytest
import torch

from kit.messages import msg
from kit.paths import EXERCISES, ROOT

PROBE = textwrap.dedent("""
    def test_models_sit_on_the_chosen_device(encoder, mlm_model, device):
        assert encoder.device == mlm_model.device == device, (encoder.device, mlm_model.device, device)
        print("DEVICE", device)
""")


def run(args, cwd=ROOT, env_device=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("KIT_DEVICE", None)
    if env_device:
        env["KIT_DEVICE"] = env_device
    return subprocess.run([sys.executable, "-m", "pytest", *args, "-p", "no:randomly", "-p", "no:cacheprovider"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("how", ["option", "environment", "default"])
def test_shared_models_go_on_the_device_named(tmp_path, how):
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    args = [str(tmp_path / "test_probe.py"), "-p", "kit.learn.pytest_plugin", "-s", "-q"]
    done = run(args + (["--device", "cpu"] if how == "option" else []), cwd=tmp_path,
               env_device="cpu" if how == "environment" else None)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "DEVICE cpu" in done.stdout


def test_reference_passes_q4_and_q6_with_device_cpu():
    done = run([str(EXERCISES / "q4"), str(EXERCISES / "q6"), "--impl", "reference", "--device", "cpu", "-q"])
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.parametrize("value, key", [
    ("gpu0", "plugin.device.name"),
    ("xla", "plugin.device.type"),
    pytest.param("cuda", "plugin.device.no_cuda",
                 marks=pytest.mark.skipif(torch.cuda.is_available(), reason="has a GPU")),
])
def test_a_device_torch_cannot_use_is_a_usage_error(value, key):
    done = run([str(EXERCISES / "q3"), "--device", value, "-q"])
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout[-2000:] + done.stderr[-2000:]
    assert msg(key, value=value) in done.stderr  # the run inherits KIT_LANG, so either language
