"""Real reports transformed into the variants seen in the wild; each must parse to the truth.

The jiujianlou report states only zeros, so it is first *numbered*: its k-th value cell gets the
value k. The cells are in the template's table order, so cell k belongs to the k-th key of
lib.template.template_keys("2019"), which gives the expected value of every key independently
of the parser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest

from lib.errors import ParseError
from lib.parse import parse_file
from lib.template import template_keys

FIX = Path(__file__).parent / "fixtures" / "reports"
JIU = FIX / "jiujianlou-2020.txt"
S4_KEYS = template_keys("2019")[-15:]


def numbered() -> tuple[str, dict[str, float]]:
    lines = JIU.read_text(encoding="utf-8").split("\n")
    keys = template_keys("2019")
    exp: dict[str, float] = {}
    k = 0
    for i, line in enumerate(lines):
        if line == "\t0":
            k += 1
            lines[i] = f"\t{k}"
            exp[keys[k - 1]] = k
    assert k == len(keys)
    return "\n".join(lines), exp


def parse_bytes(data: bytes, name: str = "variant.txt"):
    return parse_file(None, data=data, name=name)


def assert_cells(rep, exp: dict[str, float]):
    wrong = {k: (rep.cells.get(k), v) for k, v in exp.items() if rep.cells.get(k) != v}
    assert wrong == {}


def _replace_value(text: str, old: int, new: str) -> str:
    out, n = re.subn(rf"(?m)^\t{old}$", "\t" + new, text)
    assert n == 1
    return out


# ------------------------------------------------------------------ encodings and layouts
@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        (lambda t: t.encode("gbk"), "gb18030"),
        (lambda t: t.encode("gb18030"), "gb18030"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        (lambda t: t.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16-bom", "utf16le-nobom", "crlf", "gbk-crlf"],
)
def test_encodings(encode, encoding):
    text, exp = numbered()
    rep = parse_bytes(encode(text))
    assert rep.encoding == encoding
    assert (rep.body, rep.year, rep.template) == ("九间楼乡", 2020, "2019")
    assert_cells(rep, exp)


def _tables_to_pipes(text: str, markdown: bool) -> str:
    """The tab-indented one-cell-per-line tables as pipe rows (| a | b |)."""
    out: list[str] = []
    row: list[str] = []
    first = True
    for line in text.split("\n") + [""]:
        if line.startswith("\t"):
            row.append(line[1:].strip())
            continue
        if row:
            out.append("| " + " | ".join(row) + " |")
            if markdown and first:
                out.append("|" + "---|" * len(row))
            first = False
            row = []
        if line.strip():
            first = True
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("markdown", [False, True], ids=["pipes", "markdown"])
def test_pipe_and_markdown_tables(markdown):
    text, exp = numbered()
    rep = parse_bytes(_tables_to_pipes(text, markdown).encode())
    assert_cells(rep, exp)


def test_traditional_characters_and_changed_words():
    from opencc import OpenCC

    text, exp = numbered()
    trad = OpenCC("s2t").convert(text).replace("文件", "檔案")
    assert "收到和處理政府信息公開申請情況" in trad and "規範性檔案" in trad
    rep = parse_bytes(trad.encode("utf-8"))
    assert rep.template == "2019"
    assert_cells(rep, exp)


def test_full_width_digits():
    text, exp = numbered()
    fw = str.maketrans("0123456789", "０１２３４５６７８９")
    text = "\n".join(ln.translate(fw) if ln.startswith("\t") else ln for ln in text.split("\n"))
    assert_cells(parse_bytes(text.encode()), exp)


def test_ordinals_with_dun_comma_and_half_width_brackets():
    text, exp = numbered()
    text = re.sub(r"(?m)^\t(\d)\.", r"\t\1、", text)
    text = text.replace("（", "(").replace("）", ")")
    assert_cells(parse_bytes(text.encode()), exp)


def _s4_cut(text: str) -> tuple[str, str]:
    """Text before section IV's table and after it (from section 五)."""
    a = text.index("四、政府信息公开行政复议")
    b = text.index("五、存在的主要问题")
    head = text[:a] + "四、政府信息公开行政复议、行政诉讼情况\n"
    return head, text[b:]


