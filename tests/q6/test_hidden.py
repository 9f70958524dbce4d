"""Hidden tests for question 6: padding invariance, agreement with the reference, another size."""

import pytest
import torch
from hypothesis import example, given
from hypothesis import strategies as st

from kit.learn.checks import check_close, check_shape, fail, t

TEXTS = ["연기, 연출, 음악 모두 완벽했던 영화", "노잼", "Natural Language Processing 자연어 처리", ""]

# Padding a batch further reorders float32 sums inside attention: measured differences are
# ~5e-7 on values up to ~4; a wrong solution moves them by 0.1 or more.
PADDING_TOL = {"atol": 1e-5, "rtol": 1e-5}


@pytest.fixture(scope="session")
def other_encoder(tokenizer):
    """A seeded random BERT of another size (hidden 48, 2 layers) sharing the kit tokenizer.

    Its biases are drawn at random too (a fresh BertConfig starts them at zero), as in a
    trained model, so that a pooler without its bias is told apart.
    """
    from transformers import AutoModel, BertConfig

    config = BertConfig(vocab_size=len(tokenizer), hidden_size=48, num_hidden_layers=2,
                        num_attention_heads=4, intermediate_size=96, max_position_embeddings=128,
                        pad_token_id=tokenizer.pad_token_id)
    with torch.random.fork_rng():
        torch.manual_seed(6)
        model = AutoModel.from_config(config).eval()
        with torch.no_grad():
            for name, parameter in model.named_parameters():
                if name.endswith(".bias"):
                    parameter.normal_(0.0, 0.1)
    return model


@pytest.fixture(params=["kit", "other"])
def any_encoder(request, encoder, other_encoder):
    return encoder if request.param == "kit" else other_encoder


def padded_twice(tokenizer, device, texts=TEXTS):
    """The same batch padded to its longest text, and padded 9 positions further, on `device`."""
    short = tokenizer(texts, padding=True, return_tensors="pt")
    longer = tokenizer(texts, padding="max_length", max_length=short["input_ids"].shape[1] + 9,
                       return_tensors="pt")
    return short.to(device), longer.to(device)


def test_cls_embedding_matches_reference(solution, reference_solution, any_encoder, tokenizer):
    inputs = tokenizer(TEXTS, padding=True, return_tensors="pt").to(any_encoder.device)
    got = solution.cls_embedding(any_encoder, inputs)
    want = reference_solution.cls_embedding(any_encoder, inputs)
    check_shape(got, "q6.cls_embedding", "returned", batch=len(TEXTS),
                hidden=any_encoder.config.hidden_size)
    with torch.no_grad():
        unmasked = any_encoder(input_ids=inputs["input_ids"]).last_hidden_state[:, 0]
    if not torch.allclose(got.detach().cpu(), want.cpu(), atol=1e-5, rtol=1e-5) and \
            torch.allclose(got.detach().cpu(), unmasked.cpu(), atol=1e-5, rtol=1e-5):
        fail("q6.cls_embedding", "returned the [CLS] vectors of a forward without attention_mask: [CLS] attended to "
                                 "the padding; call the model with the mask too (model(**inputs))")
    check_close(got, want, "q6.cls_embedding", atol=1e-5, rtol=1e-5)
    if got.requires_grad:
        fail("q6.cls_embedding", "returned a tensor that requires grad; use torch.no_grad()")


def test_cls_embedding_unchanged_by_more_padding(solution, any_encoder, tokenizer):
    short, longer = padded_twice(tokenizer, any_encoder.device)
    check_close(solution.cls_embedding(any_encoder, longer),
                solution.cls_embedding(any_encoder, short), "q6.cls_embedding", **PADDING_TOL,
                what="changed when the batch was padded 9 positions further: it")


