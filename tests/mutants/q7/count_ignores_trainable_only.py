"""count_parameters: never looks at trainable_only, so frozen parameters are always counted."""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters())
