"""Fine-tune the tiny BERT on data/nsmc/train.tsv and report accuracy on data/nsmc/test.tsv.

Two strategies, as in the lesson: full fine-tuning, and a frozen encoder (only the
classification head learns). The figures go into the model card.

Usage: python scripts/finetune_report.py [--model data/tiny-bert-ko] [--epochs 3] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import time

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

from kit.assets import load_nsmc
from kit.paths import TINY_BERT


def batches(df, tokenizer, batch_size: int, shuffle: bool, seed: int):
    """Padded (batch, seq) tensors with labels; shuffled reproducibly when asked."""
    order = torch.randperm(len(df), generator=torch.Generator().manual_seed(seed)) if shuffle else torch.arange(len(df))
    for start in range(0, len(df), batch_size):
        rows = df.iloc[order[start : start + batch_size].tolist()]
        batch = tokenizer(rows.document.tolist(), padding=True, truncation=True, max_length=128, return_tensors="pt")
        batch["labels"] = torch.tensor(rows.label.tolist())
        yield batch


def run(model_path: str, freeze: bool, epochs: int, lr: float, batch_size: int, seed: int) -> dict:
    """Train one strategy; accuracy on the test sample after each epoch."""
    torch.manual_seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(model_path)
    model = AutoModelForSequenceClassification.from_pretrained(model_path, num_labels=2)
    if freeze:
        for p in model.base_model.parameters():
            p.requires_grad = False
    train, test = load_nsmc("train"), load_nsmc("test")
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * -(-len(train) // batch_size)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(0.1 * steps), steps)
    accuracies, started = [], time.time()
    for epoch in range(epochs):
        model.train()
        for batch in batches(train, tokenizer, batch_size, True, seed + epoch):
            loss = model(**batch).loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for batch in batches(test, tokenizer, 64, False, 0):
                correct += (model(**batch).logits.argmax(-1) == batch["labels"]).sum().item()
        accuracies.append(round(correct / len(test), 4))
    return {"freeze": freeze, "lr": lr, "epochs": epochs, "batch_size": batch_size, "seed": seed,
            "accuracy_per_epoch": accuracies, "seconds": round(time.time() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(TINY_BERT))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--full-lr", type=float, default=2e-4)
    parser.add_argument("--frozen-lr", type=float, default=5e-3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    from transformers.utils import logging

    logging.set_verbosity_error()
    for freeze, lr in ((False, args.full_lr), (True, args.frozen_lr)):
        print(json.dumps(run(args.model, freeze, args.epochs, lr, args.batch_size, args.seed)), flush=True)


if __name__ == "__main__":
    main()
