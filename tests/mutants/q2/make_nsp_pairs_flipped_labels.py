"""make_nsp_pairs: uses label 1 for "is next" and 0 for "random", the reverse of next_sentence_label."""

import random


def make_nsp_pairs(sentences, seed=0):
    if len(sentences) < 3:
        raise ValueError("need at least three sentences")
    rng = random.Random(seed)
    pairs = []
    for i, sentence in enumerate(sentences[:-1]):
        if rng.random() < 0.5:
            pairs.append((sentence, sentences[i + 1], 1))
        else:
            other = rng.choice([j for j in range(len(sentences)) if j not in (i, i + 1)])
            pairs.append((sentence, sentences[other], 0))
    return pairs
