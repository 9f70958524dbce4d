"""A solution that reaches pytest's own Function class by an attribute path (no import, no banned
name) and makes every test body a no-op, so every test would pass.

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""

_modules = getattr(getattr(__import__("o" + "s"), "sy" + "s"), "modules")
for _name in ("_pytest.python", "kit.learn.pytest_plugin", "kit.learn.checks"):
    _module = _modules.get(_name)
    if _module is not None and hasattr(_module, "Function"):
        _module.Function.runtest = lambda self: None
    if _module is not None and hasattr(_module, "check_equal"):
        _module.check_equal = lambda *args, **kwargs: None
