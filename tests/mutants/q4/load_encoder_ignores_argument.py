"""load_encoder: always loads the kit's default model, whatever name it is given."""

from transformers import AutoModel, AutoTokenizer

from kit.paths import TINY_BERT


def load_encoder(name_or_path=None):
    return AutoModel.from_pretrained(TINY_BERT).eval(), AutoTokenizer.from_pretrained(TINY_BERT)
