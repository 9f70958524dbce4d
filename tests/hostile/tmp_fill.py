"""A solution whose decode writes ~6 GB into /tmp, in 64 MB chunks, before it answers: the sandbox's
/tmp is memory (a tmpfs), so without a budget it takes that much from the machine.

With a budget (a cgroup) the tmpfs pages count against the sandbox's memory and the worker is
ended as out of memory; where no cgroup can be made, the tmpfs's size stops the writes (ENOSPC)
and the calls fail. It stops at 6 GB either way, so the machine survives with every defence off.

question: q3
base: reference
expect: crashed|failed
message: out of memory|tests failed
"""

_decode = decode  # noqa: F821 - the honest reference's, defined above


def decode(input_ids, tokenizer):
    chunk = b"\x01" * (64 << 20)
    with open("/tmp/kit-fill", "wb") as stream:
        for _ in range(96):  # 6 GB
            stream.write(chunk)
            stream.flush()
    return _decode(input_ids, tokenizer)
