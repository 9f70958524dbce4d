"""run_pipeline: reports the score as a percentage (0–100) rather than the probability."""


def run_pipeline(texts, pipe):
    outputs = pipe(list(texts), batch_size=max(1, len(texts)))
    return [{"review": t, "stars": int(o["label"].split()[0]), "sentiment": stars_to_sentiment(o["label"]),
             "score": round(100 * o["score"], 1)} for t, o in zip(texts, outputs, strict=True)]
