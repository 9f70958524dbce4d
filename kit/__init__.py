"""The harness of the BERT fine-tuning exercise kit, one subpackage per audience.

From a notebook: `kit.check("q3")`, `kit.check()`, `kit.hint("q3")`, `with kit.trying("q3"):` (see
kit/learn/notebook.py).

Layers, lowest first. A module imports only from its own layer or a lower one, and no import
circle exists anywhere (tests/harness/test_layers.py reads every module's imports and this table):

- core: the shared small modules at the top of `kit/` (paths, text, terminal tables, messages,
  questions, the `--impl` seam, the records protocol, assets, tiny models);
- isolation (`kit/isolation/`): the judge/worker protocol, the worker, its sandbox, budget and
  zygote, the judge's side (remote) and the oracle's rules;
- learn (`kit/learn/`): the learner's loop (pytest plugin, checks, concepts, hints, progress,
  watch, the notebook API, `kit run`);
- grading (`kit/grading/`): stage -> run -> score -> report, strung together by `grader`;
- authoring (`kit/authoring/`): self-check, mutants, the student bundle;
- clients (`kit/clients/`): a class folder (batch) and Gradescope;
- entry: the command line (`kit/cli.py`, also `python -m kit`) and this package's notebook facade.
"""

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("kit.paths", "kit.defaults", "kit.text", "kit.tables", "kit.progress", "kit.messages", "kit.questions",
              "kit.impl", "kit.records", "kit.assets", "kit.tiny_models", "kit.cells")),
    ("isolation", ("kit.isolation",)),
    ("learn", ("kit.learn",)),
    ("grading", ("kit.grading",)),
    ("authoring", ("kit.authoring",)),
    ("clients", ("kit.clients",)),
    ("entry", ("kit.cli", "kit.__main__", "kit")),
)

# Loaded on first use, so `import kit` (and every pytest run, which imports the plugin) stays cheap.
_NOTEBOOK_NAMES = ("check", "hint", "trying")


def __getattr__(name: str):
    if name in _NOTEBOOK_NAMES:
        from kit.learn import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'kit' has no attribute {name!r}")
