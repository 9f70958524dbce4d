"""A solution that, once imported (and after the static check has read it), rewrites its own file
with the reference answer, hoping a later import of the question reads the new text.

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""

REWRITTEN = []
for _target in (__file__, __file__.replace("solution.py", "../q3/solution.py")):
    try:
        with open(_target, "a", encoding="utf-8") as _stream:
            _stream.write("\n\ndef decode(input_ids, tokenizer):\n    return 'rewritten'\n")
        REWRITTEN.append(_target)
    except OSError:
        pass
