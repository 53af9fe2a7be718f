"""Web pages copied as text, in the two layouts portals' text views give them, built from real
reports: every cell of the real tables (spans, blanks, labels wrapped over lines) goes through.

- bar layout: each cell's text on its own line(s) and a line "|" after every cell, merged cells
  written once, nothing marking a row's end (seen on a county portal's 2023 township report,
  www.xjnlk.gov.cn …/46aba5e181454bc798b5443c493da056.shtml);
- padded pipes: one line per row, merged cells written once, the row padded with empty cells
  (`行政许可 | 0 | ||`, seen on several township pages).
"""

from __future__ import annotations

import pytest
from convert import bar_text, fixture, html_parts, padded_pipe_text, text_parts, truth
from test_parse_variants import assert_cells, numbered

from lib.parse import parse_file

REAL = ["shuyang-fgj-2023.html", "shanghai-gov-office-2019.html"]


def _parse(text: str, name: str = "copied.txt"):
    return parse_file(None, data=text.encode("utf-8"), name=name)


def _assert_truth(rep, name: str) -> None:
    t = truth(name)
    assert (rep.body, rep.year, rep.template) == (t["body"], t["year"], t["template"])
    wrong = {k: (rep.cells.get(k), v) for k, v in t["cells"].items() if rep.cells.get(k) != v}
    assert wrong == {}
    if "blank_keys" in t:
        assert {k for k in rep.blank if k in t["cells"]} == set(t["blank_keys"])


@pytest.mark.parametrize("empty", ["", None], ids=["blank-line", "nothing"])
@pytest.mark.parametrize("name", REAL)
def test_real_pages_in_the_bar_layout(name, empty):
    text = bar_text(html_parts(fixture(name)), empty=empty)
    assert "\n|\n" in text
    rep = _parse(text)
    _assert_truth(rep, name)
    assert rep.format == "txt"


@pytest.mark.parametrize("name", REAL)
def test_real_pages_as_padded_pipe_rows(name):
    text = padded_pipe_text(html_parts(fixture(name)))
    assert "||" in text
    _assert_truth(_parse(text), name)


def test_numbered_report_in_the_bar_layout(tmp_path):
    """Every one of the 99 cells holds a distinct number: a cell read into the wrong key shows."""
    text, exp = numbered()
    src = tmp_path / "numbered.txt"
    src.write_text(text, encoding="utf-8")
    rep = _parse(bar_text(text_parts(src)))
    assert (rep.body, rep.year, rep.template) == ("九间楼乡", 2020, "2019")
    assert_cells(rep, exp)


def test_empty_cells_in_the_bar_layout_keep_the_columns_of_the_others(tmp_path):
    text, exp = numbered()
    keys = [k for k, v in exp.items() if v in (8, 9, 40)]  # one S2 and two S3 cells
    for k in keys:
        text = text.replace(f"\t{int(exp[k])}\n", "\t\n", 1)
        exp[k] = 0
    src = tmp_path / "blanks.txt"
    src.write_text(text, encoding="utf-8")
    rep = _parse(bar_text(text_parts(src), empty=None))
    assert_cells(rep, exp)
    assert set(keys) <= rep.blank
    assert not rep.blank & {k for k, v in exp.items() if v}


def test_provenance_in_the_bar_layout_names_the_line_of_each_number():
    name = "shuyang-fgj-2023.html"
    text = bar_text(html_parts(fixture(name)))
    lines = text.split("\n")
    rep = _parse(text)
    for key in ("s3.new.natural", "s3.new.total", "s4.review_total"):
        n = int(rep.provenance[key].removeprefix("line "))
        assert float(lines[n - 1]) == rep.cells[key], key


def test_padded_pipe_row_starting_with_an_empty_cell():
    """Without a left border, a row that starts with "|" starts with an empty cell: the
    section IV row of the real Shanghai page with its first cell (复议 结果维持) emptied."""
    name = "shanghai-gov-office-2019.html"
    parts = html_parts(fixture(name))
    s4 = next(r for p in parts if not isinstance(p, str) for r in p if len(r) == 15)
    s4[0] = ("", *s4[0][1:])
    text = padded_pipe_text(parts)
    assert any(line.startswith(" | ") for line in text.split("\n"))
    rep = _parse(text)
    t = truth(name)
    exp = {**t["cells"], "s4.review_upheld": 0}
    assert {k: rep.cells[k] for k in exp} == exp
    assert "s4.review_upheld" in rep.blank
