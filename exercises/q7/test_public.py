"""Public tests for question 7 (freezing and counting parameters). Run: pytest exercises/q7

Sizes come from model.config, so the same tests pass on any BERT (`--model`).
"""

import copy

import pandas as pd
import pytest
import torch

from kit.learn.checks import check_equal, check_type, fail, t

NUM_LABELS = 2


@pytest.fixture(scope="module")
def loaded_classifier(model_name, device):
    """The kit's BERT with a fresh 2-label head on the run's device, loaded once for this file."""
    from transformers import AutoModelForSequenceClassification
    from transformers.utils import logging

    logging.set_verbosity_error()
    with torch.random.fork_rng():
        torch.manual_seed(7)
        return AutoModelForSequenceClassification.from_pretrained(model_name,
                                                                  num_labels=NUM_LABELS).to(device)


@pytest.fixture
def classifier(loaded_classifier):
    """A private copy with every parameter trainable, so tests cannot leak into each other."""
    return copy.deepcopy(loaded_classifier)


def numel(parameters) -> int:
    return sum(p.numel() for p in parameters)


def frozen_names(model, prefix: str) -> list[str]:
    """Names of frozen parameters under `prefix` (relative to the whole model)."""
    return [n for n, p in model.named_parameters() if n.startswith(prefix) and not p.requires_grad]


def trainable_names(model, prefix: str) -> list[str]:
    return [n for n, p in model.named_parameters() if n.startswith(prefix) and p.requires_grad]


def test_count_parameters_counts_values_not_tensors(solution, classifier):
    total = solution.count_parameters(classifier)
    check_type(total, int, "q7.count_parameters")
    check_equal(total, numel(classifier.parameters()), "q7.count_parameters")


def test_count_parameters_trainable_only(solution, classifier):
    for parameter in classifier.base_model.embeddings.parameters():
        parameter.requires_grad = False
    expected = numel(p for p in classifier.parameters() if p.requires_grad)
    check_equal(solution.count_parameters(classifier, trainable_only=True), expected,
                "q7.count_parameters", "with trainable_only=True, after freezing the embeddings,")
    check_equal(solution.count_parameters(classifier), numel(classifier.parameters()),
                "q7.count_parameters", "with trainable_only=False, after freezing the embeddings,")


def test_freeze_encoder_leaves_only_the_head(solution, classifier):
    returned = solution.freeze_encoder(classifier)
    if returned is not classifier:
        fail("q7.freeze_encoder", "did not return the model it was given")
    prefix = classifier.base_model_prefix + "."
    left = trainable_names(classifier, prefix)
    pooler = f"{prefix}pooler."
    if left and all(name.startswith(pooler) for name in left):
        fail("q7.unfreeze_top_layers", "with n=0 left the pooler trainable; the pooler learns only when n > 0, so "
                                       "n=0 trains the head alone")
    if left:
        fail("q7.freeze_encoder", t("left {n_left} encoder parameters trainable, e.g. {example}",
                                    n_left=len(left), example=left[0]))
    head_frozen = [n for n, p in classifier.named_parameters()
                   if not n.startswith(prefix) and not p.requires_grad]
    if head_frozen:
        fail("q7.freeze_encoder", t("froze the task head too ({head_frozen}); it must learn", head_frozen=head_frozen))
    hidden = classifier.config.hidden_size
    check_equal(numel(p for p in classifier.parameters() if p.requires_grad),
                hidden * NUM_LABELS + NUM_LABELS, "q7.freeze_encoder",
                t("left a number of trainable values (hidden {hidden} x {NUM_LABELS} labels + bias)",
                  hidden=hidden, NUM_LABELS=NUM_LABELS))


def test_freeze_encoder_twice_is_the_same_as_once(solution, classifier):
    solution.freeze_encoder(classifier)
    once = [p.requires_grad for p in classifier.parameters()]
    solution.freeze_encoder(classifier)
    check_equal([p.requires_grad for p in classifier.parameters()], once, "q7.freeze_encoder",
                "changed requires_grad when called a second time: got")


