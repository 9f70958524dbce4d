"""Accuracy that Q9's known-wrong training loops reach, beside the reference's.

Each wrong loop is a mutant in tests/mutants/q9 (train_* and model_*): graded as the
reference with that function replaced. Prints the test-sample accuracy after 2 epochs for
both strategies, so the thresholds in tests/q9/test_hidden.py can be checked against them.

Usage: python bench/q9_wrong_loops.py [--threads 1] [mutant names ...]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEFAULT = ["train_no_zero_grad", "train_no_optimizer_step", "train_in_eval_mode", "train_labels_shifted",
           "model_freezes_head", "model_bert_base_lr"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mutants", nargs="*", default=DEFAULT)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    import torch
    from transformers.utils import logging

    from kit.assets import load_nsmc
    from kit.authoring.mutants import MUTANTS, Mutant, build_submission
    from kit.impl import load_solution
    from kit.paths import REFERENCE

    torch.set_num_threads(args.threads)
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    train, test = load_nsmc("train"), load_nsmc("test")
    candidates = [("reference", REFERENCE)]
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.mutants:
            mutant = Mutant("q9", name, MUTANTS / "q9" / f"{name}.py")
            candidates.append((name, build_submission(mutant, Path(tmp) / name)))
        print(f"{'solution':<26} {'full':>6} {'frozen':>7} {'seconds':>8}")
        for name, folder in candidates:
            module = load_solution(folder, "q9")
            start = time.perf_counter()
            full = module.train_model(train, test, freeze=False)["eval_acc"][-1]
            frozen = module.train_model(train, test, freeze=True)["eval_acc"][-1]
            print(f"{name:<26} {full:>6.3f} {frozen:>7.3f} {time.perf_counter() - start:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
