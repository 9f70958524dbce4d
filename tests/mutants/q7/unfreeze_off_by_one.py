"""unfreeze_top_layers: starts the range one layer too low, unfreezing n + 1 layers."""


def unfreeze_top_layers(model, n):
    layers = model.base_model.encoder.layer
    if not 0 <= n <= len(layers):
        raise ValueError(n)
    freeze_encoder(model)
    start = max(len(layers) - n - 1, 0)
    for module in [*layers[start:], *([model.base_model.pooler] if n > 0 else [])]:
        for parameter in module.parameters():
            parameter.requires_grad = True
    return model
