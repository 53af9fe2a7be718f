"""What every reader produces: a document as paragraphs and tables of cell text, in order.

Readers (lib.read) know formats; the parser (lib.parse) knows only this model.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str
    where: str = ""  # provenance, e.g. "line 12", "page 3"


@dataclass
class Table:
    # Cell text per row; merged cells (rowspan/colspan) are expanded by repeating the text.
    rows: list[list[str]]
    where: str = ""  # e.g. "table 2", "page 4 table 1", "lines 40-120"
    # Optional per-cell provenance (same shape as rows), e.g. "line 57"; None where unknown.
    cell_where: list[list[str]] | None = None

    def cell_source(self, r: int, c: int) -> str:
        if self.cell_where and r < len(self.cell_where) and c < len(self.cell_where[r]):
            return self.cell_where[r][c]
        return f"{self.where} row {r + 1} col {c + 1}".strip()


Block = Paragraph | Table


@dataclass
class Document:
    file: str  # name shown to users (path or archive member)
    format: str  # "txt" | "html" | "docx" | "pdf" | "image" (a scan) | "doc" | "rtf"
    encoding: str | None
    sha256: str
    blocks: list[Block] = field(default_factory=list)
    # Metadata a format states outside the body text (HTML <title>, meta publish date, PDF info).
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text(self) -> str:
        """All text in order, tables as tab-separated lines (for prose checks and similarity)."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            else:
                out.extend("\t".join(r) for r in b.rows)
        return "\n".join(out)
