"""count_parameters: with trainable_only=True counts the frozen parameters instead."""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if not (trainable_only and p.requires_grad))
