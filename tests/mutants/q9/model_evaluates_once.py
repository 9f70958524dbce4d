"""train_model: evaluates once, after the last epoch, so eval_acc has one entry instead of one per epoch."""

import math

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer


def train_model(train_df, test_df, freeze=False, epochs=2, lr=None, batch_size=16, seed=0,
                model_name_or_path=None, device=None):
    torch.manual_seed(seed)
    device = device or "cpu"
    name = model_name_or_path or kit_model()
    tokenizer = AutoTokenizer.from_pretrained(name)
    model = AutoModelForSequenceClassification.from_pretrained(name, num_labels=2)
    if freeze:
        for param in model.base_model.parameters():
            param.requires_grad = False
    lr = lr if lr is not None else (FROZEN_LR if freeze else FULL_LR)
    train_loader = make_loader(train_df, tokenizer, batch_size, shuffle=True, seed=seed)
    test_loader = make_loader(test_df, tokenizer, batch_size=64)
    optimizer = build_optimizer(model, lr=lr)
    total = epochs * len(train_loader)
    scheduler = linear_warmup_schedule(optimizer, math.ceil(0.1 * total), total)
    history = {"train_loss": [], "eval_acc": []}
    for _ in range(epochs):
        history["train_loss"].append(train_epoch(model, train_loader, optimizer, device, scheduler))
    history["eval_acc"].append(evaluate(model, test_loader, device))
    return history
