"""save_for_pipeline: builds the pipeline from the in-memory objects and never saves anything."""

from transformers import pipeline


def save_for_pipeline(model, tokenizer, path):
    return pipeline("text-classification", model=model, tokenizer=tokenizer, device=-1)
