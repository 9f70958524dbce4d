"""A decode that fills the tensor it was given with [PAD] and returns "": were its in-place change
copied back, the reference would decode the same [PAD]s to "" and agree with it.

question: q3
base: decode_empty_text
expect: failed
message: tests failed
"""


def decode(input_ids, tokenizer) -> str:
    """Overwrites its input, so that whoever decodes it next sees nothing either."""
    import torch

    if isinstance(input_ids, torch.Tensor):
        input_ids.fill_(tokenizer.pad_token_id)
    return ""
