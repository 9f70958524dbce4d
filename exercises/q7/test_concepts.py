"""Concept items of question 7: concepts.toml asks, answers.toml answers. Run: pytest exercises/q7"""

import pytest

from kit.concepts import check_answer, item_ids


@pytest.mark.points(1.5)
@pytest.mark.parametrize("item", item_ids("q7"))
def test_concept(answers, item):
    check_answer("q7", item, answers)
