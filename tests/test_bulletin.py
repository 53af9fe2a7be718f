"""The county 通报 (issue 15 item 6): the generated DOCX opened with python-docx, its numbers
checked against independent SQL on the warehouse; English version; PDF through LibreOffice;
the CLI; a missing LibreOffice explained in one line."""

from __future__ import annotations

import io
import re
import shutil
from datetime import date

import pytest
from docx import Document

from lib import bulletin
from lib.analytics import rectify
from lib.cli import main
from lib.store import read_df

TODAY = date(2026, 3, 1)


def _doc(data: bytes):
    return Document(io.BytesIO(data))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def _rows(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def _table_with(doc, header: str):
    for tb in doc.tables:
        if header in [c.text for c in tb.rows[0].cells]:
            return _rows(tb)
    raise AssertionError(f"no table with {header!r}")


def _sql_new(db, county, year) -> dict[str, float]:
    got = read_df(db, "SELECT body, value FROM report_cells WHERE county = ? AND year = ? "
                      "AND key = 's3.new.total'", [county, year])  # fmt: skip
    return dict(zip(got["body"], got["value"], strict=True))


@pytest.fixture(scope="module")
def zh2020(sample_db):
    return _doc(bulletin.bulletin_docx(sample_db, "示例县", 2020, "zh", TODAY))


def test_filing_sentence_matches_the_registry_and_the_reports(sample_db, zh2020):
    expected = read_df(sample_db, "SELECT count(*) AS n FROM bodies WHERE county = '示例县' "
                                  "AND assigned")["n"].iloc[0]  # fmt: skip
    filed = read_df(sample_db, "SELECT name FROM bodies b WHERE county = '示例县' AND assigned "
                               "AND EXISTS (SELECT 1 FROM report_list r WHERE r.body_id = b.body_id "
                               "AND r.year = 2020)")["name"]  # fmt: skip
    text = _text(zh2020)
    assert (
        f"应报送年度报告的单位{expected}家，已报送{len(filed)}家（{len(filed)}/{expected} 报送）"
        in text
    )
    missing = read_df(sample_db, "SELECT name FROM bodies WHERE county = '示例县' AND assigned "
                                 "EXCEPT SELECT body FROM report_list WHERE year = 2020")["name"]  # fmt: skip
    assert list(missing) == ["龙泉镇"]
    assert "未报送的单位：龙泉镇。" in text
    assert text.startswith("关于示例县2020年度政府信息公开工作年度报告情况的通报")
    assert "2026年3月1日" in text


def test_key_figures_and_body_table_match_sql(sample_db):
    doc = _doc(bulletin.bulletin_docx(sample_db, "示例县", 2025, "zh", TODAY))
    now, before = _sql_new(sample_db, "示例县", 2025), _sql_new(sample_db, "示例县", 2024)
    figures = {r[0]: r[1:] for r in _table_with(doc, "指标")}
    total, last = sum(now.values()), sum(before.values())
    assert figures["本年新收申请"][:2] == [f"{total:,.0f}", f"{last:,.0f}"]
    assert figures["本年新收申请"][2] == f"{total - last:+,.0f}"
    way = "增加" if total > last else "减少"
    assert (
        f"全县本年新收政府信息公开申请{total:,.0f}件，比上年{way}{abs(total - last):,.0f}件"
        in _text(doc)
    )
    bodies = _table_with(doc, "单位")
    assert len(bodies) - 1 == len(now)
    shown = {r[1]: float(r[2].replace(",", "")) for r in bodies[1:]}
    assert shown == now
    ordered = [float(r[2]) for r in bodies[1:]]
    assert ordered == sorted(ordered, reverse=True)  # most applications first
    assert len(doc.inline_shapes) == 2  # the county trend and the bodies' bars


def test_problems_and_rectification_status_match_sql(sample_db, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_db, db)
    s = rectify.supervision_table(db, {"county": "示例县", "years": (2023, 2023)})
    r1 = s[(s["body"] == "龙泉镇") & (s["rule"] == "R1")]
    rectify.record(db, rectify.actions_for(r1, "fixed", "已改正"), "alice")
    doc = _doc(bulletin.bulletin_docx(db, "示例县", 2023, "zh", TODAY))
    text = _text(doc)
    n = read_df(db, "SELECT severity, count(*) AS n FROM findings f JOIN reports r USING "
                    "(report_id) JOIN bodies b ON b.body_id = r.body_id WHERE r.current "
                    "AND r.year = 2023 "
                    "AND b.county = '示例县' GROUP BY ALL")  # fmt: skip
    by = dict(zip(n["severity"], n["n"], strict=True))
    m = re.search(r"审查共发现问题(\d+)项，其中错误(\d+)项、警告(\d+)项、提示(\d+)项", text)
    assert m and [int(x) for x in m.groups()] == [sum(by.values()), by.get("error", 0),
                                                   by.get("warning", 0), by.get("info", 0)]  # fmt: skip
    fixed = read_df(db, "SELECT count(*) AS n FROM latest_actions WHERE status = 'fixed'")["n"][0]
    assert fixed == 2
    m = re.search(
        r"共(\d+)项问题中，待整改(\d+)项，整改中(\d+)项，已整改(\d+)项，不予整改(\d+)项", text
    )
    assert m and int(m.group(4)) == fixed and int(m.group(1)) == len(s)
    assert int(m.group(2)) == len(s) - fixed
    status = _table_with(doc, "整改要求")
    longquan = [r for r in status[1:] if r[0] == "龙泉镇" and r[1] == "收支不平衡"]
    assert len(longquan) == 2 and {r[5] for r in longquan} == {"已整改"}


def test_copied_reports_are_named(sample_db):
    pairs = read_df(sample_db, "SELECT DISTINCT b.name FROM findings f JOIN reports r "
                               "USING (report_id) JOIN bodies b ON b.body_id = r.body_id "
                               "WHERE r.current AND f.rule = 'SIM' AND r.year = 2022")["name"]  # fmt: skip
    doc = _doc(bulletin.bulletin_docx(sample_db, "示例县", 2022, "zh", TODAY))
    rows = _table_with(doc, "单位甲")[1:]
    named = {x.split("（")[0] for r in rows for x in r[:2]}
    assert set(pairs) <= named and "同年互相雷同" in {r[2] for r in rows}
    assert "未发现雷同报告" in _text(_doc(bulletin.bulletin_docx(sample_db, "示例县", 2025, "zh",
                                                               TODAY)))  # fmt: skip


def test_english_version(sample_db):
    doc = _doc(bulletin.bulletin_docx(sample_db, "示例县", 2020, "en", TODAY))
    text = _text(doc)
    assert "review bulletin" in text.splitlines()[0] and "1 March 2026" in text
    assert "19 of the 20 bodies that must report filed a 2020 report (19/20 filed)" in text
    assert "Not filed: 龙泉镇." in text
    heads = [p.text for p in doc.paragraphs if re.match(r"^\d\. ", p.text)]
    assert heads[:3] == ["1. Filing", "2. Main figures", "3. Body by body"]
    assert not re.search(r"[\u4e00-\u9fff]", " ".join(heads))


def test_pdf_through_libreoffice(sample_db):
    import pypdfium2

    assert bulletin.pdf_ready(), "LibreOffice is installed by .ci/run"
    pdf = pypdfium2.PdfDocument(bulletin.bulletin_pdf(sample_db, "示例县", 2020, "zh", TODAY))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "19/20" in text and "龙泉镇" in text and len(pdf) >= 3


def test_cli_writes_docx_and_refuses_other_names(sample_db, tmp_path, capsys):
    out = tmp_path / "tb.docx"
    assert main(["bulletin", "--db", str(sample_db), "--county", "示例县", "--year", "2020",
                 "--out", str(out)]) == 0  # fmt: skip
    assert "19/20" in _text(_doc(out.read_bytes()))
    assert main(["bulletin", "--db", str(sample_db), "--county", "示例县", "--year", "2020",
                 "--out", str(tmp_path / "tb.txt")]) == 1  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"gongkai: {tmp_path / 'tb.txt'}: the bulletin is written as .docx or .pdf"]


