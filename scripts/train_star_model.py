"""Fine-tune the tiny Korean BERT into a 5-star review rater (the model Q10's pipeline serves).

Ratings 1–10 of ../shared/nsmc/reviews_rated.tsv.gz are bucketed into five classes
(1–2 → "1 star", 3–4 → "2 stars", 5–6 → "3 stars", 7–8 → "4 stars", 9–10 → "5 stars").
Training reviews exclude the whole NSMC-format test split (every evaluation review of the kit
comes from it) and any review whose text is an evaluation text. Two evaluation sets:
  - "test split": reviews of the NSMC-format test split (ratings 1–4 and 9–10 only), never
    seen by any model of the kit;
  - "held-out ratings": reviews of every rating kept out of this fine-tuning (they were in
    the unlabelled masked-LM pretraining corpus).
Writes data/tiny-bert-ko-stars/ (model, tokenizer, training.json).

Usage: python scripts/train_star_model.py [--per-class 3000] [--epochs 2]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "nsmc"
LABELS = ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"]


def read_tsv(path: Path) -> pd.DataFrame:
    """A tab separated review file, keeping texts such as 'NA' as text."""
    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)


def stars(rating: pd.Series) -> pd.Series:
    """Class index 0..4 of a 1..10 rating."""
    return (rating - 1) // 2


def splits(per_class: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(train, test-split evaluation, held-out-ratings evaluation), each with text and class."""
    reviews = read_tsv(SHARED / "reviews_rated.tsv.gz")
    reviews = reviews[reviews.document.str.strip() != ""].assign(label=lambda d: stars(d.rating))
    test_ids = set(read_tsv(SHARED / "nsmc_test.tsv.gz").id)
    eval_texts = set(read_tsv(ROOT / "data" / "nsmc" / "test.tsv").document)
    eval_texts |= set(read_tsv(ROOT / "tests" / "data" / "heldout.tsv").document)
    in_test = reviews.id.isin(test_ids)
    pool = reviews[~in_test & ~reviews.document.isin(eval_texts)].drop_duplicates("document")
    heldout = pool.groupby("label").sample(200, random_state=seed)
    pool = pool.drop(heldout.index)
    train = pool.groupby("label").sample(per_class, random_state=seed).sample(frac=1.0, random_state=seed)
    test_split = reviews[in_test].sample(1000, random_state=seed)
    return train, test_split, heldout


@torch.no_grad()
def measure(model, tokenizer, df: pd.DataFrame) -> dict:
    """Accuracy and mean absolute star error of argmax predictions."""
    model.eval()
    predictions = []
    texts = df.document.tolist()
    for start in range(0, len(texts), 128):
        batch = tokenizer(texts[start : start + 128], padding=True, truncation=True, max_length=128,
                          return_tensors="pt")
        predictions.append(model(**batch).logits.argmax(-1))
    predicted = torch.cat(predictions)
    truth = torch.tensor(df.label.tolist())
    return {"reviews": len(df), "accuracy": round((predicted == truth).float().mean().item(), 4),
            "mean_abs_star_error": round((predicted - truth).abs().float().mean().item(), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=ROOT / "data" / "tiny-bert-ko")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "tiny-bert-ko-stars")
    parser.add_argument("--per-class", type=int, default=3000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    train, test_split, heldout = splits(args.per_class, args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.base)
    model = AutoModelForSequenceClassification.from_pretrained(
        args.base, num_labels=5, id2label=dict(enumerate(LABELS)), label2id={name: i for i, name in enumerate(LABELS)})
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * -(-len(train) // args.batch_size)
    scheduler = get_linear_schedule_with_warmup(optimizer, steps // 10, steps)
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        shuffled = train.sample(frac=1.0, random_state=args.seed + epoch)
        for start in range(0, len(shuffled), args.batch_size):
            rows = shuffled.iloc[start : start + args.batch_size]
            batch = tokenizer(rows.document.tolist(), padding=True, truncation=True, max_length=128,
                              return_tensors="pt")
            loss = model(**batch, labels=torch.tensor(rows.label.tolist())).loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
        print(f"epoch {epoch + 1}: last loss {loss.item():.3f}, {time.time() - started:.0f} s", flush=True)

    report = {
        "base": args.base.name, "train_reviews": len(train), "per_class": args.per_class,
        "epochs": args.epochs, "lr": args.lr, "batch_size": args.batch_size, "seed": args.seed,
        "train_seconds": round(time.time() - started), "threads": args.threads,
        "test_split": measure(model, tokenizer, test_split),
        "heldout_ratings": measure(model, tokenizer, heldout),
    }
    model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    (args.out / "training.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
