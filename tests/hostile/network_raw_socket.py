"""A solution that reaches the harness's server on 127.0.0.1 through the `_socket` extension
module directly (under any socket-level guard written in Python).

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""

_raw = __import__("_soc" + "ket")
try:
    _s = _raw.socket(_raw.AF_INET, _raw.SOCK_STREAM)
    _s.settimeout(2)
    _s.connect(("127.0.0.1", KIT_TEST_PORT))
    _s.send(b"GET /raw-socket HTTP/1.0\r\n\r\n")
    ANSWER = _s.recv(100)
except OSError as _exc:
    NETWORK_ERROR = repr(_exc)
