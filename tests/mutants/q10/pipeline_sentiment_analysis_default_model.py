"""sentiment_pipeline: ignores the folder and lets pipeline() choose its default model (needs the hub)."""

from transformers import pipeline


def sentiment_pipeline(model_name_or_path=None, device=-1):
    return pipeline("sentiment-analysis", device=device)
