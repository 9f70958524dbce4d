"""Question 10 — serving a review rater through the pipeline API.

`pytest exercises/q10` checks these functions; `kit hint q10` helps.
"""

from __future__ import annotations

from pathlib import Path

from transformers import Pipeline, PreTrainedModel, PreTrainedTokenizerBase, pipeline

from kit.paths import STAR_MODEL


def sentiment_pipeline(model_name_or_path: str | None = None, device: int = -1) -> Pipeline:
    """A "text-classification" pipeline for `model_name_or_path`; None means the kit's
    5-star review model (kit.paths.STAR_MODEL). device=-1 is the CPU.

    About 2 lines.
    """
    # TODO(q10): build the pipeline from the model folder (model and tokenizer).
    raise NotImplementedError("q10.sentiment_pipeline")


def stars_to_sentiment(label: str) -> str:
    """"4 stars"/"5 stars" → "긍정", "3 stars" → "중립", "1 star"/"2 stars" → "부정";
    any other label is a ValueError.

    About 4 lines.
    """
    # TODO(q10): map the five star labels; refuse anything else.
    raise NotImplementedError("q10.stars_to_sentiment")


def run_pipeline(texts: list[str], pipe: Pipeline) -> list[dict]:
    """Rate every review in one batch: [{"review", "stars" (int), "sentiment", "score"}, ...]
    in the order of `texts`.

    About 6 lines.
    """
    # TODO(q10): call the pipeline once on all texts and turn each output into a dict.
    raise NotImplementedError("q10.run_pipeline")


def save_for_pipeline(model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, path: str | Path) -> Pipeline:
    """Save model and tokenizer into `path` and build a text-classification pipeline from that
    folder; its predictions equal the in-memory model's.

    About 3 lines.
    """
    # TODO(q10): save_pretrained both, then pipeline(...) from the folder.
    raise NotImplementedError("q10.save_for_pipeline")
