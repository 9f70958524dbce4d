"""make_nsp_pairs: draws the random b from all sentences, so it can be the true next sentence."""

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
            pairs.append((sentence, rng.choice(sentences), 1))
    return pairs
