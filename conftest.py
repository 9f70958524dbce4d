"""Root conftest: everything lives in the kit's pytest plugin, so a submission cannot replace it."""

pytest_plugins = ["kit.learn.pytest_plugin"]
