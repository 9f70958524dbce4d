"""One home for the limits the grader, the CLI, the pytest plugin and the sandbox share by default."""

QUESTION_S = 300.0  # wall clock for one question's tests (public and hidden)
TEST_S = 120.0  # pytest-timeout, per test (setup included)
# A worker's whole sandbox: its processes and /tmp together (kit.isolation.budget). torch, transformers and
# the tiny model need about 1.5 GB.
WORKER_MEMORY_MB = 3072
# Below this the judge and worker cannot even import torch and the model: the setting is at fault.
MEMORY_FLOOR_MB = 1500
# The judge's budget: its cgroup's peak in a full grade of the reference is 308 MB (Q9; bench/README.md).
JUDGE_MEMORY_MB = 2048
