"""Isolation: the learner's code in a sandboxed worker, and the judge that believes nothing it sends back."""
