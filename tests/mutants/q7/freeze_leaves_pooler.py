"""freeze_encoder: freezes the embeddings and the layers but forgets the pooler."""


def freeze_encoder(model):
    for module in (model.base_model.embeddings, model.base_model.encoder):
        for parameter in module.parameters():
            parameter.requires_grad = False
    return model
