"""Township page (AppTest on the sample warehouse): deep link, the report re-rendered from the
warehouse equal to the source file parsed again, rule-breaking cells marked, provenance."""

from __future__ import annotations

import re

from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from lib import analytics
from lib.analytics import queries
from lib.analytics.metrics import label
from lib.check.catalog import CHECK
from lib.i18n import fmt_int, fmt_pct
from lib.markup import md_escape
from lib.template import S3_COLUMNS, s3_rows
from lib.ui import FINDING_STYLE
from tests.pages_support import app, metric, source_cells

__all__ = ["app"]


def _r1(db):
    fd = queries.findings(str(db))
    r1 = fd[fd["rule"] == "R1"].iloc[0]
    rl = queries.report_list(str(db))
    rep = rl[(rl["body"] == r1["body"]) & (rl["year"] == r1["year"])].iloc[0]
    return rep, fd[fd["report_id"] == rep["report_id"]]


def _table(at, first_row_label: str):
    for d in at.dataframe:
        if len(d.value.index) and d.value.index[0] == first_row_label:
            return d
    raise AssertionError(f"no table starting with {first_row_label}")


def test_deep_link_renders_the_report_as_in_its_source(app, sample_db):
    rep, _ = _r1(sample_db)
    at = app("township", body=rep["body"], year=int(rep["year"]))
    assert at.selectbox(key="tw_body").value == rep["body"]
    assert at.selectbox(key="tw_year").value == int(rep["year"])
    cells = source_cells(rep["source"])
    s3 = _table(at, "本年新收政府信息公开申请数量")
    rows = s3_rows(rep["template"], "s3.other_misc.total" not in cells)
    values = s3.value
    for i, r in enumerate(rows):
        for j, c in enumerate(S3_COLUMNS):
            assert values.iloc[i, j] == cells[f"s3.{r.code}.{c.code}"], (r.code, c.code)
    shown = convert_arrow_bytes_to_pandas_df(s3.proto.arrow_data.styler.display_values)
    assert shown.iloc[0, 6] == fmt_int(cells["s3.new.total"])
    s4 = _table(at, "行政复议")
    assert s4.value.iloc[0, 4] == cells["s4.review_total"]


def test_rule_breaking_cells_are_marked_and_explained(app, sample_db):
    rep, found = _r1(sample_db)
    at = app("township", body=rep["body"], year=int(rep["year"]))
    s3 = _table(at, "本年新收政府信息公开申请数量")
    css = s3.proto.arrow_data.styler.styles
    marked = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if "ffc9c9" in body:
            marked |= {(int(r), int(c)) for r, c in re.findall(r"row(\d+)_col(\d+)", selectors)}
    assert FINDING_STYLE.split(";")[0] in css
    assert (0, 6) in marked  # s3.new.total is named by the R1 finding
    keys = {k for ks in found["keys"] for k in ks.split(",")}
    cells = source_cells(rep["source"])
    rows = [r.code for r in s3_rows(rep["template"], "s3.other_misc.total" not in cells)]
    want = {
        (i, j)
        for i, r in enumerate(rows)
        for j, c in enumerate(S3_COLUMNS)
        if f"s3.{r}.{c.code}" in keys
    }
    assert marked == want
    texts = [w.value for w in at.warning]
    for msg in found["message_zh"]:
        assert any(md_escape(msg) in t for t in texts)
    r1 = [t for t in texts if t.startswith("**收支不平衡**")]  # the check's name, not "R1"
    assert r1 and all(CHECK["R1"].fix_zh in t for t in r1)


def test_provenance_and_metrics(app, sample_db):
    rep, _ = _r1(sample_db)
    at = app("township", body=rep["body"], year=int(rep["year"]))
    pick = [s for s in at.selectbox if s.label == "选择一个单元格"][0]
    pick.select("s3.new.total").run()
    cells = queries.report_cells(
        str(sample_db), {"bodies": (rep["body"],), "years": (int(rep["year"]),) * 2}
    )
    where = cells.set_index("key").loc["s3.new.total", "provenance"]
    info = [i.value for i in at.info if "读取位置" in i.value]
    assert info and md_escape(where) in info[0]
    assert fmt_int(source_cells(rep["source"])["s3.new.total"]) in info[0]
    # the row as written in the source, the number read in bold
    original = [ln for ln in info[0].split("  \n") if ln.startswith("原文：")]
    assert original and f"**{fmt_int(source_cells(rep['source'])['s3.new.total'])}**" in original[0]
    # key metric cards equal the metric table for this body and year
    f = {"county": rep["county"], "years": (2019, 2025)}
    mt = analytics.metric_table(str(sample_db), f)
    row = mt[(mt["body"] == rep["body"]) & (mt["year"] == rep["year"])].iloc[0]
    assert metric(at, label("new", "zh")).value == fmt_int(row["new"])
    assert metric(at, label("handled", "zh")).value == fmt_int(row["handled"])
    # this body against the county median, as analytics.peer_gap computes it
    gap = analytics.peer_gap(mt, rep["body"], ("new", "disclosure_rate"))
    gap = gap[gap["year"] == rep["year"]].set_index("metric")
    peer = [d.value for d in at.dataframe if "全县中位数" in d.value.columns][0]
    peer = peer.set_index("指标")
    assert peer.loc[label("new", "zh"), "全县中位数"] == fmt_int(gap.loc["new", "median"])
    assert peer.loc[label("disclosure_rate", "zh"), "机关"] == fmt_pct(
        gap.loc["disclosure_rate", "value"]
    )


