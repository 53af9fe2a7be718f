"""Test helper for the prose checks and similarity: the real reports as `Report`s.

Prose comes from the real parser (lib.parse.parse_file); the cells come from the hand-checked
truth files, so that prose-vs-table checks are tested against the true table values.
"""

from __future__ import annotations

import dataclasses
import tempfile
from functools import cache
from pathlib import Path

from lib.parse import parse_file
from lib.report import Report
from lib.sample import build_sample, write_sample
from tests.convert import fixture, truth

REAL = (
    "jiujianlou-2020.txt",
    "hongze-district-gov-2023.pdf",
    "hongze-district-gov-2024.pdf",
    "huaian-city-gov-2024.pdf",
    "shuyang-fgj-2023.html",
)


@cache
def _parsed(name: str) -> Report:
    return parse_file(fixture(name))


def real_report(name: str) -> Report:
    """A fresh copy (tests may change it) of a real report: parsed prose, true cells."""
    r = _parsed(name)
    t = truth(name)
    return dataclasses.replace(
        r,
        body=t["body"],
        year=t["year"],
        cells=dict(t["cells"]),
        blank=set(t.get("blank_keys", ())),
        prose=dict(r.prose),
        findings=[],
    )


SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
_TMP: list[tempfile.TemporaryDirectory] = []


@cache
def sample_reports() -> tuple[tuple[str, Report], ...]:
    """The sample county parsed by the real parser: (path under the sample, Report), originals
    only (a revision's prose differs from its original in section VI alone). Uses data/sample,
    or writes the sample into a temporary folder when it is not there."""
    root = SAMPLE_DIR
    if not (root / "bodies.csv").exists():
        _TMP.append(tempfile.TemporaryDirectory())
        root = Path(_TMP[-1].name)
        write_sample(root)
    out = []
    for p in sorted(root.rglob("*")):
        if p.suffix in (".txt", ".html", ".docx", ".pdf") and "修订" not in p.name:
            out.append((str(p.relative_to(root)), parse_file(p)))
    return tuple(out)


@cache
def sample_body_names() -> tuple[str, ...]:
    return tuple(b.name for b in build_sample().bodies)


def planted(kind: str) -> list[tuple[str, int]]:
    """(body, year) of the sample's planted defects of one kind, as the generator recorded them."""
    return [(d.body, d.year) for d in build_sample().defects if d.kind == kind]
