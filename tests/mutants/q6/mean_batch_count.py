"""mean_pooling: divides by the real tokens of the whole batch instead of each row's."""


def mean_pooling(last_hidden_state, attention_mask):
    mask = attention_mask.unsqueeze(-1).to(last_hidden_state.dtype)
    return (last_hidden_state * mask).sum(dim=1) / mask.sum().clamp(min=1.0)
