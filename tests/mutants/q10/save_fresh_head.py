"""save_for_pipeline: saves only the encoder (model.base_model), so the reloaded head is random."""

from transformers import pipeline


def save_for_pipeline(model, tokenizer, path):
    model.base_model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return pipeline("text-classification", model=str(path), tokenizer=str(path), device=-1)
