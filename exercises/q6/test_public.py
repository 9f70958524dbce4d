"""Public tests for question 6 ([CLS] vector, mean pooling, the pooler). Run: pytest exercises/q6

Sizes come from model.config, so the same tests pass on any BERT (`--model`).
"""

import torch

from kit.learn.checks import check_close, check_shape, fail

TEXTS = ["정말 재미있는 영화였어요", "별로", "배우들의 연기가 훌륭하고 스토리도 좋았다"]


def batch_of(tokenizer, texts=TEXTS):
    return tokenizer(texts, padding=True, return_tensors="pt")


def test_cls_embedding_has_one_vector_per_text(solution, encoder, tokenizer):
    cls = solution.cls_embedding(encoder, batch_of(tokenizer).to(encoder.device))
    check_shape(cls, "q6.cls_embedding", "returned", batch=3, hidden=encoder.config.hidden_size)
    if cls.requires_grad:
        fail("q6.cls_embedding", "returned a tensor that requires grad; run the model under "
             "torch.no_grad()")


def test_cls_embedding_is_the_last_hidden_state_at_position_0(solution, encoder, tokenizer):
    inputs = batch_of(tokenizer).to(encoder.device)  # the inputs go where the model is
    with torch.no_grad():
        expected = encoder(**inputs).last_hidden_state[:, 0]
        unmasked = encoder(input_ids=inputs["input_ids"]).last_hidden_state[:, 0]
    got = solution.cls_embedding(encoder, inputs)
    if isinstance(got, torch.Tensor) and got.shape == unmasked.shape and \
            torch.allclose(got.detach().cpu(), unmasked.cpu(), atol=1e-5, rtol=1e-5):
        fail("q6.cls_embedding", "returned the [CLS] vectors of a forward without the attention_mask, so [CLS] "
                                 "attended to the padding of the shorter texts; pass the mask too: model(**inputs)")
    # Same computation on the same inputs: only float32 rounding (~1e-7) may differ.
    check_close(got, expected, "q6.cls_embedding",
                atol=1e-5, rtol=1e-5, what="returned vectors that, against last_hidden_state[:, 0],")


def test_mean_pooling_averages_real_tokens_only(solution):
    hidden = torch.randn(3, 5, 4)
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0], [1, 1, 1, 0, 0]])
    expected = torch.stack([hidden[i, mask[i] == 1].mean(dim=0) for i in range(3)])
    pooled = solution.mean_pooling(hidden, mask)
    check_shape(pooled, "q6.mean_pooling", "returned", batch=3, hidden=4)
    check_close(pooled, expected, "q6.mean_pooling", atol=1e-6, rtol=1e-6,
                what="returned means that, against the mean over real tokens,")


def test_mean_pooling_never_reads_padding(solution):
    hidden = torch.randn(2, 6, 8)
    mask = torch.tensor([[1, 1, 1, 1, 0, 0], [1, 1, 0, 0, 0, 0]])
    noisy = hidden.clone()
    noisy[mask == 0] = 1e4
    check_close(solution.mean_pooling(noisy, mask), solution.mean_pooling(hidden, mask),
                "q6.mean_pooling", atol=1e-5, rtol=1e-5,
                what="changed when only the padded positions changed: it")


def test_mean_pooling_gives_zeros_not_nan_for_an_empty_row(solution):
    hidden = torch.randn(2, 4, 8)
    mask = torch.tensor([[1, 1, 0, 0], [0, 0, 0, 0]])
    pooled = solution.mean_pooling(hidden, mask)
    check_shape(pooled, "q6.mean_pooling", "returned", batch=2, hidden=8)
    if not torch.isfinite(pooled).all():
        fail("q6.mean_pooling", "returned NaN or inf for a row with no real token; clamp the "
             "token count to at least 1 before dividing")
    check_close(pooled[1], torch.zeros(8), "q6.mean_pooling", atol=0, rtol=0,
                what="returned, for a row with no real token,")


def test_pooler_from_cls_matches_pooler_output(solution, encoder, tokenizer):
    inputs = batch_of(tokenizer).to(encoder.device)  # the inputs go where the model is
    with torch.no_grad():
        outputs = encoder(**inputs)
    pooled = solution.pooler_from_cls(encoder, outputs.last_hidden_state[:, 0])
    check_shape(pooled, "q6.pooler_from_cls", "returned", batch=3,
                hidden=encoder.config.hidden_size)
    # dense + tanh by hand repeats the pooler's own operations: float32 agrees to ~1e-7.
    check_close(pooled, outputs.pooler_output, "q6.pooler_from_cls", atol=1e-6, rtol=1e-5,
                what="returned vectors that, against the model's pooler_output,")
