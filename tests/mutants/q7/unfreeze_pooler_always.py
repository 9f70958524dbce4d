"""unfreeze_top_layers: leaves the pooler trainable even for n=0."""


def unfreeze_top_layers(model, n):
    layers = model.base_model.encoder.layer
    if not 0 <= n <= len(layers):
        raise ValueError(n)
    freeze_encoder(model)
    for module in [*layers[len(layers) - n :], model.base_model.pooler]:
        for parameter in module.parameters():
            parameter.requires_grad = True
    return model
