"""make_nsp_pairs: accepts two sentences, where no valid random b exists for the negative pair."""

import random


def make_nsp_pairs(sentences, seed=0):
    if len(sentences) < 2:
        raise ValueError("need at least two sentences")
    rng = random.Random(seed)
    pairs = []
    for i, sentence in enumerate(sentences[:-1]):
        others = [j for j in range(len(sentences)) if j not in (i, i + 1)]
        if rng.random() < 0.5 or not others:
            pairs.append((sentence, sentences[i + 1], 0))
        else:
            pairs.append((sentence, sentences[rng.choice(others)], 1))
    return pairs
