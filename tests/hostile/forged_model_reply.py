"""A load_encoder that writes its own reply straight into the worker's answer pipe: about 300 bytes
describing a BertModel with a 1,000,000-token vocabulary and no tensors, then ends its process.
Rebuilt as described, the judge would allocate gigabytes; it must refuse the reply, fail the call
and go on.

question: q4
base: load_encoder_mlm_class
expect: failed
message: tests failed
"""


def load_encoder(name_or_path=None):
    """Answers the judge itself, with a model the judge would have to build."""
    import fcntl
    import json
    import os
    import stat
    import struct

    config = {"model_type": "bert", "vocab_size": 1_000_000, "hidden_size": 768, "num_hidden_layers": 12,
              "num_attention_heads": 12, "intermediate_size": 3072}
    empty = {"$": "dict", "k": [], "v": []}
    state = {"$": "dict", "k": ["params", "requires_grad", "grads", "buffers", "training", "partial"],
             "v": [empty, empty, empty, empty, empty, False]}
    model = {"$": "model", "cls": "BertModel", "config": json.dumps(config), "id": "w9999", "state": state}
    body = json.dumps({"output": "", "value": {"$": "tuple", "v": [model, None]}, "drew": False,
                       "sync": []}).encode()
    frame = b"KITW" + struct.pack("<Q", len(body)) + body
    for fd in range(3, 256):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                os.write(fd, struct.pack("<Q", len(frame)) + frame)
        except OSError:
            continue
    os._exit(0)