def test_mean_pooling_unchanged_by_more_padding(solution, any_encoder, tokenizer):
    short, longer = padded_twice(tokenizer, any_encoder.device)
    with torch.no_grad():
        short_states = any_encoder(**short).last_hidden_state
        longer_states = any_encoder(**longer).last_hidden_state
    check_close(solution.mean_pooling(longer_states, longer["attention_mask"]),
                solution.mean_pooling(short_states, short["attention_mask"]), "q6.mean_pooling",
                **PADDING_TOL, what="changed when the batch was padded 9 positions further: it")


def test_mean_pooling_matches_reference_on_model_output(solution, reference_solution, any_encoder,
                                                        tokenizer):
    inputs = tokenizer(TEXTS, padding=True, return_tensors="pt").to(any_encoder.device)
    with torch.no_grad():
        states = any_encoder(**inputs).last_hidden_state
    got = solution.mean_pooling(states, inputs["attention_mask"])
    want = reference_solution.mean_pooling(states, inputs["attention_mask"])
    check_close(got, want, "q6.mean_pooling", atol=1e-6, rtol=1e-5)


# The explicit @example runs first, so a stub or a plainly wrong answer fails at once
# instead of after seconds of shrinking.
@given(
    lengths=st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=5),
    extra=st.integers(min_value=0, max_value=3),
    hidden=st.integers(min_value=1, max_value=6),
)
@example(lengths=[3, 0, 5], extra=1, hidden=4)
def test_mean_pooling_matches_reference_on_any_mask(solution, reference_solution, lengths, extra,
                                                    hidden):
    seq = max(lengths) + extra
    states = torch.randn(len(lengths), max(seq, 1), hidden)
    mask = torch.tensor([[1] * n + [0] * (states.shape[1] - n) for n in lengths])
    got = solution.mean_pooling(states, mask)
    check_shape(got, "q6.mean_pooling", t("returned, for a mask of rows {lengths},", lengths=lengths),
                batch=len(lengths), hidden=hidden)
    check_close(got, reference_solution.mean_pooling(states, mask), "q6.mean_pooling",
                atol=1e-6, rtol=1e-5, what=t("returned, for a mask of rows {lengths}, means that", lengths=lengths))


def test_mean_pooling_of_identical_vectors_is_that_vector(solution):
    vector = torch.linspace(-2, 3, 16)
    states = vector.expand(3, 7, 16).clone()
    mask = torch.tensor([[1] * 7, [1, 1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0]])
    check_close(solution.mean_pooling(states, mask), vector.expand(3, 16), "q6.mean_pooling",
                atol=1e-6, rtol=1e-6, what="returned, for rows of one repeated vector,")


def test_pooler_from_cls_matches_pooler_output(solution, any_encoder, tokenizer):
    inputs = tokenizer(TEXTS, padding=True, return_tensors="pt").to(any_encoder.device)
    with torch.no_grad():
        outputs = any_encoder(**inputs)
    check_close(solution.pooler_from_cls(any_encoder, outputs.last_hidden_state[:, 0]),
                outputs.pooler_output, "q6.pooler_from_cls", atol=1e-6, rtol=1e-5,
                what="returned vectors that, against the model's pooler_output,")


def test_pooled_vector_differs_from_raw_cls(solution, any_encoder, tokenizer):
    inputs = tokenizer(TEXTS, padding=True, return_tensors="pt").to(any_encoder.device)
    with torch.no_grad():
        cls = any_encoder(**inputs).last_hidden_state[:, 0]
    pooled = solution.pooler_from_cls(any_encoder, cls)
    check_shape(pooled, "q6.pooler_from_cls", "returned", batch=len(TEXTS),
                hidden=any_encoder.config.hidden_size)
    if not pooled.abs().max() <= 1:  # NaN fails too
        fail("q6.pooler_from_cls", t("returned values up to {largest:.3g}; tanh keeps the pooled vector inside [-1, 1]",
                                     largest=pooled.abs().max()))
    if torch.allclose(pooled.detach(), cls, atol=1e-3):
        fail("q6.pooler_from_cls", "returned the [CLS] vector unchanged; the pooler applies a "
             "dense layer and tanh to it")
