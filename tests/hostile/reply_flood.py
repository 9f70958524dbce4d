"""A decode that writes a 250 MB reply of zeros (a well-formed message whose JSON is one long list)
straight into the worker's answer pipe. Read and decoded, it would take the judge gigabytes and
minutes; the judge must refuse it by its length, before reading it, and fail that call only.

question: q3
base: decode_empty_text
expect: failed
message: tests failed
"""


def decode(input_ids, tokenizer) -> str:
    """Answers the judge itself, with a reply far larger than any the tests exchange."""
    import fcntl
    import os
    import stat
    import struct

    zeros = (250 << 20) // 2  # the JSON: "[" + "0," * zeros + "0]"
    length = 2 * zeros + 3
    size = 12 + length
    chunk = b"0," * (1 << 19)
    for fd in range(3, 256):
        try:
            if not (stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
                    == os.O_WRONLY):
                continue
            os.write(fd, struct.pack("<Q", size) + b"KITW" + struct.pack("<Q", length) + b"[")
            left = 2 * zeros
            while left:
                left -= os.write(fd, chunk[: min(left, len(chunk))])
            os.write(fd, b"0]")
        except OSError:
            continue
    os._exit(0)
