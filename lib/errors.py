"""The library's own errors. Every user-facing failure is one line: '<file>: <reason>'.

Names come from file systems and archives and may hold anything: bytes that are not UTF-8
(Python keeps them as lone surrogates), newlines, terminal control codes. `safe_text` makes a
name storable (lossless: undecodable bytes become the text \\xNN); `one_line` makes any text
printable on one line (control and bidi-override characters written as escapes).
"""

from __future__ import annotations

import re

_SURROGATE = re.compile(r"[\ud800-\udfff]")
# C0/C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _surrogate(m: re.Match) -> str:
    o = ord(m.group())
    return f"\\x{o - 0xDC00:02x}" if 0xDC80 <= o <= 0xDCFF else f"\\u{o:04x}"


def _control(m: re.Match) -> str:
    c = m.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def safe_text(s: object) -> str:
    """`s` as text that every encoder accepts: an undecodable byte of a file name (kept by
    Python as a lone surrogate) becomes the four characters \\xNN."""
    s = str(s)
    return _SURROGATE.sub(_surrogate, s) if _SURROGATE.search(s) else s


def one_line(s: object) -> str:
    """`safe_text(s)` with newlines and other control characters escaped: one printable line."""
    s = safe_text(s)
    return _CONTROL.sub(_control, s) if _CONTROL.search(s) else s


class GongkaiError(Exception):
    """Base class: carries the file it concerns and a one-line reason."""

    def __init__(self, file: str, reason: str):
        file, reason = safe_text(file), safe_text(reason)
        super().__init__(f"{one_line(file)}: {one_line(reason)}")
        self.file = file
        self.reason = reason


class ReadError(GongkaiError):
    """The file could not be read as a document (corrupt, unsupported, hostile, scanned)."""


class ParseError(GongkaiError):
    """The document was read but is not an annual report we can map (e.g. no section III)."""


class IngestError(GongkaiError):
    """A report could not be stored (archive refused, database problem)."""
