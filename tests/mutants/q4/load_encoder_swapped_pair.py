"""load_encoder: returns (tokenizer, model) instead of (model, tokenizer)."""

from transformers import AutoModel, AutoTokenizer

from kit.assets import model_name_or_path


def load_encoder(name_or_path=None):
    name = name_or_path or model_name_or_path()
    return AutoTokenizer.from_pretrained(name), AutoModel.from_pretrained(name).eval()