@pytest.mark.parametrize(
    "county, year, said",
    [
        (
            "不存在县",
            2020,
            "不存在县: no reports of this county in the warehouse (it holds: 示例县)",
        ),
        ("示例县", 1990, "示例县: nothing filed or expected for 1990 (its years: 2019–2025)"),
    ],
)
def test_cli_refuses_a_county_or_year_the_warehouse_does_not_hold(
    sample_db, tmp_path, capsys, county, year, said
):
    # an unknown county was an internal KeyError; a year without any filing an empty 通报
    out = tmp_path / "none.docx"
    args = ["bulletin", "--db", str(sample_db), "--county", county, "--year", str(year)]
    assert main([*args, "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [f"gongkai: {said}"]
    assert not out.exists()


def test_without_libreoffice_the_pdf_says_why_in_one_line(sample_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GONGKAI_SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / "tb.pdf"
    assert main(["bulletin", "--db", str(sample_db), "--county", "示例县", "--year", "2020",
                 "--out", str(out)]) == 1  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "LibreOffice could not be started" in err[0] and not out.exists()


def test_export_page_button_hands_over_the_county_bulletin(sample_db, monkeypatch, tmp_path):
    """AppTest of the export page: the Word button's file, made when clicked, is the 通报 of
    the county and year chosen; its filing sentence equals SQL."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    from tests.pages_support import open_dashboard

    made: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[str(file_name)] = data_callable  # what a click would run
        return real(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    monkeypatch.setenv("GONGKAI_DB", str(sample_db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))
    at = open_dashboard("export")
    at.selectbox(key="exp_b_year").set_value(2020).run()
    assert "下载通报（Word）" in [b.label for b in at.download_button]
    (name,) = [n for n in made if n.endswith(".docx") and "2020" in n]
    text = _text(_doc(made[name]()))
    n = read_df(sample_db, "SELECT count(*) AS n FROM report_list WHERE year = 2020")["n"][0]
    assert text.startswith("关于示例县2020年度政府信息公开工作年度报告情况的通报")
    assert f"已报送{n}家" in text
