"""Train the kit's WordPiece tokenizer and pretrain its tiny Korean BERT with masked-LM.

Corpus: every review of ../shared/nsmc/reviews_rated.tsv.gz except the whole NSMC-format
test split (nsmc_test.tsv.gz, which every evaluation sample of the kit is drawn from) and
except any review whose text equals one of the kit's evaluation reviews. Held-out MLM
accuracy is measured on reviews of that excluded test split.

The run is reproducible: a fixed seed, a fixed number of steps, and a checkpoint every
`--checkpoint-every` steps in `--work` from which a killed run resumes where it stopped.
Statistics (steps, time, losses, held-out accuracy) go to `--out`/pretraining.json, which
the model card quotes.

Usage: python scripts/pretrain_tiny_bert.py --steps 20000 [--out data/tiny-bert-ko]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import pandas as pd
import torch
from tokenizers.implementations import BertWordPieceTokenizer
from transformers import BertConfig, BertForMaskedLM, BertForPreTraining, BertTokenizer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "nsmc"
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
ASCII_ALPHABET = [chr(c) for c in range(33, 127)]


def read_tsv(path: Path) -> pd.DataFrame:
    """Read a tab separated review file, keeping texts such as 'NA' as text."""
    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)


def build_corpus() -> tuple[list[str], list[str]]:
    """Return (pretraining texts, held-out texts); no evaluation review is in the first."""
    reviews = read_tsv(SHARED / "reviews_rated.tsv.gz")
    test_split = read_tsv(SHARED / "nsmc_test.tsv.gz")
    eval_texts = set(test_split.document)
    for path in (ROOT / "data" / "nsmc" / "test.tsv", ROOT / "tests" / "data" / "heldout.tsv"):
        eval_texts |= set(read_tsv(path).document)
    keep = ~reviews.id.isin(test_split.id) & ~reviews.document.isin(eval_texts)
    corpus = reviews.document[keep & (reviews.document.str.strip() != "")].tolist()
    heldout = test_split.document.sample(2000, random_state=0).tolist()
    print(f"corpus: {len(corpus)} of {len(reviews)} reviews ({(~keep).sum()} excluded)")
    return corpus, heldout


def train_tokenizer(corpus: list[str], vocab_size: int) -> BertTokenizer:
    """Train a cased WordPiece vocabulary and wrap it as a transformers BertTokenizer."""
    wordpiece = BertWordPieceTokenizer(
        clean_text=True, handle_chinese_chars=True, strip_accents=False, lowercase=False
    )
    wordpiece.train_from_iterator(
        corpus,
        vocab_size=vocab_size,
        min_frequency=5,
        limit_alphabet=2500,
        initial_alphabet=ASCII_ALPHABET,
        special_tokens=SPECIAL_TOKENS,
        show_progress=False,
    )
    return BertTokenizer(
        vocab=wordpiece.get_vocab(),
        do_lower_case=False,
        strip_accents=False,
        tokenize_chinese_chars=True,
        model_max_length=128,
    )


def length_batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Group indices of similar length into batches (less padding), batches in random order."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random()))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(ids: list[list[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Pad a list of id lists to a (batch, seq) tensor and its attention mask."""
    width = max(len(x) for x in ids)
    input_ids = torch.full((len(ids), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    for row, x in enumerate(ids):
        input_ids[row, : len(x)] = torch.tensor(x)
        mask[row, : len(x)] = 1
    return input_ids, mask


def mask_tokens(
    input_ids: torch.Tensor, special: torch.Tensor, tok: BertTokenizer, gen: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """BERT's dynamic masking: 15 % of real tokens; of those 80 % [MASK], 10 % random, 10 % kept."""
    selectable = ~torch.isin(input_ids, special)
    selected = (torch.rand(input_ids.shape, generator=gen) < 0.15) & selectable
    labels = torch.where(selected, input_ids, torch.full_like(input_ids, -100))
    roll = torch.rand(input_ids.shape, generator=gen)
    masked = input_ids.clone()
    masked[selected & (roll < 0.8)] = tok.mask_token_id
    random_slots = selected & (roll >= 0.8) & (roll < 0.9)
    n_special = len(SPECIAL_TOKENS)
    replacement = torch.randint(n_special, len(tok), input_ids.shape, generator=gen)
    masked[random_slots] = replacement[random_slots]
    return masked, labels


def mlm_loss(model: BertForMaskedLM, input_ids, mask, labels) -> tuple[torch.Tensor, torch.Tensor]:
    """Cross-entropy of the MLM head, computed only at the selected positions (cheap on CPU)."""
    hidden = model.bert(input_ids=input_ids, attention_mask=mask).last_hidden_state
    where = labels != -100
    logits = model.cls(hidden[where])
    target = labels[where]
    return torch.nn.functional.cross_entropy(logits, target), (logits.argmax(-1) == target)


@torch.no_grad()
def heldout_accuracy(model, tok, texts: list[str]) -> tuple[float, float]:
    """(MLM loss, top-1 accuracy) on held-out reviews with a fixed masking seed."""
    model.eval()
    gen = torch.Generator().manual_seed(1234)
    special = torch.tensor(tok.all_special_ids)
    encoded = tok(texts, truncation=True, max_length=128)["input_ids"]
    losses, hits = [], []
    for start in range(0, len(encoded), 200):
        input_ids, mask = collate(encoded[start : start + 200], tok.pad_token_id)
        masked, labels = mask_tokens(input_ids, special, tok, gen)
        loss, correct = mlm_loss(model, masked, mask, labels)
        losses.append(loss.item() * len(correct))
        hits.append(correct)
    model.train()
    hits_all = torch.cat(hits)
    return sum(losses) / len(hits_all), hits_all.float().mean().item()


def export(model: BertForMaskedLM, out: Path, seed: int) -> None:
    """Save as BertForPreTraining, like the original BERT checkpoints.

    Masked-LM training never builds a pooler, and AutoModel would then draw a fresh random
    pooler at every load. Saving a seeded pooler (and NSP head) makes every load of the
    folder, by any Auto class, give the same weights.
    """
    torch.manual_seed(seed)
    full = BertForPreTraining(model.config)
    missing, _ = full.load_state_dict(model.state_dict(), strict=False)
    assert all(k.startswith(("bert.pooler", "cls.seq_relationship")) for k in missing), missing
    full.config.architectures = ["BertForPreTraining"]
    full.save_pretrained(out)


def main() -> None:
    """Train tokenizer and model, checkpointing as it goes; save the finished model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--vocab-size", type=int, default=10000)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--checkpoint-every", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=ROOT / ".pretrain-work")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "tiny-bert-ko")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.work.mkdir(parents=True, exist_ok=True)
    corpus, heldout = build_corpus()

    tok_dir = args.work / "tokenizer"
    if tok_dir.exists():
        tok = BertTokenizer.from_pretrained(tok_dir)
    else:
        started = time.time()
        tok = train_tokenizer(corpus, args.vocab_size)
        tok.save_pretrained(tok_dir)
        print(f"tokenizer: {len(tok)} tokens in {time.time() - started:.0f} s")
    encoded = tok(corpus, truncation=True, max_length=128)["input_ids"]
    lengths = [len(x) for x in encoded]

    config = BertConfig(
        vocab_size=len(tok),
        hidden_size=args.hidden,
        num_hidden_layers=args.layers,
        num_attention_heads=args.heads,
        intermediate_size=4 * args.hidden,
        max_position_embeddings=128,
        pad_token_id=tok.pad_token_id,
    )
    model = BertForMaskedLM(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)

    def lr_factor(step: int) -> float:
        if step < args.warmup:
            return (step + 1) / args.warmup
        return max(0.0, (args.steps - step) / (args.steps - args.warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)
    state = {"step": 0, "seconds": 0.0, "log": []}
    ckpt = args.work / "checkpoint.pt"
    if ckpt.exists():
        saved = torch.load(ckpt, weights_only=False)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        state = saved["state"]
        torch.set_rng_state(saved["torch_rng"])
        state.setdefault("resumes", []).append({"step": state["step"], "steps": args.steps, "threads": args.threads})
        print(f"resumed at step {state['step']}")

    special = torch.tensor(tok.all_special_ids)
    gen = torch.Generator().manual_seed(args.seed + state["step"])
    batches_per_epoch = math.ceil(len(encoded) / args.batch_size)
    model.train()
    running, running_acc, tick = 0.0, 0.0, time.time()
    while state["step"] < args.steps:
        epoch, offset = divmod(state["step"], batches_per_epoch)
        batches = length_batches(lengths, args.batch_size, random.Random(args.seed + epoch))
        for batch in batches[offset:]:
            input_ids, mask = collate([encoded[i] for i in batch], tok.pad_token_id)
            masked, labels = mask_tokens(input_ids, special, tok, gen)
            loss, correct = mlm_loss(model, masked, mask, labels)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            state["step"] += 1
            running += loss.item()
            running_acc += correct.float().mean().item()
            step = state["step"]
            if step % 200 == 0:
                now = time.time()
                state["seconds"] += now - tick
                tick = now
                entry = {"step": step, "loss": running / 200, "acc": running_acc / 200,
                         "seconds": round(state["seconds"])}
                state["log"].append(entry)
                print(json.dumps(entry), flush=True)
                running, running_acc = 0.0, 0.0
            if step % args.checkpoint_every == 0 or step == args.steps:
                torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                            "scheduler": scheduler.state_dict(), "state": state,
                            "torch_rng": torch.get_rng_state()}, ckpt)
            if step == args.steps:
                break

    loss, acc = heldout_accuracy(model, tok, heldout)
    args.out.mkdir(parents=True, exist_ok=True)
    export(model, args.out, args.seed)
    tok.save_pretrained(args.out)
    stats = {
        "seed": args.seed, "steps": args.steps, "batch_size": args.batch_size, "lr": args.lr,
        "warmup": args.warmup, "corpus_reviews": len(encoded),
        "parameters": sum(p.numel() for p in model.parameters()),
        "train_seconds": round(state["seconds"]), "threads": args.threads,
        "heldout_mlm_loss": round(loss, 3), "heldout_mlm_accuracy": round(acc, 4),
        "final_train_loss": state["log"][-1]["loss"] if state["log"] else None,
        "resumes": state.get("resumes", []),
    }
    (args.out / "pretraining.json").write_text(json.dumps(stats, indent=2) + "\n")
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