def test_revised_report_lists_both_versions_and_offers_the_source(app, sample_db):
    rev = queries.revisions(str(sample_db))
    old = rev[~rev["current"].astype(bool)].iloc[0]
    at = app("township", body=old["body"], year=int(old["year"]))
    versions = [d.value for d in at.dataframe if "报告编号" in d.value.columns][0]
    assert len(versions) == len(rev[(rev["body"] == old["body"]) & (rev["year"] == old["year"])])
    assert int(old["report_id"]) in set(versions["报告编号"])
    assert any(b.label == "下载原始文件" for b in at.download_button)


def test_real_report_shows_its_hand_checked_numbers(real_db, monkeypatch, tmp_path):
    """九间楼乡 2020 (a real report): every section III and IV number on the page equals the
    hand-checked truth file beside it."""
    import json

    from streamlit.testing.v1 import AppTest

    from tests.dbfixture import REAL_REPORTS
    from tests.pages_support import DASHBOARD, TIMEOUT, assert_clean

    truth = json.loads((REAL_REPORTS / "jiujianlou-2020.truth.json").read_text(encoding="utf-8"))
    monkeypatch.setenv("GONGKAI_DB", str(real_db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT).run()
    at.switch_page("pages/township.py")
    at.query_params.update({"body": truth["body"], "year": str(truth["year"])})
    at.run()
    assert_clean(at)
    assert at.selectbox(key="tw_body").value == truth["body"]
    cells = truth["cells"]
    s3 = _table(at, "本年新收政府信息公开申请数量").value
    rows = s3_rows(truth["template"], "s3.other_misc.total" not in cells)
    checked = 0
    for i, r in enumerate(rows):
        for j, c in enumerate(S3_COLUMNS):
            key = f"s3.{r.code}.{c.code}"
            if key in cells:
                assert s3.iloc[i, j] == cells[key], key
                checked += 1
    s4 = _table(at, "行政复议").value
    for i, g in enumerate(("review", "suit_direct", "suit_after")):
        for j, c in enumerate(("upheld", "corrected", "other", "pending", "total")):
            assert s4.iloc[i, j] == cells[f"s4.{g}_{c}"]
    assert checked >= 150


def test_opens_on_the_body_with_most_problems(app, sample_db):
    """Issue 15 item 7: without ?body= the page starts on the worst body of the latest year."""
    from lib.analytics import queries, worklist

    rl = queries.report_list(str(sample_db))
    latest = int(rl["year"].max())
    worst = worklist.problem_table(str(sample_db), {"county": rl["county"].iloc[0]}, latest)
    at = app("township")
    want = worst["body"].iloc[0] if len(worst) else sorted(rl["body"].unique())[0]
    assert at.selectbox(key="tw_body").value == want
    assert want != sorted(rl["body"].unique())[0]  # not merely the first name


def test_a_missing_year_opens_the_not_filed_view(app, sample_db):
    # 龙泉镇 filed nothing for 2020 (planted): the grid's click opens that year, not another
    at = app("township", body="龙泉镇", year=2020)
    assert [w.value for w in at.warning][0] == "龙泉镇 没有 2020 年度的报告。"
    assert not [s for s in at.selectbox if s.key == "tw_year"]
    assert not [d for d in at.dataframe]  # no other year's report in its place
    links = {p.proto.label for p in at.get("page_link")}
    filed = set(queries.report_list(str(sample_db), {"bodies": ("龙泉镇",)})["year"])
    assert {str(y) for y in filed} <= links and "2020" not in links
    assert any(c.value.replace("\\", "").startswith("报送期限：2021-01-31") for c in at.caption)
