"""Q9's experiment with the reference: training time and accuracy of both strategies.

Runs reference train_model (2 epochs, seed 0) on data/nsmc/train.tsv, evaluating on
data/nsmc/test.tsv, once with the encoder frozen and once fully fine-tuned, and prints the
seconds each takes and the accuracy per epoch. The issue's budget: both within ~30 s.

Usage: python bench/q9_training.py [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()

    import torch
    from transformers.utils import logging

    from kit.assets import load_nsmc
    from kit.impl import load_solution
    from kit.paths import REFERENCE

    torch.set_num_threads(args.threads)
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    q9 = load_solution(REFERENCE, "q9")
    train, test = load_nsmc("train"), load_nsmc("test")
    total = 0.0
    for strategy in ("full", "frozen"):
        start = time.perf_counter()
        history = q9.train_model(train, test, freeze=strategy == "frozen", epochs=args.epochs)
        seconds = time.perf_counter() - start
        total += seconds
        accuracy = ", ".join(f"{a:.3f}" for a in history["eval_acc"])
        print(f"{strategy:<7} {seconds:6.1f} s   accuracy by epoch: {accuracy}", flush=True)
    print(f"both    {total:6.1f} s   ({args.threads} torch thread{'s' * (args.threads != 1)})")


if __name__ == "__main__":
    main()
