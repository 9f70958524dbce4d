"""mean_pooling: divides by the real-token count without a clamp: 0/0 = NaN for an empty row."""


def mean_pooling(last_hidden_state, attention_mask):
    mask = attention_mask.unsqueeze(-1).to(last_hidden_state.dtype)
    return (last_hidden_state * mask).sum(dim=1) / mask.sum(dim=1)
