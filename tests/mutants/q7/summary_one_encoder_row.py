"""trainable_summary: groups on the first name part, so all layers fall into one "encoder" row."""

import pandas as pd


def trainable_summary(model):
    prefix = model.base_model_prefix + "."
    rows: dict[str, list[int]] = {}
    for name, parameter in model.named_parameters():
        block = name.removeprefix(prefix).split(".")[0]
        row = rows.setdefault(block, [0, 0])
        row[0] += parameter.numel()
        row[1] += parameter.numel() if parameter.requires_grad else 0
    return pd.DataFrame([(b, n, t) for b, (n, t) in rows.items()],
                        columns=["block", "parameters", "trainable"])
