"""cls_embedding: passes only input_ids, so [CLS] attends to the padding."""

import torch


def cls_embedding(model, inputs):
    with torch.no_grad():
        return model(input_ids=inputs["input_ids"]).last_hidden_state[:, 0]
