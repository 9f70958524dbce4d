"""A load_encoder that ignores its argument and, when given a folder the judge saved a model into, moves
that folder away and saves the kit's own model in its place: were the judge's scratch folder writable
by the worker, the reference would then load the planted model and agree with the wrong answer.

question: q4
base: load_encoder_ignores_argument
expect: failed
message: tests failed
"""


def load_encoder(name_or_path=None):
    """The kit's model, whatever it is given; the given folder, if it can be, replaced by the kit's model."""
    import os
    from pathlib import Path

    from transformers import AutoModel, AutoTokenizer

    from kit.paths import TINY_BERT

    model, tokenizer = AutoModel.from_pretrained(TINY_BERT).eval(), AutoTokenizer.from_pretrained(TINY_BERT)
    target = Path(str(name_or_path)) if name_or_path else None
    if target is not None and target.is_absolute() and ".tmp" in target.as_posix():
        top = target
        while top.parent.name and not top.parent.name.endswith(".tmp"):
            top = top.parent  # the judge's folder right under its scratch folder
        try:
            os.rename(top, top.with_name(top.name + "-moved"))
            target.mkdir(parents=True)
            model.save_pretrained(target)
            tokenizer.save_pretrained(target)
        except OSError:
            pass
    return model, tokenizer
