"""The two real web pages with every section II (counts), III and IV value cell numbered 1, 2,
3, … in template order (so a number read into the wrong key shows; 本年增/减 negative), some
cells then emptied, and the
result written as HTML, DOCX (merged and repeated cells), a ruled PDF and markdown (merged
cells repeated, or written once as spreadsheets copy them): every cell must come
back under its key, every emptied one as blank. The pages keep their real structure: group
labels spanning many rows, three header rows, headers whose spans differ from the data's."""

from __future__ import annotations

import copy
import random

import pytest
from convert import (
    docx_from_parts,
    fixture,
    html_from_parts,
    html_parts,
    markdown_text,
    pdf_from_parts,
)

from lib.parse import parse_file
from lib.template import S2, template_keys

PAGES = {"shuyang-fgj-2023.html": "2021", "shanghai-gov-office-2019.html": "2019"}


def _is_value(text: str) -> bool:
    return text == "" or text.lstrip("-").isdigit()


def numbered(
    name: str, emptied: int, seed: int, empty: tuple[str, ...] = ()
) -> tuple[list, dict[str, float], set[str]]:
    template = PAGES[name]
    keys = [
        k
        for k in template_keys(template)
        if k.startswith(("s3.", "s4.")) and not (template == "2021" and k.startswith("s3.other."))
    ]
    n3 = sum(1 for k in keys if k.startswith("s3."))
    parts = copy.deepcopy(html_parts(fixture(name)))
    tables = [p for p in parts if not isinstance(p, str)]
    s3 = next(t for t in tables if any("予以公开" in c[0] for r in t for c in r))
    s4 = next(t for t in tables if any("复议后起诉" in c[0] for r in t for c in r))
    slots = []  # (row, column index) of every value cell, in template order
    for table, width, limit in ((s3, 7, n3), (s4, 15, len(keys))):
        for row in table:
            at = [j for j, c in enumerate(row) if _is_value(c[0])]
            if len(at) >= width and len(slots) < limit:
                slots.extend((row, j) for j in at[-width:])
    assert len(slots) == len(keys), (len(slots), len(keys))
    s2 = next(t for t in tables if any("第二十条" in c[0] for r in t for c in r))
    for group in S2[template]:
        for r in group.rows:
            row = next(row for row in s2 if row and row[0][0] in (r.zh, *r.stems))
            assert len(row) - 1 == len(group.columns), r.zh
            for j, c in enumerate(group.columns, start=1):
                if c.code not in ("amount", "amount_wan"):  # units: see the unit tests
                    keys.append(f"s2.{r.code}.{c.code}")
                    slots.append((row, j))
    exp: dict[str, float] = {}
    for k, (key, (row, j)) in enumerate(zip(keys, slots), start=1):
        _t, rs, cs = row[j]
        value = -k if key.endswith(".change") else k
        row[j] = (str(value), rs, cs)
        exp[key] = value
    blank = set(random.Random(seed).sample(keys, emptied)) | set(empty)
    for key, (row, j) in zip(keys, slots):
        if key in blank:
            _t, rs, cs = row[j]
            row[j] = ("", rs, cs)
            exp[key] = 0
    return parts, exp, blank


def _write(parts: list, fmt: str, tmp_path) -> tuple[bytes, str]:
    if fmt == "html":
        return html_from_parts(parts).encode("utf-8"), "page.html"
    if fmt == "html-traditional":  # as portals mirror it in traditional script
        from opencc import OpenCC

        return OpenCC("s2t").convert(html_from_parts(parts)).encode("utf-8"), "page.html"
    if fmt.startswith("markdown"):
        return markdown_text(parts, repeat=fmt == "markdown-repeated").encode(), "page.md"
    if fmt.startswith("docx"):
        out = docx_from_parts(parts, tmp_path / "page.docx", merge=fmt == "docx-merged")
        return out.read_bytes(), out.name
    return pdf_from_parts(parts, tmp_path / "page.pdf").read_bytes(), "page.pdf"


