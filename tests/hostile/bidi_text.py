"""A solution that fails to import with a message full of invisible format characters: a
right-to-left override (U+202E) that turns what follows around on screen, zero-width spaces and
joiners, bidi isolates, a soft hyphen and a byte order mark, beside Korean text that must reach
the reader intact (the message is shown in every test's output, the table and the gradebook).

question: q3
base: reference
expect: failed
message: 한국어는 그대로
"""

raise ImportError("\u202eexe.txt 100점\u202c 한국어는 그대로 \u200bzero\u200c\u200d\u200e\u200f \u2066isolate\u2069 "
                  "\ufeffbom so\u00adft 👩\u200d💻 \u2067\u2068\u202a\u202b\u202d")
