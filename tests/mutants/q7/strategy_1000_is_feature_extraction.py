"""choose_strategy: uses <= 1000 for feature extraction, so exactly 1,000 is misplaced."""


def choose_strategy(n_labeled):
    if n_labeled < 0:
        raise ValueError(n_labeled)
    if n_labeled <= 1000:
        return "feature_extraction"
    return "compare_both" if n_labeled <= 10_000 else "full_finetuning"
