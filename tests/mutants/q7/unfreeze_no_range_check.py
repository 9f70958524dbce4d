"""unfreeze_top_layers: no range check; n above the layer count quietly unfreezes every layer."""


def unfreeze_top_layers(model, n):
    layers = model.base_model.encoder.layer
    freeze_encoder(model)
    for module in [*layers[max(len(layers) - n, 0) :],
                   *([model.base_model.pooler] if n > 0 else [])]:
        for parameter in module.parameters():
            parameter.requires_grad = True
    return model
