"""choose_strategy: forgets the negative check, calling -5 examples "feature_extraction"."""


def choose_strategy(n_labeled):
    if n_labeled < 1000:
        return "feature_extraction"
    return "compare_both" if n_labeled <= 10_000 else "full_finetuning"
