"""Concept items of question 6: concepts.toml asks, answers.toml answers. Run: pytest exercises/q6"""

import pytest

from kit.concepts import check_answer, item_ids


@pytest.mark.points(1.5)
@pytest.mark.parametrize("item", item_ids("q6"))
def test_concept(answers, item):
    check_answer("q6", item, answers)