def test_unfreeze_top_layers_one_layer(solution, classifier):
    base = classifier.base_model_prefix
    last = classifier.config.num_hidden_layers - 1
    returned = solution.unfreeze_top_layers(classifier, 1)
    if returned is not classifier:
        fail("q7.unfreeze_top_layers", "did not return the model it was given")
    where = "q7.unfreeze_top_layers"
    if trainable_names(classifier, f"{base}.embeddings."):
        fail(where, "with n=1 left the embeddings trainable; they stay frozen")
    for i in range(last):
        if trainable_names(classifier, f"{base}.encoder.layer.{i}."):
            fail(where, t("with n=1 left layer {i} trainable; only the last layer ({last}) learns", i=i, last=last))
    if frozen_names(classifier, f"{base}.encoder.layer.{last}."):
        fail(where, t("with n=1 froze the last layer ({last}); it must be trainable", last=last))
    if frozen_names(classifier, f"{base}.pooler."):
        fail(where, "with n=1 froze the pooler; it is trainable when n > 0")
    if frozen_names(classifier, "classifier."):
        fail(where, "froze the classification head; it is always trainable")


def test_unfreeze_top_layers_zero_is_feature_extraction(solution, classifier):
    solution.unfreeze_top_layers(classifier, 0)
    prefix = classifier.base_model_prefix + "."
    left = trainable_names(classifier, prefix)
    pooler = f"{prefix}pooler."
    if left and all(name.startswith(pooler) for name in left):
        fail("q7.unfreeze_top_layers", "with n=0 left the pooler trainable; the pooler learns only when n > 0, so "
                                       "n=0 trains the head alone")
    if left:
        fail("q7.unfreeze_top_layers", t("with n=0 left {n_left} encoder parameters trainable, e.g. {example}; only "
                                         "the head learns (hint: what is layers[-0:]?)",
                                         n_left=len(left), example=left[0]))
    if frozen_names(classifier, "classifier."):
        fail("q7.unfreeze_top_layers", "with n=0 froze the head; it is always trainable")


def test_unfreeze_top_layers_all_layers(solution, classifier):
    layers = classifier.config.num_hidden_layers
    solution.unfreeze_top_layers(classifier, layers)
    base = classifier.base_model
    check_equal(numel(p for p in classifier.parameters() if p.requires_grad),
                numel(classifier.parameters()) - numel(base.embeddings.parameters()),
                "q7.unfreeze_top_layers",
                t("with n={layers} (every layer) left a number of trainable values", layers=layers))


def test_unfreeze_top_layers_rejects_out_of_range(solution, classifier):
    layers = classifier.config.num_hidden_layers
    for n in (-1, layers + 1):
        try:
            solution.unfreeze_top_layers(classifier, n)
        except ValueError:
            continue
        fail("q7.unfreeze_top_layers", t("accepted n={n} for a {layers}-layer model; raise ValueError",
                                         n=n, layers=layers))


@pytest.mark.parametrize(
    ("n_labeled", "expected"),
    [(0, "feature_extraction"), (999, "feature_extraction"), (1_000, "compare_both"),
     (10_000, "compare_both"), (10_001, "full_finetuning"), (150_000, "full_finetuning")],
)
def test_choose_strategy_follows_the_guide(solution, n_labeled, expected):
    check_equal(solution.choose_strategy(n_labeled), expected, "q7.choose_strategy",
                t("returned, for {n_labeled:,} labelled examples,", n_labeled=n_labeled))


def test_choose_strategy_rejects_a_negative_count(solution):
    try:
        solution.choose_strategy(-1)
    except ValueError:
        return
    fail("q7.choose_strategy", "accepted -1 labelled examples; raise ValueError")


def test_trainable_summary_rows_in_model_order(solution, classifier):
    summary = solution.trainable_summary(classifier)
    check_type(summary, pd.DataFrame, "q7.trainable_summary")
    check_equal(list(summary.columns), ["block", "parameters", "trainable"],
                "q7.trainable_summary", "returned columns")
    layers = [f"encoder.layer.{i}" for i in range(classifier.config.num_hidden_layers)]
    check_equal(list(summary["block"]), ["embeddings", *layers, "pooler", "classifier"],
                "q7.trainable_summary", "returned blocks")


def test_trainable_summary_totals_after_freezing(solution, classifier):
    for parameter in classifier.base_model.parameters():
        parameter.requires_grad = False
    summary = solution.trainable_summary(classifier)
    check_equal(int(summary["parameters"].sum()), numel(classifier.parameters()),
                "q7.trainable_summary", 'returned a "parameters" column summing to')
    hidden = classifier.config.hidden_size
    check_equal([int(n) for n in summary["trainable"]],
                [0] * (len(summary) - 1) + [hidden * NUM_LABELS + NUM_LABELS],
                "q7.trainable_summary", 'returned, with only the head trainable, "trainable"')
