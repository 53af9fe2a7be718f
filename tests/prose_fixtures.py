"""Test helper for the prose checks and similarity: the real reports as `Report`s.

Prose comes from the real parser (lib.parse.parse_file); the cells come from the hand-checked
truth files, so that prose-vs-table checks are tested against the true table values.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from lib.parse import parse_file
from lib.report import Report
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
