"""kit.isolation.outfiles: what a learner's code wrote is copied out by descriptors, never through a link."""

import os

from kit.isolation.outfiles import copy_out


def test_regular_files_are_copied_and_links_are_not_followed(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("the answer key", encoding="utf-8")
    root = tmp_path / "scratch"
    saved = root / "learner-files" / "test0" / "saved"
    (saved / "inner").mkdir(parents=True)
    (saved / "config.json").write_text("{}", encoding="utf-8")
    (saved / "inner" / "vocab.txt").write_text("[PAD]", encoding="utf-8")
    os.symlink(secret / "key.txt", saved / "linked.txt")
    os.symlink(secret, saved / "linked-folder")
    left = copy_out(root, saved.relative_to(root), tmp_path / "copy", budget=1 << 20)
    copied = sorted(p.relative_to(tmp_path / "copy").as_posix() for p in (tmp_path / "copy").rglob("*"))
    assert copied == ["config.json", "inner", "inner/vocab.txt"], copied
    assert any("linked.txt" in line for line in left) and any("linked-folder" in line for line in left), left


def test_a_folder_of_the_path_swapped_for_a_link_is_not_followed(tmp_path):
    secret = tmp_path / "secret"
    (secret / "saved").mkdir(parents=True)
    (secret / "saved" / "key.txt").write_text("the answer key", encoding="utf-8")
    root = tmp_path / "scratch"
    (root / "learner-files").mkdir(parents=True)
    os.symlink(secret, root / "learner-files" / "test0")  # the worker replaced its folder by a link
    left = copy_out(root, root.joinpath("learner-files", "test0", "saved").relative_to(root), tmp_path / "copy",
                    budget=1 << 20)
    assert not (tmp_path / "copy").exists() or not any((tmp_path / "copy").rglob("*")), left
    assert left


def test_what_goes_past_the_budget_is_left_out(tmp_path):
    root = tmp_path / "scratch"
    saved = root / "saved"
    saved.mkdir(parents=True)
    (saved / "a.bin").write_bytes(b"x" * 1000)
    (saved / "b.bin").write_bytes(b"y" * 1000)
    left = copy_out(root, saved.relative_to(root), tmp_path / "copy", budget=1500)
    assert (tmp_path / "copy" / "a.bin").stat().st_size == 1000 and not (tmp_path / "copy" / "b.bin").exists()
    assert any("budget" in line for line in left), left
