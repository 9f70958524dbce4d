"""Draw the NSMC sample that the kit ships, from the NSMC-format files in ../shared/nsmc.

Writes data/nsmc/train.tsv (2,000 reviews, from the training split),
data/nsmc/test.tsv (500 reviews, from the test split) and tests/data/heldout.tsv
(500 further test-split reviews, for hidden tests only; never released to learners).
Every draw is balanced by label and seeded, so rerunning this script rewrites the same
files byte for byte.

Usage: python scripts/build_nsmc_sample.py [--shared ../shared/nsmc]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261127
TRAIN_PER_LABEL = 1000
TEST_PER_LABEL = 250
HELDOUT_PER_LABEL = 250


def read_nsmc(path: Path) -> pd.DataFrame:
    """Read an NSMC-format TSV (id, document, label) keeping reviews such as 'NA' as text."""
    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)


def balanced_sample(df: pd.DataFrame, per_label: int, seed: int) -> pd.DataFrame:
    """Draw `per_label` rows of each label, then shuffle them together."""
    parts = [df[df.label == label].sample(per_label, random_state=seed) for label in (0, 1)]
    return pd.concat(parts).sample(frac=1.0, random_state=seed).reset_index(drop=True)


def usable(df: pd.DataFrame) -> pd.DataFrame:
    """Drop blank reviews and texts that occur more than once, so no text sits in two splits."""
    df = df[df.document.str.strip() != ""]
    return df.drop_duplicates("document", keep=False)


def write(df: pd.DataFrame, path: Path) -> None:
    """Write in NSMC's own layout: tab separated, no quoting, a header line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    df[["id", "document", "label"]].to_csv(path, sep="\t", index=False, quoting=3)
    print(f"{path.relative_to(ROOT)}: {len(df)} reviews, {int(df.label.sum())} positive")


def main() -> None:
    """Build the three files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "nsmc")
    args = parser.parse_args()

    train = usable(read_nsmc(args.shared / "nsmc_train.tsv.gz"))
    test = usable(read_nsmc(args.shared / "nsmc_test.tsv.gz"))
    test = test[~test.document.isin(train.document)]

    train_sample = balanced_sample(train, TRAIN_PER_LABEL, SEED)
    eval_pool = balanced_sample(test, TEST_PER_LABEL + HELDOUT_PER_LABEL, SEED)
    test_sample = pd.concat(
        [eval_pool[eval_pool.label == label].iloc[:TEST_PER_LABEL] for label in (0, 1)]
    ).sample(frac=1.0, random_state=SEED)
    heldout = eval_pool[~eval_pool.id.isin(test_sample.id)]

    write(train_sample, ROOT / "data" / "nsmc" / "train.tsv")
    write(test_sample, ROOT / "data" / "nsmc" / "test.tsv")
    write(heldout, ROOT / "tests" / "data" / "heldout.tsv")


if __name__ == "__main__":
    main()
