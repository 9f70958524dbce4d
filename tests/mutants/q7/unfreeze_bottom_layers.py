"""unfreeze_top_layers: unfreezes the first n layers (closest to the embeddings), not the last."""


def unfreeze_top_layers(model, n):
    layers = model.base_model.encoder.layer
    if not 0 <= n <= len(layers):
        raise ValueError(n)
    freeze_encoder(model)
    for module in [*layers[:n], *([model.base_model.pooler] if n > 0 else [])]:
        for parameter in module.parameters():
            parameter.requires_grad = True
    return model
