"""trainable_summary: walks model.base_model only, so the classification head is missing."""

import pandas as pd


def trainable_summary(model):
    rows: dict[str, list[int]] = {}
    for name, parameter in model.base_model.named_parameters():
        parts = name.split(".")
        block = ".".join(parts[:3]) if parts[0] == "encoder" else parts[0]
        row = rows.setdefault(block, [0, 0])
        row[0] += parameter.numel()
        row[1] += parameter.numel() if parameter.requires_grad else 0
    return pd.DataFrame([(b, n, t) for b, (n, t) in rows.items()],
                        columns=["block", "parameters", "trainable"])