def test_section4_as_one_line_of_15_numbers():
    text, exp = numbered()
    head, tail = _s4_cut(text)
    line = " ".join(str(int(exp[k])) for k in S4_KEYS)
    rep = parse_bytes((head + "行政复议 行政诉讼\n" + line + "\n" + tail).encode())
    assert_cells(rep, exp)


@pytest.mark.parametrize(
    "stacked",
    [
        "行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n"
        "结 结 其 尚\n总\n果 果 他 未 结 结 其 尚 结 结 其 尚\n计\n"
        "维 纠 结 审 果 果 他 未 总 果 果 他 未 总\n持 正 果 结 计 计\n"
        "维 纠 结 审 维 纠 结 审\n持 正 果 结 持 正 果 结\n",
        # 威海市文登区信访局 2022 (flipbook text of the PDF): two characters a header line
        "行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n结果 结果 其他 尚未 总\n"
        "维持 纠正 结果 审结 计 结果 结果 其他 尚未 总 结果 结果 其他 尚未 总\n"
        "维持 纠正 结果 审结 计 维持 纠正 结果 审结 计\n",
        # 文登区审计局 2020: a sentence with a year before the table, 总计 beside the letters
        "2020 年,我单位对形成的政府信息实现了依法、有序公开,\n"
        "未出现申请行政复议、提起行政诉讼的情况。\n"
        "行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n结 结 其 尚\n结 结 其 尚 结 结 其 尚\n"
        "果 果 他 未\n总计 果 果 他 未 总 果 果 他 未 总\n维 纠 结 审\n维 纠 结 审 计 维 纠 结 审 计\n"
        "持 正 果 结\n持 正 果 结 持 正 果 结\n",
    ],
    ids=["letters", "two-character-lines", "sentence-before"],
)
def test_section4_with_stacked_header_letters(stacked):
    text, exp = numbered()
    head, tail = _s4_cut(text)
    line = " ".join(str(int(exp[k])) for k in S4_KEYS)
    rep = parse_bytes((head + stacked + line + "\n" + tail).encode())
    assert_cells(rep, exp)


# ------------------------------------------------------------------ label variants
def test_page_footer_and_page_number_inside_tables():
    text, exp = numbered()
    marker = "\t（四）无法提供"
    i = text.index(marker)
    text = text[:i] + "— 5 —\n\n" + text[i:]
    i = text.index("\t第二十条第（六）项")
    text = text[:i] + "- 2 -\n\n" + text[i:]
    assert_cells(parse_bytes(text.encode()), exp)


def test_extra_provincial_row_is_kept_and_reported():
    text, exp = numbered()
    i = text.index("\t第二十条第（五）项")
    text = text[:i] + "\t其他主动公开文件\n\t7\n\t8\n\t9\n\n" + text[i:]
    rep = parse_bytes(text.encode())
    assert_cells(rep, exp)
    assert [e["label"] for e in rep.extra_rows] == ["其他主动公开文件"]
    assert rep.extra_rows[0]["values"] == ["7", "8", "9"]
    assert any(f.rule == "EXTRA_ROW" and f.severity == "info" for f in rep.findings)


def test_blank_total_is_flagged_not_a_mismatch():
    text, exp = numbered()
    k = template_keys("2019").index("s3.new.total") + 1
    text = _replace_value(text, k, "")
    rep = parse_bytes(text.encode())
    exp["s3.new.total"] = 0
    assert_cells(rep, exp)
    assert "s3.new.total" in rep.blank
    f = [f for f in rep.findings if "s3.new.total" in f.keys]
    assert [x.rule for x in f] == ["BLANK_TOTAL"]


def test_bracketed_instructions_typos_and_truncated_labels():
    text, exp = numbered()
    text = text.replace("上一年项目数量", "上一年项目数量(指2019年事项数)")
    text = text.replace("\t本年增/减", "\t本年增/减(增加用正值表示,减少用负值表示,如-8)")
    text = text.replace("其他法律行政法规禁止公开", "其他法律行政止公开")
    text = text.replace("\t行政复议", "\t行政法复议")
    text = text.replace("（六）其他处理", "(六) 其他")
    text = text.replace("对外公开总数量", "对外公开总数")
    rep = parse_bytes(text.encode())
    assert rep.template == "2019"
    assert_cells(rep, exp)


