"""run_pipeline: asks for every label's score (top_k=None) and reports the lowest-numbered label, not the most probable."""


def run_pipeline(texts, pipe):
    outputs = pipe(list(texts), top_k=None, batch_size=max(1, len(texts)))
    records = []
    for text, scores in zip(texts, outputs, strict=True):
        first = min(scores, key=lambda s: s["label"])
        records.append({"review": text, "stars": int(first["label"].split()[0]),
                        "sentiment": stars_to_sentiment(first["label"]), "score": first["score"]})
    return records
