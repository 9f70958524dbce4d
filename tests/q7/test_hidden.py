"""Hidden tests for question 7: exact trainable counts against the reference, for several
num_labels, a BERT of another size, and non-BERT classifiers."""

import copy

import pytest
import torch
from hypothesis import example, given
from hypothesis import strategies as st

from kit.learn.checks import Text, check_equal, fail, t

NUM_LABELS = [1, 2, 5]


def _quiet():
    from transformers.utils import logging

    logging.set_verbosity_error()


@pytest.fixture(scope="session")
def kit_classifiers(model_name):
    """The kit's BERT with a fresh head for each num_labels, loaded once."""
    from transformers import AutoModelForSequenceClassification

    _quiet()
    with torch.random.fork_rng():
        torch.manual_seed(7)
        return {k: AutoModelForSequenceClassification.from_pretrained(model_name, num_labels=k)
                for k in NUM_LABELS}


@pytest.fixture(scope="session")
def other_classifiers(tokenizer):
    """A seeded random BERT of another size (hidden 48, 2 layers) for each num_labels."""
    from transformers import AutoModelForSequenceClassification, BertConfig

    models = {}
    with torch.random.fork_rng():
        torch.manual_seed(7)
        for k in NUM_LABELS:
            config = BertConfig(vocab_size=len(tokenizer), hidden_size=48, num_hidden_layers=2,
                                num_attention_heads=4, intermediate_size=96,
                                max_position_embeddings=128, num_labels=k)
            models[k] = AutoModelForSequenceClassification.from_config(config)
    return models


@pytest.fixture(scope="session")
def non_bert_classifiers():
    """Tiny DistilBERT and ELECTRA classifiers: other base_model names and other heads."""
    from transformers import AutoModelForSequenceClassification, DistilBertConfig, ElectraConfig

    configs = [
        DistilBertConfig(vocab_size=120, dim=32, n_layers=2, n_heads=2, hidden_dim=64,
                         max_position_embeddings=64, num_labels=3),
        ElectraConfig(vocab_size=120, embedding_size=16, hidden_size=32, num_hidden_layers=2,
                      num_attention_heads=2, intermediate_size=64, max_position_embeddings=64,
                      num_labels=3),
    ]
    with torch.random.fork_rng():
        torch.manual_seed(7)
        return [AutoModelForSequenceClassification.from_config(c) for c in configs]


@pytest.fixture(params=[(source, k) for source in ("kit", "other") for k in NUM_LABELS],
                ids=lambda p: f"{p[0]}-{p[1]}labels")
def bert_classifier(request, kit_classifiers, other_classifiers):
    """A copy of a shared classifier for this test alone: what the learner's code changes stays here
    (the shared ones are read-only to learner calls in graded runs)."""
    source, k = request.param
    return copy.deepcopy((kit_classifiers if source == "kit" else other_classifiers)[k])


@pytest.fixture(params=["distilbert", "electra"])
def non_bert(request, non_bert_classifiers):
    return copy.deepcopy(non_bert_classifiers[["distilbert", "electra"].index(request.param)])


def reset(model):
    """Every parameter trainable again."""
    for parameter in model.parameters():
        parameter.requires_grad = True
    return model


def trainable(model) -> list[str]:
    return [name for name, p in model.named_parameters() if p.requires_grad]


def reference_trainable(model, change) -> list[str]:
    """Trainable names after `change` (the reference) on a copy of `model`: the reference never runs on an
    object the learner's code changed, and the names depend only on the flags the test set."""
    return trainable(change(copy.deepcopy(model)))


def describe(model) -> Text:
    c = model.config
    return t("a {kind} (hidden {hidden}, {labels} labels)", kind=c.model_type, hidden=c.hidden_size,
             labels=c.num_labels)


def test_freeze_encoder_leaves_exactly_the_linear_head(solution, reference_solution,
                                                       bert_classifier):
    hidden, k = bert_classifier.config.hidden_size, bert_classifier.config.num_labels
    want = reference_solution.count_parameters(
        reference_solution.freeze_encoder(bert_classifier), trainable_only=True)
    reset(bert_classifier)
    solution.freeze_encoder(bert_classifier)
    got = sum(p.numel() for p in bert_classifier.parameters() if p.requires_grad)
    check_equal(got, hidden * k + k, "q7.freeze_encoder",
                t("left, for {model}, a number of trainable values", model=describe(bert_classifier)))
    check_equal(got, want, "q7.freeze_encoder", "left a number of trainable values")


def test_count_parameters_matches_reference(solution, reference_solution, bert_classifier):
    where = t("for {model}", model=describe(bert_classifier))
    for only in (False, True):
        check_equal(solution.count_parameters(bert_classifier, trainable_only=only),
                    reference_solution.count_parameters(bert_classifier, trainable_only=only),
                    "q7.count_parameters", t("returned, {where}, trainable_only={only},", where=where, only=only))
    reference_solution.unfreeze_top_layers(bert_classifier, 1)
    check_equal(solution.count_parameters(bert_classifier, trainable_only=True),
                reference_solution.count_parameters(bert_classifier, trainable_only=True),
                "q7.count_parameters", t("returned, {where} with only its top layer unfrozen,", where=where))


def test_count_parameters_counts_tied_weights_once(solution, reference_solution, mlm_model):
    check_equal(solution.count_parameters(mlm_model),
                reference_solution.count_parameters(mlm_model), "q7.count_parameters",
                "returned, for a masked-LM model whose output layer shares the word embeddings,")


