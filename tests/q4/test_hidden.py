"""Hidden tests for question 4: agreement with the reference, on the kit's model and on another size."""

import pytest
import torch

from kit.learn.checks import check_close, check_equal, check_shape, fail, t
from kit.tiny_models import save_random_bert

TEXTS = ["연기, 연출, 음악 모두 완벽했던 영화", "노잼", "Natural Language Processing 자연어 처리", ""]


@pytest.fixture(scope="module")
def other_bert(tmp_path_factory):
    """A random BERT of another size (hidden 64, 2 layers) with its tokenizer."""
    from transformers import AutoModel, AutoTokenizer

    path = save_random_bert(tmp_path_factory.mktemp("bert") / "other", hidden=64, layers=2, heads=4)
    return AutoModel.from_pretrained(path).eval(), AutoTokenizer.from_pretrained(path), path


def test_forward_matches_reference(solution, reference_solution, encoder, tokenizer):
    got = solution.forward(encoder, tokenizer, TEXTS)
    want = reference_solution.forward(encoder, tokenizer, TEXTS)
    check_close(got.last_hidden_state, want.last_hidden_state, "q4.forward", atol=1e-5, rtol=1e-5,
                what="returned last_hidden_state that")
    check_close(got.pooler_output, want.pooler_output, "q4.forward", atol=1e-5, rtol=1e-5,
                what="returned pooler_output that")


def test_forward_is_deterministic_on_the_loaded_model(solution, model_name):
    model, tokenizer = solution.load_encoder(model_name)
    first = solution.forward(model, tokenizer, TEXTS).last_hidden_state
    second = solution.forward(model, tokenizer, TEXTS).last_hidden_state
    check_close(second, first, "q4.forward", atol=0, rtol=0, what="gave, on a second identical call, a result that")


def test_other_size_model_gives_config_shapes(solution, other_bert):
    model, tokenizer, _ = other_bert
    outputs = solution.forward(model, tokenizer, TEXTS)
    seq = tokenizer(TEXTS, padding=True, return_tensors="pt")["input_ids"].shape[1]
    check_shape(outputs.last_hidden_state, "q4.forward", "returned, for a hidden-64 BERT, last_hidden_state with",
                batch=4, seq=seq, hidden=64)
    check_equal(solution.output_shapes(outputs), {"last_hidden_state": (4, seq, 64), "pooler_output": (4, 64)},
                "q4.output_shapes", "returned, for a hidden-64 BERT,")


def test_load_encoder_other_size_matches_reference(solution, reference_solution, other_bert):
    _, _, path = other_bert
    model, tokenizer = solution.load_encoder(str(path))
    want_model, _ = reference_solution.load_encoder(str(path))
    if model.training:
        fail("q4.load_encoder", "returned a model in training mode")
    check_close(model.pooler.dense.weight, want_model.pooler.dense.weight, "q4.load_encoder", atol=0, rtol=0,
                what="returned a model whose pooler weights")


@pytest.mark.parametrize("text", TEXTS)
def test_all_layer_states_match_reference(solution, reference_solution, encoder, tokenizer, text):
    got = solution.all_layer_states(encoder, tokenizer, text)
    want = reference_solution.all_layer_states(encoder, tokenizer, text)
    check_equal(len(got), len(want), "q4.all_layer_states", "returned a number of states")
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        check_close(g, w, "q4.all_layer_states", atol=1e-5, rtol=1e-5, what=t("returned state {i} that", i=i))
        if g.requires_grad:
            fail("q4.all_layer_states", t("returned state {i} requiring grad; use torch.no_grad()", i=i))


def test_all_layer_states_other_size(solution, other_bert):
    model, tokenizer, _ = other_bert
    states = solution.all_layer_states(model, tokenizer, TEXTS[0])
    check_equal(len(states), 3, "q4.all_layer_states", "returned, for a 2-layer BERT, a number of states")
    with torch.no_grad():
        last = model(**tokenizer(TEXTS[0], return_tensors="pt").to(model.device)).last_hidden_state
    check_close(states[-1], last, "q4.all_layer_states", atol=1e-5, rtol=1e-5,
                what="returned, for a 2-layer BERT, a last state that")
