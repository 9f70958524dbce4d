"""pooler_from_cls: applies the dense layer but forgets the tanh."""

import torch


def pooler_from_cls(model, cls):
    with torch.no_grad():
        return model.pooler.dense(cls)
