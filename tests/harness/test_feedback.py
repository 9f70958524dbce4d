"""Feedback that misled learners (issue 13, part 4): each case runs the real tests on a wrong
submission and reads what the learner would read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from transformers import AutoTokenizer

from kit.authoring.mutants import Mutant, mutant_source
from kit.messages import msg
from kit.paths import HIDDEN_TESTS, REFERENCE, ROOT, SOLUTION_FILE, TINY_BERT

MUTANTS = HIDDEN_TESTS / "mutants"


def submission(tmp_path: Path, question: str, patch: str = "", mutant: str = "") -> Path:
    """A submission folder: the reference of `question` with `patch`, or a known mutant's definitions, appended."""
    folder = tmp_path / "submission" / question
    folder.mkdir(parents=True)
    if mutant:
        source = mutant_source(Mutant(question, mutant, MUTANTS / question / f"{mutant}.py"))
    else:
        source = (REFERENCE / question / SOLUTION_FILE).read_text(encoding="utf-8") + "\n\n" + patch
    (folder / SOLUTION_FILE).write_text(source, encoding="utf-8")
    return folder.parent


def run_tests(tmp_path: Path, impl: Path, *selection: str, options: tuple[str, ...] = ()) -> tuple[str, dict]:
    """pytest's output and {test name: failure message} for the selected tests run on `impl`."""
    records = tmp_path / "records.json"
    done = subprocess.run([sys.executable, "-m", "pytest", *selection, "--impl", str(impl), "-q", "-p", "no:randomly",
                           "-p", "no:cacheprovider", "--kit-json", str(records), *options],
                          cwd=ROOT, capture_output=True, text=True, timeout=240, env=os.environ.copy())
    failed = {r["nodeid"].split("::")[-1]: r["message"] for r in json.loads(records.read_text(encoding="utf-8"))
              if r["outcome"] == "failed"} if records.is_file() else {}
    return done.stdout + done.stderr, failed


def test_q3_decode_of_a_flat_tensor_expects_the_text_not_the_learners_own_output(tmp_path):
    impl = submission(tmp_path, "q3", mutant="decode_first_row_only")
    _, failed = run_tests(tmp_path, impl, "exercises/q3/test_public.py::test_decode_accepts_a_flat_tensor_and_a_list")
    message = failed["test_decode_accepts_a_flat_tensor_and_a_list"]
    tokens = AutoTokenizer.from_pretrained(TINY_BERT).tokenize("배우 연기 최고")
    assert repr(tokens) in message, message


def test_q6_a_list_instead_of_a_tensor_is_named_never_a_crash_in_the_checks(tmp_path):
    impl = submission(tmp_path, "q6", "def cls_embedding(model, inputs):\n    with torch.no_grad():\n"
                                      "        return model(**inputs).last_hidden_state[:, 0].tolist()\n")
    output, failed = run_tests(tmp_path, impl, "exercises/q6", "tests/q6", "-k", "cls_embedding")
    assert failed and "checks.py" not in output and "AttributeError" not in output, output
    said = msg("check.type", what="WHAT", actual="list", expected="Tensor").split("WHAT")[1]
    for name, message in failed.items():
        assert said in message, (name, message)


def test_q9_evaluate_in_training_mode_says_eval_mode_and_dropout(tmp_path):
    impl = submission(tmp_path, "q9", mutant="evaluate_in_train_mode")
    _, failed = run_tests(tmp_path, impl, "exercises/q9/test_public.py::test_evaluate_is_the_accuracy_in_eval_mode")
    message = failed["test_evaluate_is_the_accuracy_in_eval_mode"]
    assert "model.eval()" in message and "dropout" in message, message


def test_q10_a_folder_without_the_tokenizer_is_named_and_no_load_report_is_printed(tmp_path):
    impl = submission(tmp_path, "q10", mutant="save_model_only")
    output, failed = run_tests(tmp_path, impl, "exercises/q10/test_public.py", "-k", "save_for_pipeline")
    message = failed["test_save_for_pipeline_predicts_like_the_model_in_memory"]
    assert "tokenizer.save_pretrained(path)" in message, message
    assert "LOAD REPORT" not in output and "UNEXPECTED" not in output, output


@pytest.mark.parametrize("method", ["encode_plus", "batch_encode_plus"])
def test_a_removed_tokenizer_method_says_what_replaces_it(tmp_path, method):
    impl = submission(tmp_path, "q3", f"def encode(text, tokenizer, max_length=20):\n"
                                      f"    return tokenizer.{method}(text, max_length=max_length)\n")
    output, failed = run_tests(tmp_path, impl, "exercises/q3/test_public.py", "-k", "encode")
    note = msg("plugin.encode_plus", name=method)
    assert failed and all(note in message for message in failed.values()), failed
    assert note in output


