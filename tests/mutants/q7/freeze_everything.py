"""freeze_encoder: freezes every parameter of the model, the classification head included."""


def freeze_encoder(model):
    for parameter in model.parameters():
        parameter.requires_grad = False
    return model
