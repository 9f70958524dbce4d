"""An evaluate that zeroes the classifier head of the model it was given (a module-wide fixture of the
hidden tests) and returns the share of label 0: with a zero head every prediction is label 0, so a
reference run on the same model afterwards would measure exactly that share.

question: q9
base: evaluate_argmax_wrong_axis
expect: failed
message: tests failed
"""


def evaluate(model, loader, device) -> float:
    """Makes the model predict label 0 everywhere, then reports how often that is right."""
    import torch

    with torch.no_grad():
        for parameter in model.classifier.parameters():
            parameter.zero_()
    zeros = total = 0
    for batch in loader:
        zeros += int((batch["labels"] == 0).sum())
        total += len(batch["labels"])
    return zeros / total
