"""PDF reader on the three real PDF reports (ruled tables across pages, page numbers)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from convert import (
    fixture,
    html_parts,
    pdf_from_parts,
    pdf_via_chromium,
    row_by_label,
    s3_value_rows,
    s4_value_rows,
    shown,
    truth,
    truth_s3_rows,
    truth_s4_row,
)
from fpdf import FPDF

from lib.document import Paragraph, Table
from lib.errors import ReadError
from lib.read import detect_format, read_document

ROOT = Path(__file__).resolve().parent.parent

PDFS = ["huaian-city-gov-2024.pdf", "hongze-district-gov-2023.pdf", "hongze-district-gov-2024.pdf"]
S2_ROWS = {
    "规章": ("s2.rules.issued", "s2.rules.abolished", "s2.rules.in_force"),
    "行政规范性文件": (
        "s2.normative_docs.issued",
        "s2.normative_docs.abolished",
        "s2.normative_docs.in_force",
    ),
    "行政许可": ("s2.licensing.decisions",),
    "行政处罚": ("s2.penalty.decisions",),
    "行政强制": ("s2.enforcement.decisions",),
    "行政事业性收费": ("s2.fees.amount_wan",),
}
PAGE_NUMBER = re.compile(r"^[-—\s]*\d+[-—\s]*$")

_docs: dict[str, object] = {}


def read(name: str):
    if name not in _docs:
        _docs[name] = read_document(fixture(name))
    return _docs[name]


@pytest.mark.parametrize("name", PDFS)
def test_every_section3_number_is_a_cell_in_row_order(name):
    # Across the page break too: the continued table's rows follow in order.
    assert s3_value_rows(read(name)) == truth_s3_rows(truth(name))


@pytest.mark.parametrize("name", PDFS)
def test_section4_row(name):
    assert s4_value_rows(read(name)) == [truth_s4_row(truth(name))]


@pytest.mark.parametrize("name", PDFS)
def test_section2_cells(name):
    doc, t = read(name), truth(name)
    for label, keys in S2_ROWS.items():
        values = [c for c in row_by_label(doc, label)[1:] if c]
        want = [shown(t, k) for k in keys]
        # A one-value row spans the value columns: the merged cell is repeated.
        assert values == (want if len(keys) > 1 else want * len(values)), label


@pytest.mark.parametrize("name", PDFS)
def test_no_page_number_leaks(name):
    doc = read(name)
    cells = [c for t in doc.tables for r in t.rows for c in r]
    assert not [c for c in cells if PAGE_NUMBER.match(c) and "-" in c]
    assert not [p.text for p in doc.paragraphs if PAGE_NUMBER.match(p.text)]


def test_huaian_page_number_does_not_glue_onto_769():
    # The truth notes: pdftotext-style extraction reads '7696' for the cell 769.
    name = "huaian-city-gov-2024.pdf"
    doc = read(name)
    assert "7696" not in doc.text()
    row = row_by_label(doc, "三、本年度办理结果")  # first outcome row: the table has the label
    assert row[1] == "（一）予以公开"
    rows = [r for t in doc.tables for r in t.rows if len(r) == 10]
    not_held = next(r for r in rows if r[2] == "1.本机关不掌握相关政府信息")
    assert not_held[-1] == str(truth(name)["cells"]["s3.unable_not_held.total"]) == "769"


def test_table_continued_on_next_page_is_the_next_table():
    doc = read("huaian-city-gov-2024.pdf")
    where = {r[2]: t.where for t in doc.tables for r in t.rows if len(r) == 10}
    assert where["1.本机关不掌握相关政府信息"] == "page 4 table 2"
    assert where["2.没有现成信息需要另行制作"] == "page 5 table 1"
    blocks = doc.blocks
    i = next(
        k for k, b in enumerate(blocks) if isinstance(b, Table) and b.where == "page 4 table 2"
    )
    assert isinstance(blocks[i + 1], Table) and blocks[i + 1].where == "page 5 table 1"


@pytest.mark.parametrize("name", PDFS)
def test_headings_are_paragraphs_before_their_tables(name):
    doc = read(name)
    order = []
    for b in doc.blocks:
        if isinstance(b, Table):
            order.append("T")
        elif re.match(r"^[二三四五]、", b.text):
            order.append(b.text[:2])
    # Section II's table may continue on the next page (two tables in a row).
    squeezed = [k for i, k in enumerate(order) if k != "T" or order[i - 1] != "T"]
    assert squeezed == ["二、", "T", "三、", "T", "四、", "T", "五、"]
    assert all(re.fullmatch(r"page \d+", p.where) for p in doc.paragraphs)
    assert all(re.fullmatch(r"page \d+ table \d+", t.where) for t in doc.tables)


@pytest.mark.parametrize("name", PDFS)
def test_header_cells_split_over_lines_are_joined(name):
    header = next(r for t in read(name).tables for r in t.rows if "商业企业" in r)
    assert header[3:] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]


def test_prose_on_white_boxes_is_not_a_table():
    # hongze paints a white rectangle behind each line of prose: still paragraphs.
    doc = read("hongze-district-gov-2023.pdf")
    texts = [p.text for p in doc.paragraphs]
    assert "二、主动公开政府信息情况" in texts
    assert any(t.startswith("级审核、先审后发") for t in texts)
    assert not any("级审核" in c for t in doc.tables for r in t.rows for c in r)
    assert doc.meta["title"] == "洪泽区人民政府"


def _image_only_pdf(png: bytes) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(png), x=10, y=10, w=190)
    return bytes(pdf.output())


def test_scanned_pdf_without_the_ocr_extra_says_how_to_install_it(tmp_path):
    # A "scan": page 4 of a real report rendered to an image and put alone on a PDF page,
    # read by a Python in which the OCR package cannot be imported (as without the extra).
    with pdfplumber.open(fixture("huaian-city-gov-2024.pdf")) as pdf:
        buf = io.BytesIO()
        pdf.pages[3].to_image(resolution=60).original.save(buf, format="PNG")
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_only_pdf(buf.getvalue()))
    assert detect_format(path.read_bytes(), "scan.pdf") == "pdf"
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.startswith('rapidocr'): raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from lib.cli import main\n"
        "sys.exit(main(['parse', sys.argv[1]]))\n"
    )
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                       cwd=ROOT, check=False)  # fmt: skip
    assert r.returncode == 1
    assert r.stderr.strip() == (
        f"{path}: no text layer (scanned PDF); OCR needs the optional extra: "
        "pip install 'gongkai[ocr]'"
    )


def test_encrypted_pdf_is_refused():
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="2024 annual report")
    with pytest.raises(ReadError, match="encrypted PDF") as e:
        read_document(None, data=bytes(pdf.output()), name="locked.pdf")
    assert str(e.value).startswith("locked.pdf: ")


def test_blank_pages_are_refused():
    pdf = FPDF()
    pdf.add_page()
    pdf.add_page()
    with pytest.raises(ReadError, match="PDF without any text"):
        read_document(None, data=bytes(pdf.output()), name="blank.pdf")


def test_paragraph_text_keeps_reading_order():
    doc = read("huaian-city-gov-2024.pdf")
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert texts[:2] == ["淮安市人民政府", "2024 年政府信息公开工作年度报告"]
    assert texts[-1] == "办法》，全年收取政府信息公开信息处理费 3940 元。"


@pytest.fixture(scope="module")
def stamped(tmp_path_factory):
    """The Shuyang report rendered to PDF with ruled tables and a diagonal site watermark."""
    out = tmp_path_factory.mktemp("pdf") / "shuyang.pdf"
    return read_document(pdf_from_parts(html_parts(fixture(SHUYANG)), out, watermark=WATERMARK))


SHUYANG = "shuyang-fgj-2023.html"
WATERMARK = "沭阳县人民政府网站"


def test_converted_pdf_values_survive_a_watermark(stamped):
    t = truth(SHUYANG)
    assert s3_value_rows(stamped) == truth_s3_rows(t)
    assert s4_value_rows(stamped) == [truth_s4_row(t)]
    # The watermark crosses the tables and the prose: no stray glyph may land anywhere.
    html = read_document(fixture(SHUYANG))
    assert stamped.tables[0].rows == html.tables[0].rows
    assert not [p.text for p in stamped.paragraphs if len(p.text) <= 2]
    assert not any("网站" in c for tb in stamped.tables for r in tb.rows for c in r)


def test_converted_pdf_table_broken_across_pages(stamped):
    s3 = [tb for tb in stamped.tables if any("申请" in c for r in tb.rows for c in r)]
    pages = [tb.where.split(" table")[0] for tb in s3]
    assert len(s3) == 2 and pages[0] != pages[1]
    assert stamped.blocks.index(s3[0]) + 1 == stamped.blocks.index(s3[1])


def test_pages_that_are_only_pictures_are_read_by_ocr():
    # A report whose table page was pasted as a picture: text on page 1, page 2 a scan of
    # the real section II/III page 4. The picture is read by OCR, its numbers in table rows
    # equal to those the text layer of the real page gives.
    with pdfplumber.open(fixture("huaian-city-gov-2024.pdf")) as pdf:
        buf = io.BytesIO()
        pdf.pages[3].to_image(resolution=200).original.save(buf, format="PNG")
    out = FPDF()
    out.add_page()
    out.set_font("helvetica", size=12)
    out.cell(text="Huai'an 2024")
    out.add_page()
    out.image(io.BytesIO(buf.getvalue()), x=10, y=10, w=190)
    doc = read_document(None, data=bytes(out.output()), name="mixed.pdf")
    assert doc.meta["ocr_pages"] == "2"
    assert doc.paragraphs[0].text == "Huai'an 2024"
    real = read("huaian-city-gov-2024.pdf")
    assert "ocr_pages" not in real.meta and "image_pages" not in real.meta

    def numbers(tables):
        return [[c for c in row if re.fullmatch(r"-?[\d.]+", c)] for t in tables for row in t.rows
                if any(re.fullmatch(r"-?[\d.]+", c) for c in row)]  # fmt: skip

    want = numbers(t for t in real.tables if t.where.startswith("page 4 "))
    got = numbers(doc.tables)
    assert got == want
    assert all("ocr" in w for t in doc.tables for row in t.cell_where for w in row
               if re.search(r"box", w))  # fmt: skip


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The real Shuyang web page printed to PDF by headless Chromium."""
    try:
        path = pdf_via_chromium(fixture(SHUYANG), tmp_path_factory.mktemp("chrome") / "sy.pdf")
    except FileNotFoundError:
        pytest.skip("chromium is not installed")
    return read_document(path)


