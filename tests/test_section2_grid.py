"""Section II values placed by the header above them on the real Shanghai 2019 page, whose data
cells span other grid columns than its headers (上一年项目数量 data cell over columns 1-2,
本年增/减 header over columns 2-3)."""

from __future__ import annotations

import pytest
from convert import fixture

from lib.parse import parse_file

NAME = "shanghai-gov-office-2019.html"
ROW = (
    '其他对外管理服务事项</p></td><td colspan="2" nowrap="nowrap"><p align="center">{}</p></td>'
    '<td nowrap="nowrap"><p align="center">{}</p></td>'
    '<td nowrap="nowrap"><p align="center">{}</p></td>'
)
KEY = "s2.other_services."


def _page(prev: str, change: str, decisions: str) -> bytes:
    page = fixture(NAME).read_text(encoding="utf-8")
    assert page.count(ROW.format(0, 0, 0)) == 1
    return page.replace(ROW.format(0, 0, 0), ROW.format(prev, change, decisions)).encode()


@pytest.mark.parametrize(
    ("cells", "values", "blank"),
    [
        (("12", "-3", "7"), (12, -3, 7), ()),
        # both cells right of the merged one left empty: each is its own column's blank
        (("12", "&nbsp;", "&nbsp;"), (12, 0, 0), ("change", "decisions")),
        (("12", "-3", "&nbsp;"), (12, -3, 0), ("decisions",)),
        (("12", "&nbsp;", "7"), (12, 0, 7), ("change",)),
        # the merged cell empty: its repeat is empty too, and is still passed over
        (("&nbsp;", "-11", "12"), (0, -11, 12), ("prev_items",)),
        (("&nbsp;", "&nbsp;", "12"), (0, 0, 12), ("prev_items", "change")),
    ],
)
def test_values_under_misaligned_header_spans(cells, values, blank):
    rep = parse_file(None, data=_page(*cells), name=NAME)
    cols = ("prev_items", "change", "decisions")
    assert tuple(rep.cells[KEY + c] for c in cols) == values
    assert {c for c in cols if KEY + c in rep.blank} == set(blank)


def test_provenance_names_the_cell_under_the_header():
    """本年增/减 is read from grid column 4, the page's own cell, not column 3 (the repeat of
    the merged 上一年项目数量 cell), even where both hold the same number."""
    rep = parse_file(fixture(NAME))
    assert rep.provenance[KEY + "change"] == "table 1 (line 1) row 8 col 4"
    assert rep.provenance[KEY + "prev_items"] == "table 1 (line 1) row 8 col 2"
