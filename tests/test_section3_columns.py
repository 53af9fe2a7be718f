"""Section III values → the seven applicant columns when a row has more cells than columns:
empty label cells before the values, empty padding after them, a 小计 column. Rows as tables,
and the real jiujianlou report (numbered, with empty cells) converted to DOCX and ruled PDF."""

from __future__ import annotations

import pytest
from convert import docx_from_parts, pdf_from_parts, text_parts
from test_parse_variants import assert_cells, numbered

from lib.parse import parse_file
from lib.parse.section3 import _map_columns
from lib.parse.values import parse_value
from lib.template import S3_COLUMNS

COLS = [c.code for c in S3_COLUMNS]


def _mapped(cells: list[str]) -> list[str]:
    vals = [(parse_value(c), "") for c in cells]
    m = _map_columns(vals)
    assert m is not None, cells
    return ["" if m[c][0].blank else f"{m[c][0].num:g}" for c in COLS]


@pytest.mark.parametrize(
    ("cells", "seven"),
    [
        # exactly seven
        (["1", "", "", "", "", "", "1"], ["1", "", "", "", "", "", "1"]),
        # an empty second label cell before the values
        (["", "5", "0", "0", "0", "0", "0", "5"], ["5", "0", "0", "0", "0", "0", "5"]),
        # a short row padded to the table's width after its total
        (["26", "", "", "", "", "", "26", ""], ["26", "", "", "", "", "", "26"]),
        # both: the reading that adds up wins (empty natural, padding after the total)
        (["", "3", "2", "", "", "", "5", ""], ["", "3", "2", "", "", "", "5"]),
        # both, neither adds up: empty cells after a filled total are padding
        (["", "31", "32", "", "34", "35", "36", ""], ["", "31", "32", "", "34", "35", "36"]),
        (["", "4", "", "", "", "", "", "4"], ["4", "", "", "", "", "", "4"]),
        # a 小计 column after the five organisation columns
        (["4", "1", "1", "0", "0", "0", "2", "6"], ["4", "1", "1", "0", "0", "0", "6"]),
        # all zeros padded (pages copied as text): not a 小计 column
        (["0", "", "", "", "", "", "0", ""], ["0", "", "", "", "", "", "0"]),
    ],
)
def test_seven_columns_from_a_wider_row(cells, seven):
    assert _mapped(cells) == seven


def _numbered_with_blanks(tmp_path):
    """The numbered report with four cells emptied, the first column of a short row among them."""
    text, exp = numbered()
    emptied = [k for k, v in exp.items() if v in (30, 33, 41, 45)]
    assert "s3.carried_over.natural" in emptied
    for k in emptied:
        text = text.replace(f"\t{int(exp[k])}\n", "\t\n", 1)
        exp[k] = 0
    src = tmp_path / "numbered.txt"
    src.write_text(text, encoding="utf-8")
    return text_parts(src), exp, emptied


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_empty_first_cell_of_a_short_row_keeps_its_column(tmp_path, fmt):
    """Rows of one label cell are one cell shorter than the outcome rows (two label cells): the
    reader pads them at the end. An empty 自然人 cell in such a row shifted every value one
    column to the left (seen on the ruled-PDF conversion of the real report)."""
    parts, exp, emptied = _numbered_with_blanks(tmp_path)
    if fmt == "pdf":
        out = pdf_from_parts(parts, tmp_path / "numbered.pdf")
    else:
        out = docx_from_parts(parts, tmp_path / "numbered.docx", merge=False)
    rep = parse_file(out)
    assert_cells(rep, exp)
    assert set(emptied) <= rep.blank
