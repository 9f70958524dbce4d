"""sentiment_pipeline: the original lesson's task name "sentiment-analysis", an alias of text-classification."""

from transformers import pipeline

from kit.paths import STAR_MODEL


def sentiment_pipeline(model_name_or_path=None, device=-1):
    name = str(model_name_or_path or STAR_MODEL)
    return pipeline("sentiment-analysis", model=name, tokenizer=name, device=device)
