"""Concept items of question 5: concepts.toml asks, answers.toml answers. Run: pytest exercises/q5"""

import pytest

from kit.concepts import check_answer, item_ids


@pytest.mark.points(1.5)
@pytest.mark.parametrize("item", item_ids("q5"))
def test_concept(answers, item):
    check_answer("q5", item, answers)
