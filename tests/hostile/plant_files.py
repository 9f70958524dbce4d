"""A solution that plants a conftest.py, a sitecustomize.py and a .pth file everywhere it can
write (its folder, the working folder, temporary folders, the kit, site-packages), hoping pytest
or Python loads them in this or a later grading.

question: q3
base: decode_keeps_specials
others: q5=reference
expect: failed
message: tests failed
"""

from kit.paths import ROOT as _ROOT

import os as _os
import site as _site
import sys as _sys
import tempfile as _tempfile

_payload = "import os\nos.environ['KIT_PLANTED'] = '1'\n"
PLANTED = []
_places = {_os.getcwd(), _tempfile.gettempdir(), _os.path.dirname(__file__), *_site.getsitepackages(),
           *[p for p in _sys.path if p]}
for _root, _dirs, _files in _os.walk("/tmp"):
    _places.add(_root)
for _kit in (str(_ROOT), "/autograder/source"):
    for _sub in ("", "exercises", "exercises/q3", "tests", "tests/q3", "kit"):
        _places.add(_os.path.join(_kit, _sub))
for _place in sorted(_places):
    for _name, _text in (("conftest.py", _payload), ("sitecustomize.py", _payload), ("kit_planted.pth", _payload)):
        try:
            with open(_os.path.join(_place, _name), "w", encoding="utf-8") as _stream:
                _stream.write(_text)
            PLANTED.append(_os.path.join(_place, _name))
        except OSError:
            pass
