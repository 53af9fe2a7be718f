"""The canonical report: what parsing a document yields and what the store keeps."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Finding:
    rule: str  # "R1".."R7", or another check's id (e.g. "UNIT", "EXTRA_ROW", "SIM", "LEVEL")
    keys: list[str]
    expected: float | None
    actual: float | None
    severity: str  # "error" | "warning" | "info"
    message_zh: str
    message_en: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    file: str
    body: str
    year: int | None
    template: str  # "2019" | "2021"
    format: str
    encoding: str | None
    sha256: str
    cells: dict[str, float] = field(default_factory=dict)
    blank: set[str] = field(default_factory=set)
    provenance: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    prose: dict[str, str] = field(default_factory=dict)  # "s1", "s5", "s6" (and "s7" if present)
    extra_rows: list[dict] = field(default_factory=list)  # rows not in the template, kept
    title: str = ""
    published: str | None = None  # ISO date where the document states one
    single_other: bool = False  # 2021 report that keeps the 2019 single （六） row
    derived: set[str] = field(default_factory=set)  # keys computed, not read (s3.other.* in 2021)
    units: dict[str, str] = field(
        default_factory=dict
    )  # key -> unit as written ("元", "万元", "unknown")
    full_text: str = ""  # the document's text, for prose checks and similarity

    def to_json(self, provenance: bool = False) -> dict:
        out = {
            "file": self.file,
            "body": self.body,
            "year": self.year,
            "template": self.template,
            "format": self.format,
            "encoding": self.encoding,
            "sha256": self.sha256,
            "title": self.title,
            "published": self.published,
            "cells": {k: _num(v) for k, v in self.cells.items()},
            "blank": sorted(self.blank),
            "derived": sorted(self.derived),
            "units": self.units,
            "findings": [f.to_json() for f in self.findings],
            "prose": self.prose,
            "extra_rows": self.extra_rows,
        }
        if provenance:
            out["provenance"] = self.provenance
        return out


def _num(v: float) -> float | int:
    """Whole numbers as int in JSON (0 not 0.0), decimals kept."""
    return int(v) if float(v).is_integer() else v
