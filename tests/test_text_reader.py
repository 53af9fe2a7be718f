"""The plain-text reader on the real jiujianlou report and real text transformed."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.document import Paragraph, Table
from lib.errors import ReadError
from lib.read.text import read_text

FIX = Path(__file__).parent / "fixtures" / "reports"
JIU = (FIX / "jiujianlou-2020.txt").read_bytes()


def _row(doc, first: str) -> tuple[list[str], list[str]]:
    for t in doc.tables:
        for r, row in enumerate(t.rows):
            if row and row[0] == first:
                return row, [t.cell_source(r, c) for c in range(len(row))]
    raise AssertionError(first)


def test_one_cell_per_line_layout():
    doc = read_text(JIU, "jiujianlou-2020.txt")
    assert doc.format == "txt" and doc.encoding == "utf-8"
    assert isinstance(doc.blocks[0], Paragraph)
    assert doc.blocks[0].text == "九间楼乡政府信息公开工作2020年度报告"
    assert doc.blocks[0].where == "line 1"
    row, where = _row(doc, "规章")
    assert row == ["规章", "0", "0", "0"]
    assert where == ["line 16", "line 17", "line 18", "line 19"]
    # An indented empty line is an empty cell: the group cells before a section III label.
    row, _ = _row(doc, "")
    assert row[0] == ""
    labels = [r for t in doc.tables for r in t.rows if "2.其他法律行政法规禁止公开" in r]
    assert labels == [["", "", "2.其他法律行政法规禁止公开"] + ["0"] * 7]
    # Section IV: 15 value cells in one row.
    assert any(len(r) == 15 and set(r) == {"0"} for t in doc.tables for r in t.rows)


@pytest.mark.parametrize(
    ("enc", "expect"),
    [
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_encodings_detected(enc, expect):
    text = JIU.decode("utf-8")
    doc = read_text(text.encode(enc), "x.txt")
    assert doc.encoding == expect
    assert doc.blocks[0].text == "九间楼乡政府信息公开工作2020年度报告"
    assert doc.text() == read_text(JIU, "x.txt").text()


def test_crlf_gives_the_same_document():
    crlf = JIU.replace(b"\n", b"\r\n")
    assert read_text(crlf, "x").text() == read_text(JIU, "x").text()


def test_pipe_markdown_and_tsv_tables():
    text = (
        "二、主动公开政府信息情况\n"
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        "|---|---|---|---|\n"
        "| 规章 | 1 | 0 | 11 |\n"
        "\n"
        "行政处罚\t3985758\t\n"
        "行政强制\t88283\t\n"
    )
    doc = read_text(text.encode(), "x.md")
    t1, t2 = doc.tables
    assert t1.rows == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "11"],
    ]
    assert t1.cell_source(1, 0) == "line 4"
    assert t2.rows == [["行政处罚", "3985758", ""], ["行政强制", "88283", ""]]


def test_pdf_text_lines_stay_paragraphs():
    doc = read_text("（一）予以公开 1288 21 0 0 50 3 1362\n".encode(), "x.txt")
    assert doc.blocks == [Paragraph("（一）予以公开 1288 21 0 0 50 3 1362", "line 1")]
    assert not isinstance(doc.blocks[0], Table)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_binary_garbage_is_refused(seed):
    import random

    data = random.Random(seed).randbytes(4000)
    with pytest.raises(ReadError, match="not a text document"):
        read_text(data, "garbage.txt")


def test_garbled_tail_is_still_text():
    """A few damaged bytes do not turn a UTF-8 file into GB18030 mojibake."""
    data = JIU[:3000] + bytes(range(0x80, 0x88)) + JIU[3000:]
    doc = read_text(data, "x.txt")
    assert doc.encoding == "utf-8"
    assert doc.blocks[0].text.startswith("九间楼乡")


def test_word_bookmarks_are_dropped():
    """DOCX-to-text tools leave `[bookmark: _GoBack]` (jiujianlou has one in its prose)."""
    assert b"[bookmark: _GoBack]" in JIU
    doc = read_text(JIU.replace(b"\t0\n", b"\t[bookmark: _GoBack]0\n", 1), "x.txt")
    assert "[bookmark:" not in doc.text()
    row, _ = _row(doc, "规章")
    assert row == ["规章", "0", "0", "0"]
