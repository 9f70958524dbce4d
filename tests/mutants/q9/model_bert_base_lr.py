"""train_model: uses BERT-base's 5e-5 for both strategies, far too small for a lone head on a tiny model."""

FULL_LR = 5e-5
FROZEN_LR = 5e-5
