"""freeze_encoder: flips requires_grad instead of setting it, so a second call unfreezes."""


def freeze_encoder(model):
    for parameter in model.base_model.parameters():
        parameter.requires_grad = not parameter.requires_grad
    return model
