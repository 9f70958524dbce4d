"""Hidden tests for question 9: the loop step for step against the reference, and accuracy.

Accuracy thresholds sit well below the reference's own figures (measured with
`pytest tests/q9 --impl reference` on the shipped tiny model; see each docstring) and well
above what the wrong loops in tests/mutants/q9 reach.
"""

import copy
from pathlib import Path

import pandas as pd
import pytest
import torch

from kit.assets import read_reviews
from kit.isolation.probes import record_loads
from kit.learn.checks import check_close, check_equal, check_tensor_equal, fail, t

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout.tsv"

# Reference figures on the shipped tiny model (train_model defaults, seed 0, 2 epochs; the
# same with 1 or 2 torch threads): full 0.806 / frozen 0.732 on data/nsmc/test.tsv, and the
# full model 0.788 on tests/data/heldout.tsv. Wrong loops (python bench/q9_wrong_loops.py):
# no optimizer.step 0.554 / 0.554, labels shifted 0.210 / 0.264, head frozen instead of the
# encoder 0.806 / 0.500, BERT-base's 5e-5 for the lone head 0.760 / 0.640. A loop without
# zero_grad (0.800 / 0.738) or in eval mode (0.798 / 0.740) trains as well here: the
# step-for-step and gradient tests catch those, not the thresholds.
FULL_MIN = 0.75
FROZEN_MIN = 0.66
HELDOUT_MIN = 0.74


def device_of(model) -> torch.device:
    """Where the submission's train_model left its model (device=None is "cuda" when available, else "cpu")."""
    return next(model.parameters()).device


@pytest.fixture(scope="module")
def classifier(model_name):
    from transformers import AutoModelForSequenceClassification

    torch.manual_seed(0)
    return AutoModelForSequenceClassification.from_pretrained(model_name, num_labels=2)


@pytest.fixture(scope="module")
def small_loader(reference_solution, tokenizer, nsmc_train):
    """Six fixed batches (a list, so every pass sees the same order)."""
    return list(reference_solution.make_loader(nsmc_train.iloc[:48], tokenizer, batch_size=8, shuffle=True, seed=1))


def test_train_epoch_matches_reference_step_for_step(solution, reference_solution, classifier, small_loader):
    results = []
    for module in (solution, reference_solution):
        model = copy.deepcopy(classifier)
        optimizer = reference_solution.build_optimizer(model, lr=1e-3)
        scheduler = reference_solution.linear_warmup_schedule(optimizer, 2, len(small_loader))
        torch.manual_seed(11)
        loss = module.train_epoch(model, small_loader, optimizer, "cpu", scheduler, max_grad_norm=1.0)
        results.append((loss, model))
    (loss, model), (want_loss, want_model) = results
    check_close(torch.tensor(loss), torch.tensor(want_loss), "q9.train_epoch", atol=1e-5, rtol=1e-5,
                what="returned a mean loss that")
    for (name, got), (_, want) in zip(model.named_parameters(), want_model.named_parameters(), strict=True):
        check_close(got, want, "q9.train_epoch", atol=1e-5, rtol=1e-4, what=t("left {name} that, after 6 steps,",
                                                                              name=name))


def test_frozen_encoder_stays_bit_identical(solution, reference_solution, classifier, small_loader):
    model = copy.deepcopy(classifier)
    for param in model.base_model.parameters():
        param.requires_grad = False
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    optimizer = reference_solution.build_optimizer(model, lr=1e-2)
    solution.train_epoch(model, small_loader, optimizer, "cpu")
    for name, param in model.named_parameters():
        if name.startswith("classifier"):
            continue
        check_tensor_equal(param.detach(), before[name], "q9.train_epoch", t("changed frozen {name}:", name=name))


@pytest.mark.parametrize(("warmup", "total"), [(0, 5), (3, 3), (10, 100), (1, 2)])
def test_schedule_matches_reference(solution, reference_solution, warmup, total):
    rates = {}
    for label, module in (("got", solution), ("want", reference_solution)):
        optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.5)
        scheduler = module.linear_warmup_schedule(optimizer, warmup, total)
        rates[label] = []
        for _ in range(total + 2):
            rates[label].append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            scheduler.step()
    check_close(torch.tensor(rates["got"]), torch.tensor(rates["want"]), "q9.linear_warmup_schedule",
                atol=1e-7, rtol=0, what=t("gave, for warmup={warmup} and total={total}, rates that",
                                          warmup=warmup, total=total))


