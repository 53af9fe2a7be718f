"""lib.read.excerpt: the row a number was read from, found again in the stored original by its
provenance, in every format of the sample county; the cell read holds the stored number."""

from __future__ import annotations

import pytest

from lib.read import read_document
from lib.read.excerpt import excerpt
from lib.store import read_df, report_source
from lib.ui.report_view import provenance_text


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "txt"])
def test_every_number_of_a_report_is_found_in_its_original(sample_db, fmt):
    rid = int(read_df(sample_db, "SELECT min(report_id) AS r FROM reports WHERE format = ? "
                                 "AND current", [fmt])["r"][0])  # fmt: skip
    cells = read_df(sample_db, "SELECT key, value, blank, provenance FROM cells WHERE "
                               "report_id = ? AND NOT coalesce(derived, false)", [rid])  # fmt: skip
    name, data = report_source(sample_db, rid)
    doc = read_document(None, data=data, name=name)
    for c in cells.itertuples():
        got = excerpt(doc, c.provenance)
        assert got is not None, (fmt, c.key, c.provenance)
        row, at = got
        text = row[at].replace(",", "").strip()
        if c.blank:
            assert text in ("", "-", "—", "/", "0"), (c.key, text)
        else:
            assert float(text) == c.value, (fmt, c.key, row)


def test_unknown_place_is_none(sample_db):
    name, data = report_source(sample_db, 1)
    doc = read_document(None, data=data, name=name)
    assert excerpt(doc, "table 99 row 1 col 1") is None and excerpt(doc, "") is None


def test_the_box_shows_the_row_with_the_cell_read_in_bold():
    row = {"value": 2.0, "blank": False, "provenance": "table 2 row 6 col 4"}
    got = (["三、本年度办理结果", "（一）予以公开", "（一）予以公开", "2", "0", "[x](y)"], 3)
    text = provenance_text(row, "予以公开 · 自然人", "zh", None, got)
    assert "原文：三、本年度办理结果 | （一）予以公开 | **2** | 0 | \\[x\\]\\(y\\)" in text