def test_annotation_negative_change_and_units_in_cells():
    text, exp = numbered()
    keys = template_keys("2019")
    text = _replace_value(text, keys.index("s2.normative_docs.made") + 1, "22（其中修订 16 件）")
    text = _replace_value(text, keys.index("s2.licensing.change") + 1, "-3")
    text = _replace_value(text, keys.index("s2.procurement.amount") + 1, "25.1万元")
    rep = parse_bytes(text.encode())
    exp.update(
        {"s2.normative_docs.made": 22, "s2.licensing.change": -3, "s2.procurement.amount": 251000}
    )
    assert_cells(rep, exp)
    assert rep.units["s2.procurement.amount"] == "万元"


def test_amount_without_unit_is_kept_and_flagged():
    text, exp = numbered()
    rep = parse_bytes(text.encode())
    assert rep.units["s2.procurement.amount"] == "unknown"
    unit = next(f for f in rep.findings if f.rule == "UNIT")
    # both languages name the cell in words, not by its key
    assert unit.message_zh.startswith("政府集中采购 · 采购总金额未写明单位")
    assert unit.message_en.startswith("Government procurement · Procurement amount")


@pytest.mark.parametrize("how", ["renumbered", "missing", "s3-missing", "split-over-lines"])
def test_headings_numbered_differently_or_missing(how):
    text, exp = numbered()
    if how == "renumbered":  # table II under 一、, III under 二、
        text = text.replace("一、总体情况", "概述").replace("二、主动公开", "一、主动公开")
        text = text.replace("三、收到和处理", "二、收到和处理")
    elif how == "s3-missing":
        text = text.replace("三、收到和处理政府信息公开申请情况\n", "")
    elif how == "split-over-lines":  # as in text taken from a narrow PDF page
        text = text.replace(
            "三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情\n况"
        )
        text = text.replace(
            "四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议、行政\n诉讼情况"
        )
    else:
        for h in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
            text = text.replace(h + "\n", "")
        text = text.replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
    rep = parse_bytes(text.encode())
    assert_cells(rep, exp)
    assert rep.extra_rows == []


def test_not_a_report():
    text = "关于做好秋季防火工作的通知\n各村委会：\n为切实做好今年秋季森林防火工作，现将有关事项通知如下。\n"
    with pytest.raises(ParseError, match="not an annual report: no section 三 table found"):
        parse_bytes(text.encode())


# ------------------------------------------------------------------ text copied out of PDFs
def _pdf_text(name: str) -> str:
    with pdfplumber.open(FIX / name) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def _truth(name: str) -> dict:
    return json.loads((FIX / (name.rsplit(".", 1)[0] + ".truth.json")).read_text("utf-8"))


@pytest.mark.parametrize(
    "name",
    ["hongze-district-gov-2023.pdf", "hongze-district-gov-2024.pdf", "huaian-city-gov-2024.pdf"],
)
def test_pdf_text_copied_into_a_text_file(name):
    """Rows as lines, labels split over lines around their numbers, stacked IV headers."""
    t = _truth(name)
    rep = parse_bytes(_pdf_text(name).encode(), name.replace(".pdf", ".txt"))
    assert (rep.year, rep.template) == (t["year"], t["template"])
    assert rep.single_other is ("s3.other_misc.total" not in t["cells"])
    assert_cells(rep, t["cells"])


def test_page_number_glued_onto_a_cell_is_repaired_by_r2():
    name = "huaian-city-gov-2024.pdf"
    text = _pdf_text(name)
    text = text.replace("746 12 0 0 10 1 769\n- 4 -", "746 12 0 0 10 1 7694")
    assert "7694" in text
    rep = parse_bytes(text.encode())
    assert rep.cells["s3.unable_not_held.total"] == 769
    misread = next(f for f in rep.findings if f.rule == "MISREAD")
    assert misread.message_en.startswith("Unable: not held · Total: read 7694; trailing 4")
    assert not any(f.rule == "R2" for f in rep.findings)


