"""freeze_encoder: freezes every parameter not named "classifier.*", so DistilBERT's
pre_classifier (part of its head) is frozen too."""


def freeze_encoder(model):
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.startswith("classifier.")
    return model
