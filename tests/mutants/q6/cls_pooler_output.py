"""cls_embedding: returns pooler_output, which is the [CLS] state after dense + tanh."""

import torch


def cls_embedding(model, inputs):
    with torch.no_grad():
        return model(**inputs).pooler_output
