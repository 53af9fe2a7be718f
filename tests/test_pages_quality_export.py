"""Data quality and export pages (AppTest on the sample warehouse)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from lib import export
from lib.analytics import queries, timeliness
from lib.check.catalog import CHECK
from lib.markup import md_escape
from lib.template import KEYS, RULES
from tests.pages_support import app

__all__ = ["app"]


def _filters(db):
    rl = queries.report_list(str(db))
    return {"county": rl["county"].iloc[0], "years": (int(rl["year"].min()), int(rl["year"].max()))}


def test_findings_filter_by_rule_and_severity(app, sample_db):
    at = app("quality")
    found = queries.findings(str(sample_db), _filters(sample_db))
    assert at.main.caption[0].value == f"共 {len(found)} 条"
    at.multiselect(key="q_rules").set_value(["R1"]).run()
    r1 = found[found["rule"] == "R1"]
    assert len(r1) > 0
    assert at.main.caption[0].value == f"共 {len(r1)} 条"
    table = at.dataframe[0].value
    assert set(table["问题"]) == {"收支不平衡"}  # the check's plain name, not "R1"
    assert list(table["说明"]) == list(r1["message_zh"])
    assert set(table["整改要求"]) == {CHECK["R1"].fix_zh}
    rule = at.query_params["rule"]  # the filter is in the URL
    assert (rule if isinstance(rule, list) else [rule]) == ["R1"]
    at.multiselect(key="q_rules").set_value([]).run()
    at.multiselect(key="q_sev").set_value(["warning"]).run()
    assert at.main.caption[0].value == f"共 {int((found['severity'] == 'warning').sum())} 条"


def test_findings_are_actionable_without_internal_keys(app, sample_db):
    """Issue 15 item 2: every finding has a plain name and what to fix; cells by their labels;
    a link opens the township page on the body, year and cell."""
    at = app("quality")
    found = queries.findings(str(sample_db), _filters(sample_db))
    table = at.dataframe[0].value
    assert len(table) == len(found) > 0
    # what is read on screen (the link column shows "打开"; its URL may name the cell)
    shown = " ".join(
        str(v) for row in table.drop(columns=["机关详情"]).values.tolist() for v in row
    )
    assert not re.search(r"\bs[234]\.[a-z_]+\.[a-z_]+", shown)  # no canonical key on screen
    assert not re.search(r"\b(?:R[1-7]|SIM_PRIOR|BLANK_TOTAL|PROSE_TABLE)\b", shown)
    assert table["整改要求"].str.len().min() > 4
    r1 = found.reset_index(drop=True)
    i = int(r1.index[r1["rule"] == "R1"][0])
    link = table["机关详情"][i]
    q = parse_qs(urlparse(link).query)
    assert urlparse(link).path == "./township"
    assert q["body"] == [r1["body"][i]] and q["year"] == [str(r1["year"][i])]
    first = r1["keys"][i].split(",")[0]
    assert q["cell"] == [first] and KEYS[first].label_zh in table["涉及位置"][i]


def test_township_opens_on_the_linked_cell(app, sample_db):
    found = queries.findings(str(sample_db), _filters(sample_db))
    f = found[found["rule"] == "R1"].iloc[0]
    cell = f["keys"].split(",")[0]
    at = app("township", body=f["body"], year=int(f["year"]), cell=cell)
    shown = [i.value for i in at.info if " = **" in i.value]  # the number and where it was read
    assert len(shown) == 1 and shown[0].startswith(md_escape(KEYS[cell].label_zh))
    assert cell not in shown[0]  # the label, not the internal key


def test_quality_filters_come_from_the_url(app, sample_db):
    at = app("quality", rule="R1", severity="error")
    assert at.multiselect(key="q_rules").value == ["R1"]
    found = queries.findings(str(sample_db), _filters(sample_db))
    n = int(((found["rule"] == "R1") & (found["severity"] == "error")).sum())
    assert at.main.caption[0].value == f"共 {n} 条"


def test_every_finding_code_has_a_name_and_a_fix():
    """Codes written by the checkers (a literal "RULE" right after Finding( or _finding() are
    all in lib.check.catalog, with a plain name and advice in both languages."""
    from pathlib import Path

    from lib.check.catalog import CHECKS

    root = Path(__file__).resolve().parent.parent / "lib"
    text = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    codes = set(re.findall(r"(?:Finding|_finding)\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
    codes |= {"SIM", "SIM_PRIOR"} | {r.id for r in RULES}
    assert codes <= set(CHECK), sorted(codes - set(CHECK))
    for c in CHECKS:
        assert all([c.name_zh, c.name_en, c.what_zh, c.what_en, c.fix_zh, c.fix_en]), c.id


def test_missing_and_superseded_lists(app, sample_db):
    at = app("quality")
    grid = timeliness.filing_table(str(sample_db), _filters(sample_db))
    missing = grid[grid["status"] == "missing"]
    tables = [d.value for d in at.dataframe]
    miss = [t for t in tables if list(t.columns) == ["机关", "县（区）", "层级", "年度"]][0]
    assert sorted(zip(miss["机关"], miss["年度"])) == sorted(zip(missing["body"], missing["year"]))
    rev = queries.revisions(str(sample_db), _filters(sample_db))
    old = rev[~rev["current"].astype(bool)]
    sup = [t for t in tables if "替换为" in t.columns][0]
    assert sorted(zip(sup["机关"], sup["年度"])) == sorted(zip(old["body"], old["year"]))
    # each beside the file that replaced it, named as it sits in the loaded folder
    source = rev.set_index("report_id")["source"]
    assert sorted(zip(sup["源文件"], sup["替换为"])) == sorted(
        zip(old["source"], old["superseded_by"].map(source))
    )
    assert all(s.startswith("sample/示例县/") for s in [*sup["源文件"], *sup["替换为"]])
    assert all(len(t) == 19 for t in sup["替换时间"])  # YYYY-MM-DD HH:MM:SS
    # the rules are explained in plain words
    assert any("勾稽关系" in m.value for m in at.markdown)


def test_export_preview_is_the_warehouse_extract(app, sample_db):
    at = app("export")
    f = _filters(sample_db)
    cells = export.extract(str(sample_db), "cells", f["county"], None, f["years"], "zh")
    assert at.main.caption[-1].value == f"{len(cells)} 行"
    preview = at.dataframe[0].value
    assert list(preview.columns) == list(cells.columns)
    assert preview["数值"].tolist() == cells.head(20)["数值"].tolist()
    at.radio(key="exp_what").set_value("findings").run()
    at.radio(key="exp_lang").set_value("en").run()
    body = queries.findings(str(sample_db))["body"].iloc[0]
    at.selectbox(key="exp_body").select(body).run()
    found = export.extract(str(sample_db), "findings", f["county"], body, f["years"], "en")
    assert at.main.caption[-1].value == f"{len(found)} 行"
    assert list(at.dataframe[0].value.columns) == list(found.columns)
    assert "body" in found.columns and set(at.dataframe[0].value["body"]) == {body}
    labels = [b.label for b in at.download_button]
    assert any(".csv" in x for x in labels) and any(".xlsx" in x for x in labels)
    assert "下载督办清单（XLSX）" in labels


def test_supervision_workbook_one_sheet_per_body(sample_db):
    import io

    import openpyxl

    from lib.ui import supervision_xlsx

    f = _filters(sample_db)
    data = supervision_xlsx(str(sample_db), f["county"], f["years"], "zh")
    want = export.extract(str(sample_db), "supervision", f["county"], None, f["years"], "zh")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == "全部"
    assert wb["全部"].max_row - 1 == len(want)
    per_body = want.groupby("机关").size()
    assert sorted(wb.sheetnames[1:]) == sorted(per_body.index)
    for body, n in per_body.items():
        ws = wb[body]
        assert ws.max_row - 1 == n
        assert {row[1] for row in ws.iter_rows(min_row=2, values_only=True)} == {body}
    # every finding of the warehouse is on the list
    found = queries.findings(str(sample_db), f)
    assert len(want) >= len(found)


def test_late_filings_listed(app, sample_db):
    at = app("quality")
    tl = timeliness.timeliness_table(str(sample_db), _filters(sample_db))
    late = tl[tl["timeliness"] == "late"]
    assert len(late) > 0
    table = [d.value for d in at.dataframe if "逾期天数" in d.value.columns][0]
    assert sorted(zip(table["机关"], table["年度"])) == sorted(zip(late["body"], late["year"]))
    assert list(table["逾期天数"]) == [int(v) for v in late["days_late"]]


@pytest.mark.parametrize("what", ["cells", "reports", "findings", "metrics", "supervision"])
def test_extract_size_and_preview_without_the_whole_extract(sample_db, what):
    """Issue 14: the export page shows a count and 20 rows; DuckDB counts and sorts them."""
    f = _filters(sample_db)
    full = export.extract(str(sample_db), what, f["county"], None, f["years"], "zh")
    assert export.extract_size(str(sample_db), what, f["county"], None, f["years"]) == len(full)
    head = export.extract(str(sample_db), what, f["county"], None, f["years"], "zh", limit=20)
    pd.testing.assert_frame_equal(head, full.head(20).reset_index(drop=True))


def test_export_page_builds_no_extract_until_download(app, monkeypatch):
    import functools

    import streamlit as st

    st.cache_data.clear()  # every call below reaches the spy
    calls = []
    real = export.extract

    @functools.wraps(real)  # the cache finds it by module and name
    def spy(*args, **kw):
        calls.append(kw.get("limit", args[6] if len(args) > 6 else None))
        return real(*args, **kw)

    monkeypatch.setattr(export, "extract", spy)
    at = app("export")
    for what in ("findings", "reports", "cells"):
        at.radio(key="exp_what").set_value(what).run()
    assert calls and all(limit == 20 for limit in calls)  # previews only
    assert len(at.dataframe[0].value) == 20


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("what", ["cells", "reports", "findings", "metrics"])
def test_streamed_csv_is_the_extract_as_csv(sample_db, monkeypatch, what, lang):
    """Issue 14: the CSV download is written batch by batch from DuckDB (here 997 rows a
    batch, so the cells come in dozens), byte for byte the CSV of the whole extract."""
    monkeypatch.setattr(export, "STREAM_ROWS", 997)
    f = _filters(sample_db)
    args = (str(sample_db), what, f["county"], None, f["years"])
    want = export.csv_bytes(export.extract(*args, lang))
    assert export.extract_csv(*args, lang) == want
    assert want.startswith("\ufeff".encode()) and want.count(b"\r\n") > 2
    empty = export.extract_csv(str(sample_db), what, "no such county", None, None, lang)
    assert empty.count(b"\r\n") == 1  # the header alone
