"""The harness of the BERT fine-tuning exercise kit (assets, implementation switch, pytest plugin, CLI)."""
