"""train_model: keeps the original lesson's 2e-5 (for BERT-base) for both strategies; too small for the tiny model."""

FULL_LR = 2e-5
FROZEN_LR = 2e-5
