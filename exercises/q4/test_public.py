"""Public tests for question 4 (model outputs). Run: pytest exercises/q4

Expected shapes come from model.config, so the same tests pass on any BERT (`--model`).
"""

import torch

from kit.learn.checks import check_close, check_equal, check_shape, check_type, fail, t
from kit.tiny_models import save_random_bert

TEXTS = ["정말 재미있는 영화였어요", "별로", "배우들의 연기가 훌륭하고 스토리도 좋았다"]


def test_load_encoder_returns_model_in_eval_mode_and_its_tokenizer(solution, model_name, encoder):
    model, tokenizer = solution.load_encoder(model_name)
    if model.training:
        fail("q4.load_encoder", "returned a model in training mode; call model.eval() (dropout is on)")
    check_equal(type(model).__name__, type(encoder).__name__, "q4.load_encoder", "returned a model of class")
    check_equal(len(tokenizer), model.config.vocab_size, "q4.load_encoder",
                "returned a tokenizer whose vocabulary size is")


def test_load_encoder_loads_the_model_it_is_given(solution, tmp_path):
    other = save_random_bert(tmp_path / "other-bert", hidden=48, layers=1, heads=2)
    model, tokenizer = solution.load_encoder(str(other))
    check_equal((model.config.hidden_size, model.config.num_hidden_layers), (48, 1), "q4.load_encoder",
                "given a BERT folder of hidden 48 and 1 layer, returned a model of (hidden, layers)")


def test_load_encoder_with_none_loads_the_kit_model(solution, encoder):
    model, _ = solution.load_encoder(None)
    check_equal(model.config.hidden_size, encoder.config.hidden_size, "q4.load_encoder",
                "with None returned a model of hidden size")
    check_close(model.embeddings.word_embeddings.weight[:5], encoder.embeddings.word_embeddings.weight[:5],
                "q4.load_encoder", atol=0, rtol=0, what="with None returned embeddings whose first rows")


def test_forward_shapes_follow_the_config(solution, encoder, tokenizer):
    outputs = solution.forward(encoder, tokenizer, TEXTS)
    seq = tokenizer(TEXTS, padding=True, return_tensors="pt")["input_ids"].shape[1]
    hidden = encoder.config.hidden_size
    check_shape(outputs.last_hidden_state, "q4.forward", "returned last_hidden_state with",
                batch=3, seq=seq, hidden=hidden)
    check_shape(outputs.pooler_output, "q4.forward", "returned pooler_output with", batch=3, hidden=hidden)


def test_forward_accepts_one_string(solution, encoder, tokenizer):
    outputs = solution.forward(encoder, tokenizer, "최고의 영화")
    seq = len(tokenizer("최고의 영화")["input_ids"])
    check_shape(outputs.last_hidden_state, "q4.forward", "returned, for one string, last_hidden_state with",
                batch=1, seq=seq, hidden=encoder.config.hidden_size)


def test_forward_records_no_gradients(solution, encoder, tokenizer):
    outputs = solution.forward(encoder, tokenizer, TEXTS)
    if outputs.last_hidden_state.requires_grad:
        fail("q4.forward", "returned tensors that require grad; run the model under torch.no_grad()")


def test_forward_ignores_padding_through_the_attention_mask(solution, encoder, tokenizer):
    padded = solution.forward(encoder, tokenizer, TEXTS).last_hidden_state[1, 0]
    with torch.no_grad():  # the same text alone, through the test's own encoder
        alone = encoder(**tokenizer([TEXTS[1]], return_tensors="pt").to(encoder.device)).last_hidden_state[0, 0]
    # float32 noise between a padded and an unpadded batch is ~1e-6; a missing mask moves it by ~0.1.
    check_close(padded, alone, "q4.forward", atol=1e-4, rtol=1e-4,
                what="gave a padded text a [CLS] state that, compared with the same text alone,")


def test_output_shapes_are_int_tuples(solution, encoder, tokenizer):
    outputs = encoder(**tokenizer(TEXTS, padding=True, return_tensors="pt").to(encoder.device))
    shapes = solution.output_shapes(outputs)
    seq = outputs.last_hidden_state.shape[1]
    hidden = encoder.config.hidden_size
    expected = {"last_hidden_state": (3, seq, hidden), "pooler_output": (3, hidden)}
    check_equal(shapes, expected, "q4.output_shapes")
    for key, value in shapes.items():
        check_type(value, tuple, "q4.output_shapes", t("returned {key} as", key=key))
        if not all(type(n) is int for n in value):
            fail("q4.output_shapes", t("returned {key} = {value!r}; expected plain Python ints", key=key, value=value))


def test_all_layer_states_has_embeddings_plus_each_layer(solution, encoder, tokenizer):
    states = solution.all_layer_states(encoder, tokenizer, TEXTS[0])
    check_type(states, tuple, "q4.all_layer_states")
    expected = encoder.config.num_hidden_layers + 1
    if len(states) != expected:
        fail("q4.all_layer_states", t("returned {n_states} tensors; expected num_hidden_layers + 1 = {expected}",
                                      n_states=len(states), expected=expected))
    seq = len(tokenizer(TEXTS[0])["input_ids"])
    for i, state in enumerate(states):
        check_shape(state, "q4.all_layer_states", t("returned state {i} with", i=i),
                    batch=1, seq=seq, hidden=encoder.config.hidden_size)


def test_all_layer_states_ends_with_last_hidden_state(solution, encoder, tokenizer):
    states = solution.all_layer_states(encoder, tokenizer, TEXTS[0])
    with torch.no_grad():
        last = encoder(**tokenizer(TEXTS[0], return_tensors="pt").to(encoder.device)).last_hidden_state
        embeddings = encoder.embeddings(tokenizer(TEXTS[0], return_tensors="pt")["input_ids"].to(encoder.device))
    check_close(states[-1], last, "q4.all_layer_states", atol=1e-5, rtol=1e-5,
                what="returned a last state that, against last_hidden_state,")
    check_close(states[0], embeddings, "q4.all_layer_states", atol=1e-5, rtol=1e-5,
                what="returned a first state that, against the embeddings output,")