def test_browser_printed_pdf_matches_truth(printed):
    t = truth(SHUYANG)
    # Rows cut by page breaks have no border there; they are still rows, in order.
    assert s3_value_rows(printed) == truth_s3_rows(t)
    assert s4_value_rows(printed) == [truth_s4_row(t)]
    assert not [p.text for p in printed.paragraphs if re.fullmatch(r"[\d\s]+", p.text)]


def test_browser_printed_pdf_text_is_ordinary_chinese(printed):
    # Chromium's font maps 一二行文民 … to Kangxi radicals; the reader gives the ideographs.
    assert not re.search("[\u2e80-\u2fdf\uf900-\ufaff]", printed.text())
    assert row_by_label(printed, "规范性文件")[1:] == ["8", "0", "18"]
    # The title's "2023" is set in another font, a few points lower: still one line.
    assert printed.paragraphs[0].text == truth(SHUYANG)["body"] + "2023年政府信息公开年度报告"


@pytest.mark.parametrize("name", ["shuyang-fgj-2023.html", "shanghai-gov-office-2019.html"])
def test_browser_printed_pdf_parses_to_truth(tmp_path, name):
    # End to end: the real web page printed by Chromium reads and parses to its truth.
    from lib.parse import parse_file

    try:
        path = pdf_via_chromium(fixture(name), tmp_path / "r.pdf")
    except FileNotFoundError:
        pytest.skip("chromium is not installed")
    report = parse_file(path)
    t = truth(name)
    assert (report.year, report.template) == (t["year"], t["template"])
    assert {k: report.cells.get(k) for k in t["cells"]} == t["cells"]


def test_watermarked_pdf_parses_to_truth(stamped):
    from lib.parse import parse_document

    t = truth(SHUYANG)
    report = parse_document(stamped)
    assert {k: report.cells.get(k) for k in t["cells"]} == t["cells"]
