"""A solution saved in a legacy Korean encoding (cp949, declared by a PEP 263 cookie) that a UTF-8
reader cannot decode; it starts a shell command, which the static check must still report.

question: q3
base: decode_keeps_specials
encoding: cp949
expect: failed
message: tests failed
advice: subprocess
"""

import subprocess  # 한국어 주석: 이 파일은 cp949로 저장되었습니다

try:
    subprocess.run(["true"], timeout=5)
except OSError:
    pass