@pytest.mark.parametrize("model", ["kit-tests/not-a-cached-model", "./no/such/folder"])
def test_a_model_that_is_not_on_disk_fails_once_with_one_message(tmp_path, model):
    output, failed = run_tests(tmp_path, REFERENCE, "exercises/q3", options=("--model", model))
    assert not failed and "Traceback" not in output and len(output.splitlines()) < 5, output
    assert model in output and ("hf download" in output or "config.json" not in output), output


def test_the_static_policy_advises_during_pytest_exercises_and_never_for_an_honest_solution(tmp_path):
    """Issue 11: the policy is advice, shown while learning (not only beside a grade), in the learner's language."""
    title = msg("grader.advice").rstrip(":")
    flagged = submission(tmp_path / "flagged", "q5", patch="import subprocess\n")
    out, failed = run_tests(tmp_path / "flagged", flagged, "exercises/q5/test_public.py")
    assert not failed and title in out, out[-2000:]
    line = next(text for text in out.splitlines() if "subprocess" in text and text.startswith("q5 "))
    assert msg("policy.why.processes") in line, line
    honest = submission(tmp_path / "honest", "q5")
    out, failed = run_tests(tmp_path / "honest", honest, "exercises/q5/test_public.py")
    assert not failed and title not in out, out[-2000:]


# Issue 14: each wrong variant (a mutant) is run through the test that catches it; the message the learner
# reads must name the mistake (phrases of the Korean catalogue entry), never show a crash of the check.
NAMED_MISTAKES = [
    ("q3", "encode_slices_off_the_sep", "exercises/q3/test_public.py",
     "test_encode_truncates_a_long_review_to_max_length", ["[SEP]까지 잘려", "truncation=True"]),
    ("q3", "encode_slices_off_the_sep", "tests/q3/test_hidden.py", "test_encode_layout_holds_for_any_review",
     ["[SEP]가 없는", "truncation=True"]),
    ("q5", "encode_pair_only_first", "exercises/q5/test_public.py",
     "test_encode_pair_cuts_the_longer_sentence_first_when_it_is_b", ["only_first", "longest-first"]),
    ("q5", "encode_pair_only_first", "tests/q5/test_hidden.py", "test_encode_pair_matches_the_reference",
     ["only_first", "longest-first"]),
    ("q5", "encode_pair_only_first", "tests/q5/test_hidden.py",
     "test_encode_pair_splits_the_budget_as_specified_on_ties_and_odd_budgets",
     ["only_first", "한 문장만", "longest-first"]),
    ("q6", "cls_without_attention_mask", "exercises/q6/test_public.py",
     "test_cls_embedding_is_the_last_hidden_state_at_position_0", ["attention_mask 없이", "model(**inputs)"]),
    ("q6", "cls_without_attention_mask", "tests/q6/test_hidden.py", "test_cls_embedding_matches_reference",
     ["attention_mask 없이", "model(**inputs)"]),
    ("q7", "unfreeze_pooler_always", "exercises/q7/test_public.py",
     "test_unfreeze_top_layers_zero_is_feature_extraction", ["pooler를 학습 가능하게", "n > 0일 때만"]),
    ("q7", "unfreeze_leaves_head_as_it_was", "tests/q7/test_hidden.py",
     "test_unfreeze_top_layers_makes_a_frozen_head_trainable_again", ["head를 고정된 채로", "requires_grad"]),
    ("q8", "stats_rounds_tokens_per_word", "exercises/q8/test_public.py",
     "test_tokenization_stats_counts_the_lesson_texts", ["반올림"]),
    ("q9", "train_no_zero_grad", "exercises/q9/test_public.py",
     "test_train_epoch_zeroes_gradients_before_each_backward", ["optimizer.zero_grad()", "두 배치의 gradient"]),
    ("q10", "run_calls_per_review", "tests/q10/test_hidden.py",
     "test_run_pipeline_calls_the_pipeline_once_for_the_whole_batch", ["번 불렀습니다", "한 배치"]),
    ("q10", "stars_empty_label_index_error", "exercises/q10/test_public.py",
     "test_stars_to_sentiment_refuses_other_labels", ["IndexError", "ValueError"]),
]


@pytest.mark.parametrize(("question", "mutant", "path", "test", "phrases"), NAMED_MISTAKES,
                         ids=[f"{case[1]}-{case[2].split('/')[0]}" for case in NAMED_MISTAKES])
def test_a_wrong_variant_is_told_its_mistake(tmp_path, monkeypatch, question, mutant, path, test, phrases):
    monkeypatch.delenv("KIT_LANG", raising=False)
    impl = submission(tmp_path, question, mutant=mutant)
    _, failed = run_tests(tmp_path, impl, path, "-k", test)
    messages = [message for name, message in failed.items() if name.split("[")[0] == test]
    assert messages, failed
    for message in messages:
        assert all(phrase in message for phrase in phrases), message
        assert "Traceback" not in message and "Falsifying example" not in message, message
