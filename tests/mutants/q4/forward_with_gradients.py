"""forward: no torch.no_grad(), so the outputs carry a graph and require grad."""


def forward(model, tokenizer, texts):
    return model(**tokenizer(texts, padding=True, truncation=True, return_tensors="pt"))
