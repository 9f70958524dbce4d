"""A solution whose import fails with a message written in Markdown and HTML: a link, an image that
would load from a server when the results page is opened, and an HTML tag with a script handler. In
Gradescope's summary (output_format "md") it must show as text.

question: q3
base: reference
expect: failed
message: ImportError
"""

raise ImportError("see [the answer key](http://127.0.0.1:KIT_TEST_PORT/key) "
                  "![pixel](http://127.0.0.1:KIT_TEST_PORT/pixel.png) <img src=x onerror=alert(1)> | forged | cell |")
