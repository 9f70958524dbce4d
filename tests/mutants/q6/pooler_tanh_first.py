"""pooler_from_cls: applies tanh before the dense layer instead of after it."""

import torch


def pooler_from_cls(model, cls):
    with torch.no_grad():
        return model.pooler.dense(torch.tanh(cls))