def test_2021_three_other_rows_are_summed_into_other():
    name = "huaian-city-gov-2024.pdf"
    rep = parse_bytes(_pdf_text(name).encode())
    for col in ("natural", "total"):
        parts = [
            rep.cells[f"s3.{r}.{col}"]
            for r in ("other_no_correction", "other_no_fee", "other_misc")
        ]
        assert rep.cells[f"s3.other.{col}"] == sum(parts)
        assert f"s3.other.{col}" in rep.derived
        assert f"s3.other.{col}" not in rep.blank


# ------------------------------------------------------------------ metadata
TITLE = "九间楼乡政府信息公开工作2020年度报告"


@pytest.mark.parametrize(
    ("title", "body", "year"),
    [
        (TITLE, "九间楼乡", 2020),
        ("2020年九间楼乡政府信息公开工作年度报告", "九间楼乡", 2020),
        ("九间楼乡人民政府关于2020年度政府信息公开工作的年度报告", "九间楼乡", 2020),
        ("首页 > 信息公开 > 九间楼乡政府信息公开工作2020年度报告", "九间楼乡", 2020),
        ("九间楼乡政府信息公开工作二〇二〇年度报告", "九间楼乡", 2020),
        ("九間樓鄉政府信息公開工作2020年度報告", "九间楼乡", 2020),
        ("政府信息公开工作年度报告\n" + TITLE, "九间楼乡", 2020),  # a portal's column name first
    ],
)
def test_body_and_year_from_title(title, body, year):
    text, _ = numbered()
    rep = parse_bytes(text.replace(TITLE, title, 1).encode())
    assert (rep.body, rep.year) == (body, year)


def test_body_from_signature_and_publication_date():
    text, _ = numbered()
    text = text.replace(TITLE, "2020年政府信息公开工作年度报告", 1)
    text = text.rstrip("\n") + "\n九间楼乡人民政府\n2021年1月15日\n"
    rep = parse_bytes(text.encode(), "report.txt")
    assert (rep.body, rep.year, rep.published) == ("九间楼乡", 2020, "2021-01-15")


def test_publication_date_stated_on_the_page():
    text, _ = numbered()
    text = text.replace(TITLE, TITLE + "\n发布日期：2021-01-20  来源：九间楼乡", 1)
    assert parse_bytes(text.encode()).published == "2021-01-20"


def test_prose_sections():
    rep = parse_bytes(JIU.read_bytes())
    assert rep.prose["s1"].startswith("2020年，九间楼乡党委高度重视")
    assert rep.prose["s5"].startswith("（一）存在的主要问题")
    assert rep.prose["s6"] == "无。"
    assert "九间楼乡" in rep.full_text


# ------------------------------------------------------------------ DOCX made from real reports
@pytest.mark.parametrize("merge", [True, False], ids=["merged-cells", "repeated-cells"])
@pytest.mark.parametrize("name", ["shuyang-fgj-2023.html", "jiujianlou-2020.txt"])
def test_real_reports_converted_to_docx(tmp_path, name, merge):
    from convert import docx_from_parts, html_parts, text_parts

    parts = html_parts(FIX / name) if name.endswith(".html") else text_parts(FIX / name)
    out = docx_from_parts(parts, tmp_path / "r.docx", merge=merge)
    t = _truth(name)
    rep = parse_file(out)
    assert (rep.year, rep.template, rep.format) == (t["year"], t["template"], "docx")
    assert_cells(rep, t["cells"])
    if "blank_keys" in t:
        assert {k for k in rep.blank if k in t["cells"]} == set(t["blank_keys"])


def test_section4_heading_missing():
    text, exp = numbered()
    text = text.replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
    assert_cells(parse_bytes(text.encode()), exp)


