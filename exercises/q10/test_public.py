"""Public tests for question 10 (the pipeline API). Run: pytest exercises/q10"""

import pytest
import torch

from kit.learn.checks import check_close, check_equal, check_keys, check_type, fail, t
from kit.paths import STAR_MODEL

REVIEWS = [
    "진짜 최고의 영화입니다 또 보고 싶어요",
    "돈 아깝다 시간 아깝다",
    "그냥 그랬어요",
    "배우 연기는 좋았는데 스토리가 별로",
]
STAR_LABELS = ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"]


@pytest.fixture(scope="module")
def star_model():
    """The kit's 5-star model and tokenizer, loaded directly (not through the pipeline)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model = AutoModelForSequenceClassification.from_pretrained(STAR_MODEL).eval()
    return model, AutoTokenizer.from_pretrained(STAR_MODEL)


def manual_predictions(model, tokenizer, texts):
    """(label, probability) per text by softmax/argmax over the model's own logits."""
    with torch.no_grad():
        logits = model(**tokenizer(texts, padding=True, truncation=True, return_tensors="pt")).logits
    probabilities = logits.softmax(-1)
    best = probabilities.argmax(-1)
    return [(model.config.id2label[int(i)], float(probabilities[row, i])) for row, i in enumerate(best)]


def test_sentiment_pipeline_defaults_to_the_star_model(solution):
    from transformers import Pipeline, TextClassificationPipeline

    pipe = solution.sentiment_pipeline()
    check_type(pipe, Pipeline, "q10.sentiment_pipeline")
    # The class, not the task name: pipeline("sentiment-analysis", ...) is the same pipeline under its alias.
    check_type(pipe, TextClassificationPipeline, "q10.sentiment_pipeline",
               'built a pipeline of the class (use "text-classification" or its alias "sentiment-analysis")')
    labels = [pipe.model.config.id2label[i] for i in range(pipe.model.config.num_labels)]
    check_equal(labels, STAR_LABELS, "q10.sentiment_pipeline", "(with None) loaded a model whose labels are")


@pytest.mark.parametrize(("label", "sentiment"), [("1 star", "부정"), ("2 stars", "부정"), ("3 stars", "중립"),
                                                  ("4 stars", "긍정"), ("5 stars", "긍정")])
def test_stars_to_sentiment_maps_every_label(solution, label, sentiment):
    check_equal(solution.stars_to_sentiment(label), sentiment, "q10.stars_to_sentiment", t("returned, for {label!r},",
                                                                                           label=label))


@pytest.mark.parametrize("label", ["6 stars", "LABEL_0", "5 Stars", "", "0 stars"])
def test_stars_to_sentiment_refuses_other_labels(solution, label):
    try:
        result = solution.stars_to_sentiment(label)
    except ValueError:
        return
    except NotImplementedError:
        raise  # an untouched stub is "not started", not a wrong answer
    except Exception as error:  # e.g. IndexError from label.split()[0] on "": named, not a crash
        fail("q10.stars_to_sentiment", t("raised {error} for {label!r}; any label outside the table must raise "
                                         "ValueError (check the label before taking it apart)",
                                         error=type(error).__name__, label=label))
    fail("q10.stars_to_sentiment", t("returned {result!r} for {label!r}; expected a ValueError",
                                     result=result, label=label))


def test_run_pipeline_returns_one_record_per_review(solution, star_model):
    from transformers import pipeline

    model, tokenizer = star_model
    pipe = pipeline("text-classification", model=model, tokenizer=tokenizer, device=-1)
    records = solution.run_pipeline(REVIEWS, pipe)
    check_type(records, list, "q10.run_pipeline")
    check_equal(len(records), len(REVIEWS), "q10.run_pipeline", "returned a number of records")
    for text, record, (label, probability) in zip(REVIEWS, records, manual_predictions(model, tokenizer, REVIEWS),
                                                 strict=True):
        check_keys(record, ["review", "stars", "sentiment", "score"], "q10.run_pipeline")
        check_equal(record["review"], text, "q10.run_pipeline", "returned a record whose review is")
        check_equal(record["stars"], int(label[0]), "q10.run_pipeline", t("returned stars for {text!r}:", text=text))
        check_type(record["stars"], int, "q10.run_pipeline", 'returned "stars" as')
        check_equal(record["sentiment"], {1: "부정", 2: "부정", 3: "중립", 4: "긍정", 5: "긍정"}[int(label[0])],
                    "q10.run_pipeline", t("returned sentiment for {text!r}:", text=text))
        check_close(torch.tensor(float(record["score"])), torch.tensor(probability), "q10.run_pipeline",
                    atol=1e-5, rtol=1e-4, what=t("returned a score for {text!r} that, against the softmax,", text=text))


def test_save_for_pipeline_predicts_like_the_model_in_memory(solution, model_name, learner_folder):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, Pipeline

    torch.manual_seed(3)
    model = AutoModelForSequenceClassification.from_pretrained(model_name, num_labels=2).eval()
    tokenizer = AutoTokenizer.from_pretrained(model_name)
    pipe = solution.save_for_pipeline(model, tokenizer, learner_folder.path / "saved")
    check_type(pipe, Pipeline, "q10.save_for_pipeline")
    saved = learner_folder.taken() / "saved"  # what the function wrote, as files of the test's own
    if not (saved / "config.json").is_file():
        fail("q10.save_for_pipeline", "did not save the model into the folder it was given")
    # Without tokenizer files transformers still builds a tokenizer from the folder, an empty
    # one that reads every word as [UNK]: the scores would only be "off by 0.005", so say why.
    alone = AutoTokenizer.from_pretrained(saved)
    if len(alone) != len(tokenizer):
        fail("q10.save_for_pipeline", t("saved no tokenizer into the folder (it holds {files}): loaded from the "
                                        "folder alone, the tokenizer knows {n} tokens instead of {want} and reads "
                                        "every word as [UNK]; call tokenizer.save_pretrained(path) too",
                                        files=sorted(p.name for p in saved.iterdir()), n=len(alone),
                                        want=len(tokenizer)))
    got = [(o["label"], o["score"]) for o in pipe(REVIEWS)]
    want = manual_predictions(model, tokenizer, REVIEWS)
    for text, (label, score), (want_label, want_score) in zip(REVIEWS, got, want, strict=True):
        check_equal(label, want_label, "q10.save_for_pipeline", t("built a pipeline whose label for {text!r} is",
                                                                  text=text))
        check_close(torch.tensor(score), torch.tensor(want_score), "q10.save_for_pipeline", atol=1e-5, rtol=1e-4,
                    what=t("built a pipeline whose score for {text!r}", text=text))
