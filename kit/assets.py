"""The kit's shipped assets: the NSMC sample and the tiny Korean BERT.

Everything loads offline. `KIT_MODEL` names another model (any `from_pretrained` name or
path, e.g. a cached `bert-base-multilingual-cased`); `KIT_NSMC_DIR` names a folder with the
full corpus (`ratings_train.txt`, `ratings_test.txt`) to use instead of the sample.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pandas loads when reviews are read, not with every pytest run
    import pandas as pd

from kit.paths import NSMC_SAMPLE, TINY_BERT

Split = Literal["train", "test"]
FULL_CORPUS_FILES = {"train": "ratings_train.txt", "test": "ratings_test.txt"}


def model_name_or_path() -> str:
    """The model the kit uses: `KIT_MODEL` when set, else the shipped tiny Korean BERT."""
    return os.environ.get("KIT_MODEL") or str(TINY_BERT)


def model_state_bytes(model: str) -> int:
    """About how many bytes the model's parameters take: the size of its weight files (0 when none is found).

    Read from the folder, or from the Hugging Face cache for a hub name; no network.
    """
    folder = Path(model).expanduser()
    if not folder.is_dir():
        from huggingface_hub import try_to_load_from_cache

        config = try_to_load_from_cache(model, "config.json")
        if not isinstance(config, str):
            return 0
        folder = Path(config).parent
    files = list(folder.glob("*.safetensors")) or list(folder.glob("pytorch_model*.bin"))
    return sum(f.stat().st_size for f in files)


def read_reviews(path: Path) -> pd.DataFrame:
    """Read an NSMC-format file (id, document, label; tab separated, no quoting).

    Missing documents become "" so that every row can be tokenized.
    """
    import pandas as pd

    df = pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False, dtype={"document": str})
    df["label"] = df["label"].astype(int)
    df["document"] = df["document"].fillna("")
    return df


def load_nsmc(split: Split = "train", nsmc_dir: str | Path | None = None) -> pd.DataFrame:
    """The NSMC reviews of one split as a DataFrame with columns id, document, label.

    By default the kit's sample (2,000 train / 500 test reviews). With `nsmc_dir`, or the
    environment variable `KIT_NSMC_DIR`, the original corpus files in that folder.
    """
    if split not in FULL_CORPUS_FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    folder = nsmc_dir or os.environ.get("KIT_NSMC_DIR")
    if folder:
        path = Path(folder) / FULL_CORPUS_FILES[split]
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found: KIT_NSMC_DIR must hold {FULL_CORPUS_FILES}")
        return read_reviews(path)
    return read_reviews(NSMC_SAMPLE / f"{split}.tsv")
