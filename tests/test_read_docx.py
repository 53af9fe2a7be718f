"""DOCX reader on real reports converted to DOCX (real Word merges, pasted paragraphs)."""

from __future__ import annotations

import docx
import pytest
from convert import (
    docx_from_parts,
    fixture,
    html_parts,
    s3_value_rows,
    s4_value_rows,
    text_parts,
    truth,
    truth_s3_rows,
    truth_s4_row,
)
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from lib.document import Paragraph, Table
from lib.read import detect_format, read_document

SHUYANG = "shuyang-fgj-2023.html"
JIUJIANLOU = "jiujianlou-2020.txt"


@pytest.fixture(scope="module")
def html_doc():
    return read_document(fixture(SHUYANG))


@pytest.fixture(scope="module")
def merged_path(tmp_path_factory):
    return docx_from_parts(html_parts(fixture(SHUYANG)), tmp_path_factory.mktemp("d") / "sy.docx")


@pytest.fixture(scope="module")
def merged(merged_path):
    return read_document(merged_path)


def test_detected_from_content_not_extension(tmp_path, merged_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(merged_path.read_bytes())
    assert detect_format(path.read_bytes(), "report.pdf") == "docx"
    doc = read_document(path)
    assert doc.format == "docx" and doc.file == str(path) and len(doc.sha256) == 64


def test_merged_cells_expand_like_the_html_spans(merged, html_doc):
    # Word gridSpan/vMerge expansion must give the same grid as HTML colspan/rowspan.
    assert [t.rows for t in merged.tables] == [t.rows for t in html_doc.tables]
    s3 = merged.tables[1]
    assert sum(1 for r in s3.rows if r[0] == "三、本年度办理结果") == 22  # vertical merge
    assert s3.rows[0][3:] == ["申请人情况"] * 7  # horizontal merge


def test_values_match_truth(merged):
    t = truth(SHUYANG)
    assert s3_value_rows(merged) == truth_s3_rows(t)
    assert s4_value_rows(merged) == [truth_s4_row(t)]


def test_body_order_paragraphs_and_tables(merged, html_doc):
    def kinds(doc):
        return ["T" if isinstance(b, Table) else b.text for b in doc.blocks]

    got = kinds(merged)
    assert got.index("三、收到和处理政府信息公开申请情况") == got.index("T", got.index("T") + 1) - 1
    assert [k for k in got if k == "T" or k[:2] in ("二、", "三、", "四、", "五、")] == [
        "二、主动公开政府信息情况", "T", "三、收到和处理政府信息公开申请情况", "T",
        "四、政府信息公开行政复议、行政诉讼情况", "T", "五、存在的主要问题及整改措施",
    ]  # fmt: skip
    assert merged.paragraphs[-1].text == html_doc.paragraphs[-1].text == "2024年1月17日"
    assert merged.paragraphs[0].where == "paragraph 1" and merged.tables[2].where == "table 3"


def test_unmerged_copy_reads_the_same(tmp_path, merged):
    path = docx_from_parts(html_parts(fixture(SHUYANG)), tmp_path / "flat.docx", merge=False)
    assert [t.rows for t in read_document(path).tables] == [t.rows for t in merged.tables]


def test_line_break_inside_a_cell(tmp_path, merged_path):
    path = tmp_path / "br.docx"
    d = docx.Document(merged_path)
    cell = d.tables[1].cell(2, 5)
    assert "".join(cell.text.split()) == "科研机构"
    for p in cell.paragraphs[1:]:
        p._element.getparent().remove(p._element)
    run = cell.paragraphs[0].runs[0]
    run.text = "科研"
    run.add_break()
    cell.paragraphs[0].add_run("机构")
    d.save(path)
    assert read_document(path).tables[1].rows[2][5] == "科研机构"


def test_jiujianlou_tables(tmp_path):
    t = truth(JIUJIANLOU)
    doc = read_document(docx_from_parts(text_parts(fixture(JIUJIANLOU)), tmp_path / "jj.docx"))
    assert s3_value_rows(doc) == truth_s3_rows(t)
    assert s4_value_rows(doc) == [truth_s4_row(t)]
    assert doc.tables[0].rows[2] == ["规章", "0", "0", "0"]


def test_tables_pasted_as_paragraphs(tmp_path):
    # Every cell its own paragraph, as when a table is pasted as text: read as paragraphs.
    src = fixture(JIUJIANLOU)
    d = docx.Document()
    lines = [ln.strip() for ln in src.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        d.add_paragraph(line)
    d.save(tmp_path / "paras.docx")
    doc = read_document(tmp_path / "paras.docx")
    assert doc.tables == []
    assert [b.text for b in doc.blocks] == [ln for ln in lines if ln]
    assert all(isinstance(b, Paragraph) for b in doc.blocks)


def test_table_inside_a_text_box(tmp_path, merged_path, merged):
    # PDF-to-Word converters put tables in text boxes: move the real section IV table into a
    # VML text box anchored in a paragraph; it must still read as that table, once.
    d = docx.Document(merged_path)
    tbl = d.tables[2]._tbl
    anchor = d.paragraphs[-1]._p
    shape = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
        "<w:txbxContent/></v:textbox></v:shape></w:pict></w:r>"
    )
    run = parse_xml(shape)
    anchor.append(run)
    box = run.find(".//" + qn("w:txbxContent"))
    box.append(tbl)  # moved out of the body
    d.save(tmp_path / "box.docx")
    doc = read_document(tmp_path / "box.docx")
    assert [t.rows for t in doc.tables] == [t.rows for t in merged.tables]
    assert doc.blocks[-2].rows == merged.tables[2].rows  # now just before the last paragraph
    assert doc.blocks[-1].text == "2024年1月17日"


def test_legacy_horizontal_merge(tmp_path, merged_path, merged):
    # Old-style w:hMerge instead of gridSpan: split the real 申请人情况 header (gridSpan 7) into
    # seven cells, the first restarting the merge, the others continuing it with no text.
    d = docx.Document(merged_path)
    tr = d.tables[1]._tbl.tr_lst[0]
    tc = next(c for c in tr.tc_lst if c.grid_span == 7)
    tc.tcPr.remove(tc.tcPr.find(qn("w:gridSpan")))
    tc.tcPr.append(parse_xml(f'<w:hMerge {nsdecls("w")} w:val="restart"/>'))
    for _ in range(6):
        tc.addnext(parse_xml(f"<w:tc {nsdecls('w')}><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>"))
    d.save(tmp_path / "hmerge.docx")
    assert read_document(tmp_path / "hmerge.docx").tables[1].rows == merged.tables[1].rows


def test_report_inside_a_one_cell_frame(tmp_path):
    # The whole jiujianlou text as paragraphs inside one table cell: still one paragraph each.
    lines = [ln.strip() for ln in fixture(JIUJIANLOU).read_text(encoding="utf-8").splitlines()]
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
    d.save(tmp_path / "frame.docx")
    doc = read_document(tmp_path / "frame.docx")
    assert doc.tables == [] and [p.text for p in doc.paragraphs] == [ln for ln in lines if ln]


_NUMBERING = (
    '<w:abstractNum {ns} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
)


@pytest.mark.parametrize("in_frame", [False, True])
def test_word_automatic_numbering_is_rendered(tmp_path, in_frame):
    # The jiujianlou report with its headings 一、…六、 and items （一）… numbered by Word
    # instead of typed: the reader shows the numbers as the report displays them.
    import re

    raw = [ln for ln in fixture(JIUJIANLOU).read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines = [ln.strip() for ln in raw]
    d = docx.Document()
    numbering = d.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    abstract = parse_xml(_NUMBERING.format(ns=nsdecls("w")))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    container = d.add_table(rows=1, cols=1).cell(0, 0) if in_frame else d
    numbered = 0
    for raw_line, line in zip(raw, lines, strict=True):
        # Headings and prose items are numbered by Word; table cells (tab-indented) are typed.
        m = None
        if not raw_line.startswith("\t"):
            m = re.match(r"^([一二三四五六])、(.+)$", line) or re.match(
                r"^（([一二三四五六七八九十])）(.+)$", line
            )
        p = container.add_paragraph(m.group(2) if m else line)
        if m:
            numbered += 1
            level = 0 if line[1] == "、" else 1
            num_pr = f'<w:ilvl w:val="{level}"/><w:numId w:val="90"/>'
            p._p.get_or_add_pPr().append(parse_xml(f"<w:numPr {nsdecls('w')}>{num_pr}</w:numPr>"))
    d.save(tmp_path / "numbered.docx")
    doc = read_document(tmp_path / "numbered.docx")
    assert numbered >= 8  # the transformation really took the numbers out
    assert [p.text for p in doc.paragraphs] == lines


@pytest.mark.parametrize(
    "name", ["shuyang-fgj-2023.html", "shanghai-gov-office-2019.html", "jiujianlou-2020.txt"]
)
def test_converted_docx_parses_to_truth(tmp_path, name):
    # End to end: a real report converted to DOCX (real Word merges) reads and parses to
    # exactly its hand-checked truth.
    from lib.parse import parse_file

    parts = text_parts(fixture(name)) if name.endswith(".txt") else html_parts(fixture(name))
    report = parse_file(docx_from_parts(parts, tmp_path / "r.docx"))
    t = truth(name)
    assert (report.year, report.template) == (t["year"], t["template"])
    assert {k: report.cells.get(k) for k in t["cells"]} == t["cells"]


def test_text_box_inside_a_cell_is_read_once(tmp_path, merged_path, merged):
    # The 规范性文件 label cell of section II, its text moved into a VML text box in the cell.
    d = docx.Document(merged_path)
    cell = d.tables[0].cell(3, 0)
    assert cell.text == "规范性文件"
    shape = (
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape>'
        "<v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict></w:r>"
    )
    run = parse_xml(shape)
    box = run.find(".//" + qn("w:txbxContent"))
    para = cell.paragraphs[0]._p
    box.append(parse_xml(para.xml))  # the label's paragraph, now inside the box
    for r in para.findall(qn("w:r")):
        para.remove(r)
    para.append(run)
    d.save(tmp_path / "cellbox.docx")
    assert read_document(tmp_path / "cellbox.docx").tables[0].rows == merged.tables[0].rows
