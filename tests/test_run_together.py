"""Crawler text whose table cells run together (issue 12, item 3): portal pages whose tags were
stripped without separators, so a row's label runs into its digits
(`一、本年新收政府信息公开申请数量713000074`), spaces may or may not separate cells, empty
cells vanish, and a whole table, a whole report or a letter (函) around it may sit on one line.
The template's own arithmetic splits the runs (R2 per section III row, R1/R3 across the table,
R4 per section IV group); a split is taken only when it is the one, otherwise the cells are
stored blank with a finding that quotes the run. Never a guess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from crawler import MODES, crawler_text, filing_of

from lib.document import Document, Paragraph
from lib.errors import ParseError
from lib.parse import parse_file
from lib.parse.crawl import reline
from lib.parse.runs import split_cells, split_runs, split_s4
from lib.parse.values import Value
from lib.read import read_document
from lib.sample import build_sample
from lib.template import S3_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TRUTHS = sorted((FIXTURES / "reports").glob("*.truth.json")) + sorted(
    (FIXTURES / "scans").glob("*.truth.json")
)


def norm_body(s: str) -> str:
    import re

    return re.sub(r"(人民政府|政府|办事处)$", "", s)


def _check(rep, cells: dict, blank: set, body: str, year: int, template: str) -> dict:
    """Meta right; every cell right, or stored blank and named by a LAYOUT finding (a derived
    cell counts as flagged when it is blank because its parts are). Returns the wrong cells."""
    assert (norm_body(rep.body), rep.year, rep.template) == (norm_body(body), year, template)
    flagged = {k for f in rep.findings if f.rule == "LAYOUT" for k in f.keys}
    wrong = {k: (rep.cells.get(k), v) for k, v in cells.items() if rep.cells.get(k) != v}
    silent = {
        k: w
        for k, w in wrong.items()
        if not (k in rep.blank and (k in flagged or k in rep.derived))
    }
    assert not silent, sorted(silent.items())[:5]
    # a cell read right is blank exactly when the report left it empty
    right_blank = {k for k in cells if k in rep.blank and k not in wrong}
    assert right_blank - blank <= flagged | rep.derived
    return wrong


@pytest.fixture(scope="module")
def clean_filings():
    sample = build_sample(20, (2019, 2025), 2026)
    return [f for f in sample.filings if not f.defects]


@pytest.mark.parametrize("mode", MODES)
def test_sample_reports_as_crawler_text(tmp_path, clean_filings, mode):
    """Every clean sample report (both templates, all layouts the generator knows) as crawler
    text: sections III and IV exact where no cell was empty; nothing wrong unflagged."""
    exact = 0
    for i, f in enumerate(clean_filings):
        path = tmp_path / f"{i}.txt"
        path.write_text(crawler_text(f, mode, seed=i), encoding="utf-8")
        rep = parse_file(path)
        wrong = _check(rep, f.cells, f.blank, f.body.name, f.year, f.template)
        if not f.blank:
            assert not [k for k in wrong if not k.startswith("s2.")], (f.relpath, wrong)
        exact += not wrong
    # section II has no arithmetic: a row such as 行政规范性文件3012 (3|0|12 or 30|1|2) stays
    # unknown; most reports still come back whole
    assert exact >= len(clean_filings) // 3


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name[: -len(".truth.json")])
def test_real_reports_as_crawler_text(tmp_path, truth_path, mode):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    f = filing_of(truth)
    path = tmp_path / "report.txt"
    path.write_text(crawler_text(f, mode, seed=7), encoding="utf-8")
    rep = parse_file(path)
    wrong = _check(rep, truth["cells"], set(truth.get("blank_keys", ())), truth["body"],
                   truth["year"], str(truth["template"]))  # fmt: skip
    if not truth.get("blank_keys"):  # no empty cell lost: section III comes back whole
        assert not [k for k in wrong if k.startswith("s3.")]


def test_real_report_section_iv_that_splits_three_ways_is_quoted(tmp_path):
    truth = json.loads((FIXTURES / "reports" / "huaian-city-gov-2024.truth.json").read_text())
    path = tmp_path / "huaian.txt"
    path.write_text(crawler_text(filing_of(truth), "rows"), encoding="utf-8")
    rep = parse_file(path)
    s4 = [f for f in rep.findings if f.rule == "LAYOUT" and "s4.review_total" in f.keys]
    assert len(s4) == 1 and "72641783735113481261211620" in s4[0].message_zh
    assert "3 ways" in s4[0].message_en
    assert all(k in rep.blank for k in s4[0].keys) and len(s4[0].keys) == 15


def test_empty_cells_dropped_by_the_crawler_are_unknown_not_guessed(tmp_path):
    """shuyang-fgj-2023 leaves the five organisation columns empty: as crawler text a row is
    `本年新收政府信息公开申请数量2626` — 26|26 in which columns? Unknown, with the run quoted."""
    truth = json.loads((FIXTURES / "reports" / "shuyang-fgj-2023.truth.json").read_text())
    path = tmp_path / "fgj.txt"
    path.write_text(crawler_text(filing_of(truth), "rows"), encoding="utf-8")
    rep = parse_file(path)
    note = [f for f in rep.findings if f.rule == "LAYOUT" and "s3.new.natural" in f.keys]
    assert note and "2626" in note[0].message_zh and "dropped" in note[0].message_en
    assert all(f"s3.new.{c.code}" in rep.blank for c in S3_COLUMNS)
    assert rep.cells["s4.review_total"] == truth["cells"]["s4.review_total"] == 1


def test_one_line_report_is_put_back_into_lines():
    text = (
        "城东镇2023年政府信息公开工作年度报告一、总体情况2023年，本镇认真做好公开工作。"
        "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量713000074"
        "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000"
        "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼总计000000000000000"
        "五、存在的主要问题及改进情况一是公开不够。"
    )
    doc = reline(Document("x.txt", "txt", "utf-8", "", [Paragraph(text, "line 1")]))
    assert doc is not None
    assert doc.blocks[0].text.split("\n") == [
        "城东镇2023年政府信息公开工作年度报告",
        "一、总体情况",
        "2023年，本镇认真做好公开工作。",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 713000074",
        "（三）不予公开1.属于国家秘密 0000000",  # the 2 after it numbers the next row
        "2.其他法律行政法规禁止公开 0000000",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议行政诉讼总计 000000000000000",
        "五、存在的主要问题及改进情况",
        "一是公开不够。",
    ]


@pytest.mark.parametrize(
    "path",
    [FIXTURES / "reports" / "jiujianlou-2020.txt", FIXTURES / "reports" / "huaian-city-gov-2024.pdf",
     FIXTURES / "reports" / "shuyang-fgj-2023.html", FIXTURES / "reports" / "shuyang-county-gov-2025.md"],
    ids=lambda p: p.name,
)  # fmt: skip
def test_reports_with_separators_are_left_as_they_are(path):
    assert reline(read_document(path)) is None


def test_prose_on_one_line_is_still_no_report(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("一、总体情况本镇召开会议。二、主动公开政府信息情况公开了信息。\n", "utf-8")
    with pytest.raises(ParseError, match="no section 三 table"):
        parse_file(path)


@pytest.mark.parametrize(
    "runs, readings",
    [
        (["713000074"], [[71, 3, 0, 0, 0, 0, 74]]),
        (["0000000"], [[0, 0, 0, 0, 0, 0, 0]]),
        (["300153006143119"], [[3001, 53, 0, 0, 61, 4, 3119]]),
        (["3001", "53006143119"], [[3001, 53, 0, 0, 61, 4, 3119]]),  # a space is a boundary
        (["110000011"], [[1, 10, 0, 0, 0, 0, 11], [11, 0, 0, 0, 0, 0, 11]]),  # R2 cannot tell
        (["1234567"], []),  # nothing adds up
        (["2626"], []),  # fewer digits than cells: empty cells were dropped
    ],
)
def test_splitting_a_section_iii_run_by_r2(runs, readings):
    vals = [(Value(float(r), False, None, r), "line 1") for r in runs]
    got = sorted([v.num for v, _ in f] for f in split_runs(vals))
    assert got == sorted(readings)


@pytest.mark.parametrize(
    "runs, n, readings",
    [
        (["000"], 3, [[0, 0, 0]]),
        (["006"], 3, [[0, 0, 6]]),
        (["3012"], 3, [[3, 0, 12], [30, 1, 2]]),  # 3|01|2 has a leading zero
        (["6", "-165"], 3, [[6, -1, 65], [6, -16, 5]]),  # a minus starts a cell
        (["12.5"], 1, [[12.5]]),
        (["1275000"], 1, [[1275000]]),
        (["17"], 3, []),  # an empty cell dropped
    ],
)
def test_splitting_a_section_ii_run_needs_a_unique_cut(runs, n, readings):
    assert sorted(split_cells(runs, n)) == sorted(readings)


@pytest.mark.parametrize(
    "runs, readings",
    [
        (["000000000000000"], [[0] * 15]),
        (["100010000000000"], [[1, 0, 0, 0, 1] + [0] * 10]),
        (["0000000000000"], []),  # 13 digits for 15 cells
    ],
)
def test_splitting_section_iv_by_r4(runs, readings):
    assert split_s4(runs) == readings


def test_a_run_too_long_to_try_is_left_unknown():
    assert split_s4(["1" * 200]) is None


def test_a_run_the_table_cannot_settle_is_blank_and_quoted(tmp_path):
    truth = json.loads((FIXTURES / "reports" / "huaian-city-gov-2024.truth.json").read_text())
    text = crawler_text(filing_of(truth), "rows")
    row = "s3.unable_needs_creation"  # 110000011: 1|10|…|11 or 11|0|…|11
    path = tmp_path / "whole.txt"
    path.write_text(text, encoding="utf-8")
    assert parse_file(path).cells[f"{row}.total"] == 11  # settled by R1 and R3
    # without the 总计 row (R3) and the intake rows (R1) nothing tells them apart
    cut = ("（七）总计", "一、本年新收", "二、上年结转", "四、结转下年度")
    path.write_text("\n".join(ln for ln in text.splitlines() if not ln.startswith(cut)), "utf-8")
    rep = parse_file(path)
    assert all(f"{row}.{c.code}" in rep.blank for c in S3_COLUMNS)
    quoted = [f for f in rep.findings if f.rule == "LAYOUT" and f"{row}.total" in f.keys]
    assert quoted and "110000011" in quoted[0].message_zh and "2 ways" in quoted[0].message_en
