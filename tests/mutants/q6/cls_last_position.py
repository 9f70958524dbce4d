"""cls_embedding: takes the last position, thinking [CLS] closes the sequence like [SEP]."""

import torch


def cls_embedding(model, inputs):
    with torch.no_grad():
        return model(**inputs).last_hidden_state[:, -1]
