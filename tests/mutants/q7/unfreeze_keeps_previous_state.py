"""unfreeze_top_layers: only unfreezes the top n layers and never freezes anything, so the
embeddings and lower layers keep whatever state they had."""


def unfreeze_top_layers(model, n):
    layers = model.base_model.encoder.layer
    if not 0 <= n <= len(layers):
        raise ValueError(n)
    for module in [*layers[len(layers) - n :], *([model.base_model.pooler] if n > 0 else [])]:
        for parameter in module.parameters():
            parameter.requires_grad = True
    return model
