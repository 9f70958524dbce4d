"""A solution that imports a package that is not installed.

question: q3
base: reference
expect: failed
message: kit_no_such_package
"""

import kit_no_such_package  # noqa: F401
