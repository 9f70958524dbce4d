"""load_encoder: loads AutoModelForMaskedLM, whose output has logits, not last_hidden_state."""

from transformers import AutoModelForMaskedLM, AutoTokenizer

from kit.assets import model_name_or_path


def load_encoder(name_or_path=None):
    name = name_or_path or model_name_or_path()
    return AutoModelForMaskedLM.from_pretrained(name).eval(), AutoTokenizer.from_pretrained(name)
