"""run_pipeline: calls the pipeline once per review instead of once for the whole batch."""


def run_pipeline(texts, pipe):
    records = []
    for text in texts:
        out = pipe(text)[0]
        records.append({"review": text, "stars": int(out["label"].split()[0]),
                        "sentiment": stars_to_sentiment(out["label"]), "score": float(out["score"])})
    return records
