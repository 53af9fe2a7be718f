"""The original text a number was read from: the table row (or paragraph) of a document whose
provenance is `where` ("table 1 row 10 col 2", "line 57", "page 1 table 1 row 4 col 3")."""

from __future__ import annotations

from lib.document import Document, Table


def excerpt(doc: Document, where: str) -> tuple[list[str], int] | None:
    """(the cells of the row as written, index of the cell read) or None when not found."""
    if not where:
        return None
    for b in doc.blocks:
        if isinstance(b, Table):
            for r, row in enumerate(b.rows):
                for c in range(len(row)):
                    if b.cell_source(r, c) == where:
                        return list(row), c
        elif b.where == where:
            return [b.text], 0
    return None
