"""make_nsp_pairs: excludes only the true next sentence, so the random b can be a itself."""

import random


def make_nsp_pairs(sentences, seed=0):
    if len(sentences) < 3:
        raise ValueError("need at least three sentences")
    rng = random.Random(seed)
    pairs = []
    for i, sentence in enumerate(sentences[:-1]):
        if rng.random() < 0.5:
            pairs.append((sentence, sentences[i + 1], 0))
        else:
            other = rng.choice([j for j in range(len(sentences)) if j != i + 1])
            pairs.append((sentence, sentences[other], 1))
    return pairs
