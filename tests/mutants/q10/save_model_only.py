"""save_for_pipeline: saves the model but not the tokenizer, then builds the pipeline from the folder."""

from transformers import pipeline


def save_for_pipeline(model, tokenizer, path):
    model.save_pretrained(path)
    return pipeline("text-classification", model=str(path), device=-1)