def test_columns_mapped_by_a_header_row_naming_all_seven():
    """A table whose 总计 column comes first: the header row, not the position, decides."""
    text, exp = numbered()
    piped = _tables_to_pipes(text, markdown=False).split("\n")
    a = next(i for i, ln in enumerate(piped) if "自然人" in ln)
    # Replace the two header rows by one row naming the columns in a different order.
    piped[a : a + 2] = [
        "| 申请人情况 | 总计 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |"
    ]
    out = []
    for ln in piped:
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        data = len(cells) >= 8 and all(c.isdigit() for c in cells[-7:])
        if ln.startswith("|") and data and not cells[-8].isdigit():  # section III rows
            v = cells[-7:]
            cells = cells[:-7] + [v[6]] + v[:6]  # move the total to the front
            ln = "| " + " | ".join(cells) + " |"
        out.append(ln)
    rep = parse_bytes("\n".join(out).encode())
    assert_cells(rep, exp)


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        # two cells run together in the PDF text (61 and 4 → "614")
        ("746 12 0 0 10 1 769", "746 12 0 0 101 769"),
        # a stray page number between the cells
        ("746 12 0 0 10 1 769", "746 12 0 0 5 10 1 769"),
    ],
    ids=["cells-run-together", "stray-number"],
)
def test_misread_row_is_recovered_by_r2(line, fixed):
    name = "huaian-city-gov-2024.pdf"
    text = _pdf_text(name)
    assert line in text
    rep = parse_bytes(text.replace(line, fixed).encode())
    assert_cells(rep, _truth(name)["cells"])
    assert any(f.rule == "MISREAD" for f in rep.findings)


@pytest.mark.parametrize(
    ("title", "opening", "body"),
    [
        (
            "洪泽区人民政府",
            "本报告由淮安市洪泽区人民政府办公室根据《条例》要求编制。",
            "淮安市洪泽区",
        ),
        (
            "沭阳县人民政府",
            "本报告由沭阳县人民政府办公室根据《条例》要求编制。宿迁市沭阳县",
            "沭阳县",
        ),
    ],
)
def test_fuller_name_from_the_opening_sentence(title, opening, body):
    text, _ = numbered()
    text = text.replace(TITLE, f"{title}\n2020年政府信息公开工作年度报告\n{opening}", 1)
    assert parse_bytes(text.encode()).body == body


def test_table_pasted_as_paragraphs_one_cell_per_line():
    """Word tables pasted as plain paragraphs: every non-empty cell on its own line."""
    text, exp = numbered()
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    rep = parse_bytes("\n".join(lines).encode())
    assert_cells(rep, exp)


def test_section3_as_another_pdf_extractor_gives_it():
    """Section III of the Huai'an report as another tool extracted it (github
    zxj6827111-blip/govnianbao, section3_raw_text.txt): header words split mid-word
    (商 业 企 / 业), the group label stacked one character per line, the partial row's
    values on its label's second line."""
    name = "huaian-city-gov-2024.pdf"
    text = _pdf_text(name)
    frag = (FIX.parent / "fragments" / "huaian-2024-section3-other-extractor.txt").read_text()
    a = text.index("三、收到和处理政府信息公开申请情况")
    b = text.index("746 12 0 0 10 1 769") + len("746 12 0 0 10 1 769")
    rep = parse_bytes((text[:a] + frag + text[b:]).encode())
    assert_cells(rep, _truth(name)["cells"])


@pytest.mark.parametrize("layout", ["pipes", "pdf-text"])
def test_organisation_subtotal_column_is_not_a_cell(layout):
    """Some provinces add 小计 after the five 法人或其他组织 columns (8 numbers a row).

    Found by its sums, so the real (consistent) Huai'an figures are used, as text lines and
    as pipe-table rows."""
    name = "huaian-city-gov-2024.pdf"
    rows, exp = _pdf_text(name).split("\n"), _truth(name)["cells"]
    out = []
    for ln in rows:
        cells = ln.split()
        data = len(cells) >= 8 and all(c.isdigit() for c in cells[-7:]) and not cells[-8].isdigit()
        if data:
            v = [int(c) for c in cells[-7:]]
            cells = cells[:-7] + [str(x) for x in v[:6] + [sum(v[1:6])] + v[6:]]
            ln = "| " + " | ".join(cells) + " |" if layout == "pipes" else " ".join(cells)
        out.append(ln)
    assert_cells(parse_bytes("\n".join(out).encode()), exp)


