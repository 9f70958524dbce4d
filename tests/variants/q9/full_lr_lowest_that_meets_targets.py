"""FULL_LR = 4e-5: the lowest measured rate with which full fine-tuning meets every accuracy target."""

FULL_LR = 4e-5
