"""Concept items of question 2: concepts.toml asks, answers.toml answers. Run: pytest exercises/q2"""

import pytest

from kit.concepts import check_answer, item_ids


@pytest.mark.points(1.5)
@pytest.mark.parametrize("item", item_ids("q2"))
def test_concept(answers, item):
    check_answer("q2", item, answers)
