"""freeze_encoder: reaches the encoder as model.bert, which only BERT classifiers have."""


def freeze_encoder(model):
    for parameter in model.bert.parameters():
        parameter.requires_grad = False
    return model
