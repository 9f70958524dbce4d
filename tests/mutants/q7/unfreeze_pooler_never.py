"""unfreeze_top_layers: keeps the pooler frozen, though the layers under it learn."""


def unfreeze_top_layers(model, n):
    layers = model.base_model.encoder.layer
    if not 0 <= n <= len(layers):
        raise ValueError(n)
    freeze_encoder(model)
    for layer in layers[len(layers) - n :]:
        for parameter in layer.parameters():
            parameter.requires_grad = True
    return model
