"""Small random BERTs for tests: a second model of another size proves that nothing is hard-coded."""

from __future__ import annotations

from pathlib import Path

from kit.paths import TINY_BERT


def save_random_bert(out: Path, hidden: int = 64, layers: int = 2, heads: int = 2, seed: int = 0) -> Path:
    """Save a randomly initialised BertForPreTraining with the kit's tokenizer into `out`.

    Loadable like any Hugging Face folder (AutoModel, AutoModelForMaskedLM, ...). Its sizes
    differ from the tiny model's on purpose.
    """
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForPreTraining

    tokenizer = AutoTokenizer.from_pretrained(TINY_BERT)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=4 * hidden,
        max_position_embeddings=128,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(seed)
    BertForPreTraining(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out
