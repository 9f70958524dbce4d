"""Hidden tests for question 10: the pipeline agrees with the model's own logits, batch and one by one."""

import pytest
import torch

from kit.learn.checks import check_close, check_equal, fail, t
from kit.paths import STAR_MODEL

REVIEWS = [
    "연기, 연출, 음악 모두 완벽했던 영화", "노잼", "중간에 나왔습니다", "그럭저럭 볼만함 ㅎㅎ", "",
    "기대 안 했는데 생각보다 괜찮았다", "Best movie ever", "ㅋㅋㅋㅋㅋ 이게 뭐야",
]


@pytest.fixture(scope="module")
def star_model():
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model = AutoModelForSequenceClassification.from_pretrained(STAR_MODEL).eval()
    return model, AutoTokenizer.from_pretrained(STAR_MODEL)


def logits_of(model, tokenizer, texts):
    with torch.no_grad():
        return model(**tokenizer(texts, padding=True, truncation=True, return_tensors="pt")).logits


def test_default_pipeline_matches_softmax_argmax(solution, star_model):
    model, tokenizer = star_model
    records = solution.run_pipeline(REVIEWS, solution.sentiment_pipeline())
    probabilities = logits_of(model, tokenizer, REVIEWS).softmax(-1)
    for row, (text, record) in enumerate(zip(REVIEWS, records, strict=True)):
        best = int(probabilities[row].argmax())
        check_equal(record["stars"], best + 1, "q10.run_pipeline", t("returned stars for {text!r}:", text=text))
        check_close(torch.tensor(float(record["score"])), probabilities[row, best], "q10.run_pipeline",
                    atol=1e-5, rtol=1e-4, what=t("returned a score for {text!r} that", text=text))


def test_batch_and_one_by_one_agree(solution):
    pipe = solution.sentiment_pipeline()
    batch = solution.run_pipeline(REVIEWS, pipe)
    for text, record in zip(REVIEWS, batch, strict=True):
        single = solution.run_pipeline([text], pipe)[0]
        check_equal(single["stars"], record["stars"], "q10.run_pipeline", t("gave {text!r}, alone vs in a batch, "
                                                                            "stars",
                                                                            text=text))
        check_close(torch.tensor(single["score"]), torch.tensor(record["score"]), "q10.run_pipeline", atol=1e-5,
                    rtol=1e-4, what=t("gave {text!r}, alone vs in a batch, a score that", text=text))


def test_run_pipeline_calls_the_pipeline_once_for_the_whole_batch(solution):
    """The question asks for one batch: one call with the list of reviews, not one call per review."""
    pipe = solution.sentiment_pipeline()
    before = pipe.call_count
    solution.run_pipeline(REVIEWS, pipe)
    calls = pipe.call_count - before
    if calls != 1:
        fail("q10.run_pipeline", t("called the pipeline {calls} times for {n} reviews; rate them in one batch: one "
                                   "call with the whole list, pipe(texts, batch_size=len(texts))",
                                   calls=calls, n=len(REVIEWS)))


def test_run_pipeline_matches_reference(solution, reference_solution):
    pipe = reference_solution.sentiment_pipeline()
    got = solution.run_pipeline(REVIEWS, pipe)
    want = reference_solution.run_pipeline(REVIEWS, pipe)
    for g, w in zip(got, want, strict=True):
        check_equal({k: g[k] for k in ("review", "stars", "sentiment")},
                    {k: w[k] for k in ("review", "stars", "sentiment")}, "q10.run_pipeline")


def test_sentiment_pipeline_loads_the_folder_it_is_given(solution, model_name, tmp_path):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(5)
    model = AutoModelForSequenceClassification.from_pretrained(model_name, num_labels=3)
    model.save_pretrained(tmp_path / "three")
    AutoTokenizer.from_pretrained(model_name).save_pretrained(tmp_path / "three")
    pipe = solution.sentiment_pipeline(str(tmp_path / "three"))
    check_equal(pipe.model.config.num_labels, 3, "q10.sentiment_pipeline", "given a 3-label folder, loaded num_labels")
    if pipe.device.type != "cpu":
        fail("q10.sentiment_pipeline", t("put the model on {device}; device=-1 means the CPU", device=pipe.device))


def test_a_two_label_model_saved_and_reloaded_predicts_identically(solution, model_name, learner_folder):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(7)
    model = AutoModelForSequenceClassification.from_pretrained(model_name, num_labels=2)
    with torch.no_grad():  # a head that separates the reviews, like a trained Q9 model
        model.classifier.weight.mul_(50)
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(model_name)
    pipe = solution.save_for_pipeline(model, tokenizer, learner_folder.path / "q9-model")
    probabilities = logits_of(model, tokenizer, REVIEWS).softmax(-1)
    outputs = pipe(REVIEWS)
    for row, (text, out) in enumerate(zip(REVIEWS, outputs, strict=True)):
        best = int(probabilities[row].argmax())
        check_equal(out["label"], model.config.id2label[best], "q10.save_for_pipeline",
                    t("built a pipeline whose label for {text!r} is", text=text))
        check_close(torch.tensor(out["score"]), probabilities[row, best], "q10.save_for_pipeline", atol=1e-5,
                    rtol=1e-4, what=t("built a pipeline whose score for {text!r}", text=text))