def test_loader_matches_reference_in_order(solution, reference_solution, tokenizer, nsmc_test):
    df = nsmc_test.iloc[:40]
    got = list(solution.make_loader(df, tokenizer, batch_size=16, max_length=24))
    want = list(reference_solution.make_loader(df, tokenizer, batch_size=16, max_length=24))
    check_equal(len(got), len(want), "q9.make_loader", "made a number of batches")
    for number, (g, w) in enumerate(zip(got, want, strict=True)):
        for key in ("input_ids", "attention_mask", "labels"):
            check_tensor_equal(g[key], w[key], "q9.make_loader", t("made batch {number} whose {key}",
                                                                   number=number, key=key))


def reviews_in_order(loader) -> list[tuple[tuple[int, ...], int]]:
    """(real token ids, label) of every review, in the loader's order; each batch padded to its longest."""
    reviews = []
    for number, batch in enumerate(loader):
        lengths = batch["attention_mask"].sum(dim=1)
        if batch["input_ids"].shape[1] != int(lengths.max()):
            fail("q9.make_loader", f"padded shuffled batch {number} to {batch['input_ids'].shape[1]}; expected its "
                 f"longest review, {int(lengths.max())}")
        for row, length in enumerate(lengths.tolist()):
            reviews.append((tuple(batch["input_ids"][row, :length].tolist()), int(batch["labels"][row])))
    return reviews


def test_shuffled_loader_is_a_reproducible_permutation_that_depends_on_the_seed(solution, tokenizer, nsmc_test):
    """Any seeded shuffle is accepted (the reference's generator order is not required): every review once,
    the same order for the same seed, another order for another seed."""
    df = nsmc_test.iloc[:40]

    def order(seed):
        return reviews_in_order(solution.make_loader(df, tokenizer, batch_size=16, shuffle=True, seed=seed,
                                                     max_length=24))

    unshuffled = reviews_in_order(solution.make_loader(df, tokenizer, batch_size=16, max_length=24))
    first = order(7)
    if sorted(first) != sorted(unshuffled):
        fail("q9.make_loader", "with shuffle=True did not yield every review exactly once (a permutation); "
             "sample without replacement")
    check_equal(order(7), first, "q9.make_loader", "gave, for the same seed 7, a second order")
    if first == unshuffled:
        fail("q9.make_loader", "with shuffle=True kept the DataFrame's order")
    if order(8) == first:
        fail("q9.make_loader", "gave the same order for seeds 7 and 8; shuffle with a generator seeded by `seed`")


def test_optimizer_matches_reference(solution, reference_solution, classifier):
    def grouping(module):
        optimizer = module.build_optimizer(classifier, lr=3e-4, weight_decay=0.02)
        names = {id(p): n for n, p in classifier.named_parameters()}
        return {names[id(p)]: (g["lr"], g["weight_decay"]) for g in optimizer.param_groups for p in g["params"]}

    check_equal(grouping(solution), grouping(reference_solution), "q9.build_optimizer",
                "gave (lr, weight_decay) by parameter")


def test_evaluate_matches_reference(solution, reference_solution, classifier, tokenizer, nsmc_test):
    loader = reference_solution.make_loader(nsmc_test.iloc[:100], tokenizer, batch_size=32)
    check_close(torch.tensor(solution.evaluate(classifier, loader, "cpu")),
                torch.tensor(reference_solution.evaluate(classifier, loader, "cpu")), "q9.evaluate",
                atol=1e-9, rtol=0, what="returned an accuracy that")


@pytest.fixture(scope="module")
def experiments(solution, nsmc_train, nsmc_test):
    """Both strategies trained by the submission's train_model; the trained models are kept."""
    results = {}
    for strategy in ("full", "frozen"):
        with record_loads(solution) as loads:
            history = solution.train_model(nsmc_train, nsmc_test, freeze=strategy == "frozen", epochs=2, seed=0)
            model = loads.last()
        results[strategy] = (history, model)
    return results


