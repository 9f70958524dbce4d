"""A forward that ignores the attention mask and, inside its call, zeroes the weights of the encoder
it was given (the session's shared `encoder`): were the change copied back, the reference and the
padding test would run on the same zeroed encoder and agree with it.

question: q4
base: forward_without_attention_mask
expect: failed
message: tests failed
"""


def forward(model, tokenizer, texts):
    """Zeroes every weight first, so that any later forward on this model gives the same zeros."""
    import torch

    with torch.no_grad():
        for parameter in model.parameters():
            parameter.zero_()
        batch = tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
        return model(input_ids=batch["input_ids"])
