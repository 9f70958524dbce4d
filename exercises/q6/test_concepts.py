"""Concept items of question 6: concepts.toml asks, answers.toml answers. Run: pytest exercises/q6

Each answer is checked for its form here; it is graded against the key where the kit has one
(the instructor's copy and the grader), never in a learner's copy, which holds no key.
"""

import pytest

from kit.learn.concepts import check_answer, item_ids
from kit.messages import msg


@pytest.mark.points(1.5)
@pytest.mark.parametrize("item", item_ids("q6"))
def test_concept(answers, item):
    if not check_answer("q6", item, answers):
        pytest.skip(msg("concepts.graded_on_submission", question="q6", item=item))
