"""The learner's loop: the pytest plugin, checks and their messages, hints, progress, watch, the notebook API."""
