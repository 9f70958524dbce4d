"""Question 10 — serving a review rater through the pipeline API (reference solution)."""

from __future__ import annotations

from pathlib import Path

from transformers import Pipeline, PreTrainedModel, PreTrainedTokenizerBase, pipeline

from kit.paths import STAR_MODEL

SENTIMENT_OF_STARS = {"1 star": "부정", "2 stars": "부정", "3 stars": "중립", "4 stars": "긍정", "5 stars": "긍정"}


def sentiment_pipeline(model_name_or_path: str | None = None, device: int = -1) -> Pipeline:
    """A "text-classification" pipeline for `model_name_or_path`; None means the kit's
    5-star review model (kit.paths.STAR_MODEL). device=-1 is the CPU."""
    name = str(model_name_or_path or STAR_MODEL)
    return pipeline("text-classification", model=name, tokenizer=name, device=device)


def stars_to_sentiment(label: str) -> str:
    """"4 stars"/"5 stars" → "긍정", "3 stars" → "중립", "1 star"/"2 stars" → "부정";
    any other label is a ValueError."""
    if label not in SENTIMENT_OF_STARS:
        raise ValueError(f"not a star label: {label!r}; expected one of {list(SENTIMENT_OF_STARS)}")
    return SENTIMENT_OF_STARS[label]


def run_pipeline(texts: list[str], pipe: Pipeline) -> list[dict]:
    """Rate every review in one batch: [{"review", "stars" (int), "sentiment", "score"}, ...]
    in the order of `texts`."""
    texts = list(texts)
    outputs = pipe(texts, batch_size=max(1, len(texts)))
    return [
        {"review": text, "stars": int(out["label"].split()[0]), "sentiment": stars_to_sentiment(out["label"]),
         "score": float(out["score"])}
        for text, out in zip(texts, outputs, strict=True)
    ]


def save_for_pipeline(model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, path: str | Path) -> Pipeline:
    """Save model and tokenizer into `path` and build a text-classification pipeline from that
    folder; its predictions equal the in-memory model's."""
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return pipeline("text-classification", model=str(path), tokenizer=str(path), device=-1)
