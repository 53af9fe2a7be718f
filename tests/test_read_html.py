"""HTML reader on the real Shuyang page (Word-pasted markup) and transformed copies of it."""

from __future__ import annotations

import re

import pytest
from convert import (
    fixture,
    row_by_label,
    s3_value_rows,
    s4_value_rows,
    truth,
    truth_s3_rows,
    truth_s4_row,
)

from lib.document import Paragraph, Table
from lib.errors import ReadError
from lib.read import detect_format, read_document

NAME = "shuyang-fgj-2023.html"


@pytest.fixture(scope="module")
def raw() -> bytes:
    return fixture(NAME).read_bytes()


@pytest.fixture(scope="module")
def doc(raw):
    return read_document(None, data=raw, name=NAME)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8")


def test_format_and_encoding(doc, raw):
    assert detect_format(raw, NAME) == "html"
    assert doc.format == "html" and doc.encoding == "utf-8"
    assert len(doc.sha256) == 64 and doc.file == NAME
    assert doc.meta["title"] == truth(NAME)["body"] + "2023年政府信息公开年度报告"


def test_section3_rows_match_truth_in_order(doc):
    # Natural and total carry digits, the five organisation columns are blank in the source.
    assert s3_value_rows(doc) == truth_s3_rows(truth(NAME))


def test_section4_row_matches_truth(doc):
    assert s4_value_rows(doc) == [truth_s4_row(truth(NAME))]


def test_section2_cells(doc):
    cells = truth(NAME)["cells"]
    assert row_by_label(doc, "规范性文件")[1:] == [
        str(cells[f"s2.normative_docs.{c}"]) for c in ("issued", "abolished", "in_force")
    ]
    # A colspan=3 value cell is repeated into every covered position.
    assert row_by_label(doc, "行政许可")[1:] == [str(cells["s2.licensing.decisions"])] * 3


def test_rowspan_colspan_expanded(doc):
    s3 = next(t for t in doc.tables if any("予以公开" in c for r in t.rows for c in r))
    assert all(len(r) == 10 for r in s3.rows)  # every row has full width
    # 三、本年度办理结果 has rowspan=22 in the source (labels split over 9 spans).
    assert sum(1 for r in s3.rows if r[0] == "三、本年度办理结果") == 22
    # The 3×3 header cell covers the first three columns of the three header rows.
    assert len({r[c] for r in s3.rows[:3] for c in range(3)}) == 1
    assert s3.rows[0][3:] == ["申请人情况"] * 7  # split over two spans, colspan=7
    assert s3.rows[2][3:] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert ["三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"] in [
        r[:3] for r in s3.rows
    ]


def test_blocks_in_document_order(doc):
    heads = [
        b.text
        for b in doc.blocks
        if isinstance(b, Paragraph) and re.match(r"^[一二三四五六]、", b.text)
    ]
    assert [h[:2] for h in heads] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    kinds = ["T" if isinstance(b, Table) else b.text[:2] for b in doc.blocks]
    order = [k for k in kinds if k in ("二、", "三、", "四、", "五、", "T")]
    assert order == ["二、", "T", "三、", "T", "四、", "T", "五、"]
    assert doc.paragraphs[-1].text == "2024年1月17日"
    assert doc.paragraphs[-1].where.startswith("line ")


def test_gbk_page_with_meta_charset(doc, raw):
    page = _text(raw).replace(
        '<meta charset="utf-8" />',
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    )
    gbk = read_document(None, data=page.encode("gbk"), name="gbk.html")
    assert gbk.encoding == "gb18030"
    assert gbk.blocks == doc.blocks


def test_gbk_page_without_declaration_is_detected(doc, raw):
    page = _text(raw).replace('<meta charset="utf-8" />', "")
    gbk = read_document(None, data=page.encode("gbk"), name="nometa.html")
    assert gbk.encoding in ("gb18030", "gbk", "gb2312")
    assert gbk.blocks == doc.blocks


