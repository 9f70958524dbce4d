"""Concept items of question 1: concepts.toml asks, answers.toml answers. Run: pytest exercises/q1"""

import pytest

from kit.concepts import check_answer, item_ids


@pytest.mark.points(1.5)
@pytest.mark.parametrize("item", item_ids("q1"))
def test_concept(answers, item):
    check_answer("q1", item, answers)
