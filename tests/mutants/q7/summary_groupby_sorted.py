"""trainable_summary: groups with pandas groupby, which sorts the blocks by name
("classifier" first, "encoder.layer.10" before "encoder.layer.2")."""

import pandas as pd


def trainable_summary(model):
    prefix = model.base_model_prefix + "."
    rows = []
    for name, parameter in model.named_parameters():
        parts = name.removeprefix(prefix).split(".")
        block = ".".join(parts[:3]) if parts[0] == "encoder" else parts[0]
        rows.append((block, parameter.numel(), parameter.numel() * parameter.requires_grad))
    frame = pd.DataFrame(rows, columns=["block", "parameters", "trainable"])
    return frame.groupby("block", as_index=False).sum()