def test_freeze_encoder_works_beyond_bert(solution, reference_solution, non_bert):
    want = reference_trainable(non_bert, reference_solution.freeze_encoder)
    solution.freeze_encoder(non_bert)
    check_equal(trainable(non_bert), want, "q7.freeze_encoder",
                t("left trainable, for {model},", model=describe(non_bert)))
    solution.freeze_encoder(non_bert)
    check_equal(trainable(non_bert), want, "q7.freeze_encoder",
                t("left trainable, for {model} frozen twice,", model=describe(non_bert)))


def test_unfreeze_top_layers_matches_reference(solution, reference_solution, bert_classifier):
    layers = bert_classifier.config.num_hidden_layers
    for n in range(layers + 1):
        want = reference_trainable(bert_classifier,
                                   lambda m, n=n: reference_solution.unfreeze_top_layers(m, n))
        solution.unfreeze_top_layers(bert_classifier, n)
        check_equal(trainable(bert_classifier), want, "q7.unfreeze_top_layers",
                    t("with n={n}, for {model} of {layers} layers, left trainable",
                      n=n, model=describe(bert_classifier), layers=layers))
        reset(bert_classifier)


def test_unfreeze_top_layers_ignores_the_previous_state(solution, reference_solution,
                                                        bert_classifier):
    layers = bert_classifier.config.num_hidden_layers
    want = reference_trainable(bert_classifier,
                               lambda m: reference_solution.unfreeze_top_layers(m, 1))
    for before in (layers, 0):
        model = copy.deepcopy(bert_classifier)  # a model the learner's code has not changed yet
        reference_solution.unfreeze_top_layers(model, before)
        solution.unfreeze_top_layers(model, 1)
        check_equal(trainable(model), want, "q7.unfreeze_top_layers",
                    t("with n=1 after n={before}, left trainable", before=before))


def test_unfreeze_top_layers_makes_a_frozen_head_trainable_again(solution, bert_classifier):
    """The head is always trainable, whatever was frozen before: even after every parameter was frozen."""
    base = {id(p) for p in bert_classifier.base_model.parameters()}
    for parameter in bert_classifier.parameters():
        parameter.requires_grad = False
    solution.unfreeze_top_layers(bert_classifier, 1)
    frozen_head = [name for name, p in bert_classifier.named_parameters() if id(p) not in base and not p.requires_grad]
    if frozen_head:
        fail("q7.unfreeze_top_layers", t("with n=1 on a model whose every parameter was frozen, left the head frozen "
                                         "({names}); the head is always trainable, whatever was frozen before, so "
                                         "set its requires_grad to True too", names=frozen_head))


def test_unfreeze_top_layers_range(solution, bert_classifier):
    layers = bert_classifier.config.num_hidden_layers
    for n in (-2, -1, layers + 1, layers + 5):
        try:
            solution.unfreeze_top_layers(bert_classifier, n)
        except ValueError:
            continue
        fail("q7.unfreeze_top_layers", t("accepted n={n} for a {layers}-layer model", n=n, layers=layers))
    solution.unfreeze_top_layers(bert_classifier, layers)  # the top of the range is allowed


# The explicit @example runs first, so a stub or a plainly wrong answer fails at once
# instead of after seconds of shrinking.
@given(n_labeled=st.one_of(st.integers(min_value=0, max_value=50_000),
                           st.sampled_from([999, 1_000, 1_001, 9_999, 10_000, 10_001])))
@example(n_labeled=1_000)
def test_choose_strategy_matches_reference(solution, reference_solution, n_labeled):
    check_equal(solution.choose_strategy(n_labeled), reference_solution.choose_strategy(n_labeled),
                "q7.choose_strategy", t("returned, for {n_labeled:,} labelled examples,", n_labeled=n_labeled))


@given(n_labeled=st.integers(max_value=-1, min_value=-10**6))
@example(n_labeled=-1)
def test_choose_strategy_rejects_any_negative_count(solution, n_labeled):
    try:
        solution.choose_strategy(n_labeled)
    except ValueError:
        return
    fail("q7.choose_strategy", t("accepted {n_labeled} labelled examples; raise ValueError", n_labeled=n_labeled))


@pytest.mark.parametrize("state", ["all", "frozen", "top1"])
def test_trainable_summary_matches_reference(solution, reference_solution, bert_classifier, state):
    if state == "frozen":
        reference_solution.freeze_encoder(bert_classifier)
    elif state == "top1":
        reference_solution.unfreeze_top_layers(bert_classifier, 1)
    got = solution.trainable_summary(bert_classifier)
    want = reference_solution.trainable_summary(bert_classifier)
    what = t("returned, for {model} ({state} trainable),", model=describe(bert_classifier), state=state)
    check_equal(list(got.columns), list(want.columns), "q7.trainable_summary", t("{what} columns", what=what))
    for column in want.columns:
        plain = str if column == "block" else int
        check_equal([plain(c) for c in got[column]], [plain(c) for c in want[column]],
                    "q7.trainable_summary", t('{what} "{column}"', what=what, column=column))
    for column, only in (("parameters", False), ("trainable", True)):
        check_equal(int(got[column].sum()),
                    reference_solution.count_parameters(bert_classifier, trainable_only=only),
                    "q7.trainable_summary", t('{what} a "{column}" column summing to', what=what, column=column))
