"""sentiment_pipeline: builds a fill-mask pipeline for the star model instead of a text-classification one."""

from transformers import pipeline

from kit.paths import STAR_MODEL


def sentiment_pipeline(model_name_or_path=None, device=-1):
    name = str(model_name_or_path or STAR_MODEL)
    return pipeline("fill-mask", model=name, tokenizer=name, device=device)