def test_section3_columns_read_through_the_header_grid():
    """The real Huai'an PDF tables with the 总计 column moved in front of 自然人 (header and
    data rows alike): the header grid above each row decides the column, not its place."""
    from lib.document import Table
    from lib.parse import parse_document
    from lib.read import read_document

    name = "huaian-city-gov-2024.pdf"
    doc = read_document(FIX / name)
    moved = 0
    for b in doc.blocks:
        if isinstance(b, Table) and b.rows and len(b.rows[0]) == 10:
            for r, row in enumerate(b.rows):
                b.rows[r] = row[:3] + [row[9]] + row[3:9]
                if b.cell_where:
                    w = b.cell_where[r]
                    b.cell_where[r] = w[:3] + [w[9]] + w[3:9]
                moved += 1
    assert moved >= 25
    rep = parse_document(doc)
    assert_cells(rep, _truth(name)["cells"])


def test_section4_stray_number_dropped_by_r4():
    name = "huaian-city-gov-2024.pdf"
    text = _pdf_text(name)
    line = "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20"
    assert line in text
    rep = parse_bytes(text.replace(line, "5 " + line).encode())
    assert_cells(rep, _truth(name)["cells"])


@pytest.mark.parametrize("how", ["cell-per-paragraph", "row-per-paragraph"])
def test_docx_whose_tables_were_pasted_as_paragraphs(tmp_path, how):
    import docx

    text, exp = numbered()
    d = docx.Document()
    row: list[str] = []
    for line in text.split("\n") + [""]:
        if line.startswith("\t"):
            row.append(line[1:].strip())
            continue
        if row:
            if how == "cell-per-paragraph":
                for cell in row:
                    if cell:
                        d.add_paragraph(cell)
            else:
                d.add_paragraph("\t".join(row))
            row = []
        if line.strip():
            d.add_paragraph(line.strip())
    d.save(tmp_path / "pasted.docx")
    rep = parse_file(tmp_path / "pasted.docx")
    assert rep.format == "docx"
    assert_cells(rep, exp)


def test_headings_inside_a_layout_table():
    """Old portal pages put the whole article in one layout table: headings are table rows."""
    text, exp = numbered()
    for h in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        text = text.replace(h + "\n", "\t" + h + "\n\n")
    rep = parse_bytes(text.encode())
    assert_cells(rep, exp)
    assert rep.prose["s6"] == "无。"


def test_section2_label_broken_over_two_pdf_lines():
    name = "huaian-city-gov-2024.pdf"
    text = _pdf_text(name)
    assert "行政规范性文件 8 26 66" in text
    rep = parse_bytes(text.replace("行政规范性文件 8 26 66", "行政规范性文\n件 8 26 66").encode())
    assert_cells(rep, _truth(name)["cells"])
    assert rep.extra_rows == []


def test_section3_labels_broken_over_two_pdf_lines():
    name = "huaian-city-gov-2024.pdf"
    text = _pdf_text(name)
    for a, b in (
        ("7.属于行政执法案卷 9", "7.属于行政执\n法案卷 9"),
        ("2.重复申请 25", "2.重复\n申请 25"),
        ("8.属于行政查询事项 105", "8.属于行\n政查询事项 105"),
    ):
        assert a in text
        text = text.replace(a, b)
    rep = parse_bytes(text.encode())
    assert_cells(rep, _truth(name)["cells"])


@pytest.mark.parametrize("layout", ["cells", "pdf-text"])
def test_row_broken_by_a_page_break(layout):
    """A page break (with its footer) in the middle of a section III row."""
    if layout == "cells":
        text, exp = numbered()
        k = template_keys("2019").index("s3.withheld_law.legal") + 1  # 4th of the row's 7 cells
        text = re.sub(rf"(?m)^\t{k}$", f"— 5 —\n\t{k}", text)
    else:
        name = "huaian-city-gov-2024.pdf"
        text, exp = _pdf_text(name), _truth(name)["cells"]
        text = text.replace("746 12 0 0 10 1 769", "746 12 0\n- 4 -\n0 10 1 769")
    assert_cells(parse_bytes(text.encode()), exp)
