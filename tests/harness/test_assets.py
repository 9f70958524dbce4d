"""The asset loaders: the shipped NSMC sample, the full corpus by folder, and the model path."""

import pytest

from kit import assets
from kit.paths import TINY_BERT


def test_sample_splits_have_the_documented_sizes_and_balance():
    train, test = assets.load_nsmc("train"), assets.load_nsmc("test")
    assert (len(train), len(test)) == (2000, 500)
    assert list(train.columns) == ["id", "document", "label"]
    assert train.label.sum() == 1000 and test.label.sum() == 250
    assert not set(train.id) & set(test.id)


def test_full_corpus_folder_is_read_in_nsmc_format(tmp_path, monkeypatch):
    rows = "id\tdocument\tlabel\n1\t재밌다\t1\n2\t\t0\n3\tNA\t0\n"
    (tmp_path / "ratings_train.txt").write_text(rows, encoding="utf-8")
    (tmp_path / "ratings_test.txt").write_text("id\tdocument\tlabel\n9\t별로\t0\n", encoding="utf-8")
    train = assets.load_nsmc("train", nsmc_dir=tmp_path)
    assert train.document.tolist() == ["재밌다", "", "NA"]
    assert train.label.tolist() == [1, 0, 0]
    monkeypatch.setenv("KIT_NSMC_DIR", str(tmp_path))
    assert assets.load_nsmc("test").document.tolist() == ["별로"]


def test_missing_corpus_file_and_bad_split_are_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="ratings_train.txt"):
        assets.load_nsmc("train", nsmc_dir=tmp_path)
    with pytest.raises(ValueError, match="split"):
        assets.load_nsmc("dev")


def test_model_defaults_to_the_shipped_tiny_bert(monkeypatch):
    monkeypatch.delenv("KIT_MODEL", raising=False)
    assert assets.model_name_or_path() == str(TINY_BERT)
    monkeypatch.setenv("KIT_MODEL", "bert-base-multilingual-cased")
    assert assets.model_name_or_path() == "bert-base-multilingual-cased"
