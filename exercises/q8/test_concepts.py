"""Concept items of question 8: concepts.toml asks, answers.toml answers. Run: pytest exercises/q8"""

import pytest

from kit.concepts import check_answer, item_ids


@pytest.mark.points(1.5)
@pytest.mark.parametrize("item", item_ids("q8"))
def test_concept(answers, item):
    check_answer("q8", item, answers)