@pytest.fixture(scope="module")
def measured(experiments, reference_solution, tokenizer, nsmc_test):
    """Each strategy's accuracy on the test sample as the judge measures it, with the reference's loader and
    evaluate on the model train_model trained: the thresholds never rest on the history the learner reports."""
    accuracy = {}
    for strategy, (_, model) in experiments.items():
        if model is None:
            fail("q9.train_model", "did not load its model with AutoModelForSequenceClassification.from_pretrained")
        loader = reference_solution.make_loader(nsmc_test, tokenizer, 64)
        accuracy[strategy] = float(reference_solution.evaluate(model, loader, device_of(model)))
    return accuracy


@pytest.mark.slow
def test_full_finetuning_reaches_the_threshold(experiments, measured, record_property):
    """Reference: 0.806 on the test sample; threshold 0.75."""
    record_property("full_eval_acc", experiments["full"][0]["eval_acc"])
    if not measured["full"] >= FULL_MIN:
        fail("q9.train_model", t("full fine-tuning reached {accuracy:.3f} on the test sample; at least {FULL_MIN} is "
                                 "expected",
                                 accuracy=measured["full"], FULL_MIN=FULL_MIN))


@pytest.mark.slow
def test_frozen_encoder_reaches_the_threshold(experiments, measured, record_property):
    """Reference: 0.732 on the test sample; threshold 0.66."""
    record_property("frozen_eval_acc", experiments["frozen"][0]["eval_acc"])
    if not measured["frozen"] >= FROZEN_MIN:
        fail("q9.train_model", t("the frozen encoder reached {accuracy:.3f} on the test sample; at least {FROZEN_MIN} "
                                 "is expected",
                                 accuracy=measured["frozen"], FROZEN_MIN=FROZEN_MIN))


@pytest.mark.slow
def test_full_finetuning_beats_the_frozen_encoder(measured):
    full, frozen = measured["full"], measured["frozen"]
    if not full > frozen:
        fail("q9.train_model", t("full fine-tuning ({full:.3f}) did not beat the frozen encoder ({frozen:.3f})",
                                 full=full, frozen=frozen))


@pytest.mark.slow
def test_full_finetuning_generalises_to_the_held_out_split(experiments, reference_solution, tokenizer,
                                                           record_property):
    """Reference: 0.788 on the 500 held-out reviews; threshold 0.74."""
    _, model = experiments["full"]
    if model is None:
        fail("q9.train_model", "did not load its model with AutoModelForSequenceClassification.from_pretrained")
    heldout: pd.DataFrame = read_reviews(HELDOUT)
    accuracy = reference_solution.evaluate(model, reference_solution.make_loader(heldout, tokenizer, 64),
                                          device_of(model))
    record_property("heldout_acc", accuracy)
    if not accuracy >= HELDOUT_MIN:
        fail("q9.train_model", t("full fine-tuning reached {accuracy:.3f} on held-out reviews; at least "
                                 "{HELDOUT_MIN} is expected",
                                 accuracy=accuracy, HELDOUT_MIN=HELDOUT_MIN))


@pytest.mark.slow
def test_training_loss_falls(experiments, record_property):
    losses = experiments["full"][0]["train_loss"]
    record_property("full_train_loss", losses)
    if not losses[-1] < losses[0]:
        fail("q9.train_model", t("returned training losses {losses} that do not fall over the epochs", losses=losses))


@pytest.mark.slow
def test_reported_accuracy_is_measured_on_the_test_reviews(experiments, reference_solution, tokenizer, nsmc_test):
    history, model = experiments["full"]
    if model is None:
        fail("q9.train_model", "did not load its model with AutoModelForSequenceClassification.from_pretrained")
    accuracy = reference_solution.evaluate(model, reference_solution.make_loader(nsmc_test, tokenizer, 64),
                                          device_of(model))
    check_close(torch.tensor(history["eval_acc"][-1]), torch.tensor(accuracy), "q9.train_model", atol=1e-9, rtol=0,
                what="reported a last-epoch accuracy that, against the trained model's accuracy on test_df,")