def test_utf8_bom_and_utf16(doc, raw):
    bom = read_document(None, data=b"\xef\xbb\xbf" + raw, name="bom.html")
    assert bom.encoding == "utf-8-sig" and bom.blocks == doc.blocks
    u16 = read_document(None, data=_text(raw).encode("utf-16"), name="u16.html")
    assert u16.blocks == doc.blocks


def test_lying_meta_charset_falls_back(doc, raw):
    # Declared GB2312 (a stale template), actually UTF-8: valid UTF-8 wins.
    page = _text(raw).replace('<meta charset="utf-8" />', '<meta charset="gb2312">')
    lying = read_document(None, data=page.encode("utf-8"), name="x.html")
    assert lying.encoding == "utf-8" and lying.blocks == doc.blocks
    # A short page declared GB2312 whose UTF-8 bytes would also decode as GB18030.
    short = '<html><meta charset="gb2312"><body><p>政府信息公开</p></body></html>'.encode()
    assert short.decode("gb18030")  # mojibake, but no decoding error
    assert read_document(None, data=short, name="s.html").paragraphs[0].text == "政府信息公开"


def test_utf8_page_with_damaged_bytes_stays_utf8(doc, raw):
    damaged = raw.replace("年度报告".encode(), b"\xff\xfe" + "度报告".encode(), 1)
    other = read_document(None, data=damaged, name="d.html")
    assert other.encoding == "utf-8"
    assert [t.rows for t in other.tables] == [t.rows for t in doc.tables]


def test_nbsp_and_br_inside_cells(doc, raw):
    page = _text(raw).replace("<o:p> </o:p>", "&nbsp;<o:p>&nbsp;</o:p>")
    page = page.replace(">申请人情<", ">申请人<br/>情<", 1)
    other = read_document(None, data=page.encode("utf-8"), name="nbsp.html")
    assert other.blocks == doc.blocks


def test_layout_table_around_the_article(doc, raw):
    # Portals often wrap the article in layout tables; the data tables are still found.
    page = _text(raw).replace("<body>", "<body><table><tr><td>", 1)
    page = page.replace("</body>", "</td><td>相关链接</td></tr></table></body>", 1)
    other = read_document(None, data=page.encode("utf-8"), name="layout.html")
    assert [t.rows for t in other.tables] == [t.rows for t in doc.tables]
    assert other.paragraphs[-1].text == "相关链接"


def test_published_date_from_portal_metadata(raw):
    # The original page's metadata block (left out of the fixture) states 公开日期.
    meta_table = (
        "<table><tr><td>索引号：</td><td>014314799/2024-00002</td></tr>"
        "<tr><td>公开日期：</td><td>2024-01-17</td></tr></table>"
    )
    page = _text(raw).replace("<body>", "<body>" + meta_table, 1)
    assert read_document(None, data=page.encode(), name="p.html").meta["published"] == "2024-01-17"
    page = _text(raw).replace("</head>", '<meta name="PubDate" content="2024-01-17 10:05"></head>')
    assert read_document(None, data=page.encode(), name="p.html").meta["published"] == "2024-01-17"
    assert "published" not in read_document(None, data=raw, name=NAME).meta


def test_markup_without_text_is_refused():
    with pytest.raises(ReadError, match="without any text"):
        read_document(
            None, data=b"<html><body><table><tr><td></td></tr></table></body></html>", name="e.html"
        )


def test_prose_in_a_one_column_box_keeps_its_paragraphs(doc, raw):
    # Sections 五 and 六 and the signature put in a one-cell frame, as some portals do.
    page = _text(raw)
    i = page.rfind("</table>") + len("</table>")
    j = page.rfind("</ucapcontent>")
    page = page[:i] + "<table border=1><tr><td>" + page[i:j] + "</td></tr></table>" + page[j:]
    assert read_document(None, data=page.encode(), name="box.html").blocks == doc.blocks


