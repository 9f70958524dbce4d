"""unfreeze_top_layers: range check n >= layers, so unfreezing every layer is refused."""


def unfreeze_top_layers(model, n):
    layers = model.base_model.encoder.layer
    if n < 0 or n >= len(layers):
        raise ValueError(n)
    freeze_encoder(model)
    for module in [*layers[len(layers) - n :], *([model.base_model.pooler] if n > 0 else [])]:
        for parameter in module.parameters():
            parameter.requires_grad = True
    return model
