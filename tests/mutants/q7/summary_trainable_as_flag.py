"""trainable_summary: "trainable" says whether the block learns (True/False), not how many
values do, so the column no longer sums to the trainable count."""

import pandas as pd


def trainable_summary(model):
    prefix = model.base_model_prefix + "."
    rows: dict[str, list] = {}
    for name, parameter in model.named_parameters():
        parts = name.removeprefix(prefix).split(".")
        block = ".".join(parts[:3]) if parts[0] == "encoder" else parts[0]
        row = rows.setdefault(block, [0, False])
        row[0] += parameter.numel()
        row[1] = row[1] or parameter.requires_grad
    return pd.DataFrame([(b, n, t) for b, (n, t) in rows.items()],
                        columns=["block", "parameters", "trainable"])
