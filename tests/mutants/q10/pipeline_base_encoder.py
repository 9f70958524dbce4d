"""sentiment_pipeline: None loads the pretrained encoder (random 2-label head), not the star model."""

from transformers import pipeline

from kit.paths import TINY_BERT


def sentiment_pipeline(model_name_or_path=None, device=-1):
    name = str(model_name_or_path or TINY_BERT)
    return pipeline("text-classification", model=name, tokenizer=name, device=device)
