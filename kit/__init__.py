"""The harness of the BERT fine-tuning exercise kit (assets, implementation switch, pytest plugin, CLI).

From a notebook: `kit.check("q3")`, `kit.check()`, `kit.hint("q3")` (see kit/notebook.py).
"""

# Loaded on first use, so `import kit` (and every pytest run, which imports the plugin) stays cheap.
_NOTEBOOK_NAMES = ("check", "hint")


def __getattr__(name: str):
    if name in _NOTEBOOK_NAMES:
        from kit import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'kit' has no attribute {name!r}")