@pytest.mark.parametrize(
    "fmt",
    [
        "html",
        "html-traditional",
        "docx-merged",
        "docx-repeated",
        "pdf",
        "markdown-repeated",
        "markdown-once",
    ],
)
@pytest.mark.parametrize(("emptied", "seed"), [(0, 0), (6, 1), (12, 2)])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_numbered_cell_comes_back_under_its_key(tmp_path, name, emptied, seed, fmt):
    parts, exp, blank = numbered(name, emptied, seed)
    data, shown = _write(parts, fmt, tmp_path)
    rep = parse_file(None, data=data, name=shown)
    assert rep.template == PAGES[name]
    wrong = {k: (rep.cells.get(k), v) for k, v in exp.items() if rep.cells.get(k) != v}
    assert wrong == {}
    assert blank <= rep.blank
    assert not {k for k, v in exp.items() if v} & rep.blank


@pytest.mark.parametrize("fmt", ["markdown-once", "html", "pdf"])
def test_empty_first_and_last_cell_of_a_row_under_split_headers(tmp_path, fmt):
    """自然人 and 总计 of one row emptied, on the Shanghai page whose header names 自然人/总计
    in one row and the five organisations in the next: the columns come from both header rows
    read together (written once, the markdown's rows had no single row naming all seven)."""
    empty = ("s3.partial.natural", "s3.partial.total")
    parts, exp, blank = numbered("shanghai-gov-office-2019.html", 0, 0, empty)
    data, shown = _write(parts, fmt, tmp_path)
    rep = parse_file(None, data=data, name=shown)
    wrong = {k: (rep.cells.get(k), v) for k, v in exp.items() if rep.cells.get(k) != v}
    assert wrong == {}
    assert set(empty) <= rep.blank


@pytest.mark.parametrize("name", list(PAGES))
def test_text_copied_out_of_the_pdf(tmp_path, name):
    """The numbered page as a ruled PDF, then its text as pdfplumber gives it: labels wrap
    over up to six lines around their numbers (4.无正当理由大 / 127 128 … / 量反复申请), a
    group label's last character lands on the next row's line (理 4.…), an anchored row's
    label ends on the line after its numbers. (Empty cells vanish from such text; none here.)"""
    import pdfplumber

    parts, exp, _blank = numbered(name, 0, 0)
    data, _shown = _write(parts, "pdf", tmp_path)
    (tmp_path / "page.pdf").write_bytes(data)
    with pdfplumber.open(tmp_path / "page.pdf") as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    rep = parse_file(None, data=text.encode("utf-8"), name="page.txt")
    wrong = {k: (rep.cells.get(k), v) for k, v in exp.items() if rep.cells.get(k) != v}
    assert wrong == {}


@pytest.mark.parametrize("how", ["cell-per-paragraph", "row-per-paragraph"])
@pytest.mark.parametrize("name", list(PAGES))
def test_tables_pasted_into_word_as_paragraphs(tmp_path, name, how):
    """The numbered page's tables pasted into Word as plain paragraphs: a cell or a row per
    paragraph (empty cells vanish, so none here). Negative 本年增/减 values stand alone on
    their lines in the first form and must not be taken for page footers ("- 5 -")."""
    parts, exp, _blank = numbered(name, 0, 0)
    paras: list = []
    for p in parts:
        if isinstance(p, str):
            paras.append(p)
            continue
        for row in p:
            cells = [t.replace("\n", "") for t, _rs, _cs in row if t]
            paras.extend(cells if how == "cell-per-paragraph" else [" ".join(cells)])
    rep = parse_file(docx_from_parts(paras, tmp_path / "pasted.docx"))
    wrong = {k: (rep.cells.get(k), v) for k, v in exp.items() if rep.cells.get(k) != v}
    assert wrong == {}


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("cut", [8, 17])
@pytest.mark.parametrize("name", list(PAGES))
def test_section3_table_broken_in_two(tmp_path, name, cut, fmt):
    """Section III as two tables (a page break between them): the second has no header and
    lacks the column of the label that spans rows above the break, so its values start one
    column further left than the first table's header says."""
    parts, exp, blank = numbered(name, 6, cut)
    i = next(
        k
        for k, p in enumerate(parts)
        if not isinstance(p, str) and any("予以公开" in c[0] for r in p for c in r)
    )
    table = parts[i]
    top = [[(t, min(rs, cut - r), cs) for t, rs, cs in row] for r, row in enumerate(table[:cut])]
    parts[i : i + 1] = [top, "— 3 —", table[cut:]]
    data, shown = _write(parts, fmt, tmp_path)
    rep = parse_file(None, data=data, name=shown)
    wrong = {k: (rep.cells.get(k), v) for k, v in exp.items() if rep.cells.get(k) != v}
    assert wrong == {}
    assert blank <= rep.blank
