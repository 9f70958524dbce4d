"""mean_pooling: averages over every position, padding included."""


def mean_pooling(last_hidden_state, attention_mask):
    return last_hidden_state.mean(dim=1)
