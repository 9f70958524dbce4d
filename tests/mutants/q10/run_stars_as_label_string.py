"""run_pipeline: keeps the label string ("5 stars") in "stars" instead of the number."""


def run_pipeline(texts, pipe):
    outputs = pipe(list(texts), batch_size=max(1, len(texts)))
    return [{"review": t, "stars": o["label"], "sentiment": stars_to_sentiment(o["label"]), "score": o["score"]}
            for t, o in zip(texts, outputs, strict=True)]
