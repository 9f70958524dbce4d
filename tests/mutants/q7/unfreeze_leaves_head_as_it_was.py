"""unfreeze_top_layers: freezes the encoder by hand and never touches the head, so a head frozen before stays frozen."""


def unfreeze_top_layers(model, n):
    layers = model.base_model.encoder.layer
    if not 0 <= n <= len(layers):
        raise ValueError(n)
    for parameter in model.base_model.parameters():
        parameter.requires_grad = False
    for module in [*layers[len(layers) - n :], *([model.base_model.pooler] if n > 0 else [])]:
        for parameter in module.parameters():
            parameter.requires_grad = True
    return model
