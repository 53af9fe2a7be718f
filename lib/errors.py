"""The library's own errors. Every user-facing failure is one line: '<file>: <reason>'."""

from __future__ import annotations


class GongkaiError(Exception):
    """Base class: carries the file it concerns and a one-line reason."""

    def __init__(self, file: str, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class ReadError(GongkaiError):
    """The file could not be read as a document (corrupt, unsupported, hostile, scanned)."""


class ParseError(GongkaiError):
    """The document was read but is not an annual report we can map (e.g. no section III)."""


class IngestError(GongkaiError):
    """A report could not be stored (archive refused, database problem)."""
