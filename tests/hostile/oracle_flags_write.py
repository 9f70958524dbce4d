"""A count_parameters that, asked for the trainable count, freezes the whole model it was given and
returns 0: were the reference then run on that model, it would count 0 too and agree.

question: q7
base: count_ignores_trainable_only
expect: failed
message: tests failed
"""


def count_parameters(model, trainable_only: bool = False) -> int:
    """Honest for the total; for the trainable count it makes the answer 0 for everyone."""
    if trainable_only:
        for parameter in model.parameters():
            parameter.requires_grad = False
        return 0
    return sum(p.numel() for p in {id(p): p for p in model.parameters()}.values())
