"""make_nsp_pairs: alternates is-next and random by index instead of flipping a seeded coin."""

import random


def make_nsp_pairs(sentences, seed=0):
    if len(sentences) < 3:
        raise ValueError("need at least three sentences")
    rng = random.Random(seed)
    pairs = []
    for i, sentence in enumerate(sentences[:-1]):
        if i % 2 == 0:
            pairs.append((sentence, sentences[i + 1], 0))
        else:
            other = rng.choice([j for j in range(len(sentences)) if j not in (i, i + 1)])
            pairs.append((sentence, sentences[other], 1))
    return pairs
