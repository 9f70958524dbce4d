"""make_nsp_pairs: uses the global random module and ignores seed, so results are not reproducible."""

import random


def make_nsp_pairs(sentences, seed=0):
    if len(sentences) < 3:
        raise ValueError("need at least three sentences")
    pairs = []
    for i, sentence in enumerate(sentences[:-1]):
        if random.random() < 0.5:
            pairs.append((sentence, sentences[i + 1], 0))
        else:
            other = random.choice([j for j in range(len(sentences)) if j not in (i, i + 1)])
            pairs.append((sentence, sentences[other], 1))
    return pairs