def test_hidden_copies_are_ignored_and_captions_kept(doc, raw):
    # A hidden duplicate of the section IV table (as print versions do) must not be read;
    # a <caption> is text of the page.
    page = _text(raw)
    i = page.rfind("<table")
    j = page.rfind("</table>") + len("</table>")
    hidden = page[i:j].replace("<table", '<table style="DISPLAY: none"', 1)
    hidden = hidden.replace(">0<", ">9<")
    page = page[:i] + '<div style="display:none">' + hidden + "</div>" + page[i:]
    page = page.replace("<tbody>", "<caption>表一</caption><tbody>", 1)
    other = read_document(None, data=page.encode(), name="hidden.html")
    assert [t.rows for t in other.tables] == [t.rows for t in doc.tables]
    assert "表一" in [p.text for p in other.paragraphs]


def test_article_fragment_without_html_element(doc, raw):
    # Only the article block of the page (as CMS exports and some saved pages are): the
    # content says HTML although no <html>/<table> appears in its first kilobytes.
    page = _text(raw)
    start = page.index("<div", page.index("<body>"))
    fragment = page[start : page.rindex("</body>")].encode()
    assert b"<table" not in fragment[:4096] and b"<html" not in fragment
    assert detect_format(fragment, "article.txt") == "html"
    assert read_document(None, data=fragment, name="article.txt").tables == doc.tables
    assert detect_format(fragment[:4096].replace(b"<", b"&lt;"), "x.txt") == "txt"


def test_article_title_from_government_meta_tags(raw):
    # Government sites carry ArticleTitle/PubDate meta tags; with the <h1> replaced by the
    # portal's name (as many templates have it), the heading still names the report.
    page = _text(raw)
    h1_start = page.index("<h1")
    h1_end = page.index("</h1>") + len("</h1>")
    page = page[:h1_start] + "<h1>沭阳县人民政府</h1>" + page[h1_end:]
    tags = (
        '<meta name="ArticleTitle" content="沭阳县发展和改革局2023年政府信息公开年度报告">'
        '<meta name="PubDate" content="2024-01-17 16:32">'
    )
    page = page.replace("</head>", tags + "</head>", 1)
    meta = read_document(None, data=page.encode(), name="m.html").meta
    assert meta["heading"] == truth(NAME)["body"] + "2023年政府信息公开年度报告"
    assert meta["published"] == "2024-01-17"


def test_word_mhtml_published_as_doc(doc, raw):
    # Word's "single file web page" (MHTML, quoted-printable, GBK), the way many portals
    # publish a report as .doc: the HTML part is read as the page.
    from email.charset import QP, Charset
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    charset = Charset("gbk")
    charset.body_encoding = QP
    msg = MIMEMultipart("related")
    msg.attach(MIMEText(_text(raw), "html", charset))
    data = msg.as_bytes()
    assert b"quoted-printable" in data and "沭阳".encode("gbk") not in data
    assert detect_format(data, "report.doc") == "html"
    mht = read_document(None, data=data, name="report.doc")
    assert mht.encoding == "gb18030"
    assert mht.blocks == doc.blocks


def test_traditional_page_in_big5(doc, raw):
    # The real page in traditional characters, saved as Big5: same table grid and numbers.
    from opencc import OpenCC

    page = OpenCC("s2tw").convert(_text(raw)).replace('charset="utf-8"', 'charset="big5"')
    data = page.encode("big5hkscs", errors="xmlcharrefreplace")  # as browsers save
    big5 = read_document(None, data=data, name="big5.html")
    assert big5.encoding == "big5hkscs"
    assert "申請人情況" in big5.tables[1].rows[0]
    numbers = [[c for c in r if c.isdigit()] for t in doc.tables for r in t.rows]
    assert [[c for c in r if c.isdigit()] for t in big5.tables for r in t.rows] == numbers
