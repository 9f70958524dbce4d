"""mean_pooling: zeroes the padding but divides by the padded length, not the real-token count."""


def mean_pooling(last_hidden_state, attention_mask):
    mask = attention_mask.unsqueeze(-1).to(last_hidden_state.dtype)
    return (last_hidden_state * mask).sum(dim=1) / last_hidden_state.shape[1]
