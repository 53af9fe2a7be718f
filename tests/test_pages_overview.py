"""Overview page (AppTest on the sample warehouse): KPI cards, deltas, trends, filing grid."""

from __future__ import annotations

from lib import analytics
from lib.analytics import queries, timeliness
from lib.analytics.metrics import label
from lib.i18n import fmt_delta, fmt_int, fmt_pct
from tests.pages_support import app, chart_rows, charts, dataset_with, metric, source_cells

__all__ = ["app"]


def _filters(db):
    rl = queries.report_list(str(db))
    return {
        "county": rl["county"].iloc[0],
        "years": (int(rl["year"].min()), int(rl["year"].max())),
    }, rl


def test_kpis_equal_analytics_and_the_source_reports(app, sample_db):
    at = app("overview")
    f, rl = _filters(sample_db)
    latest = f["years"][1]
    assert at.selectbox(key="ov_year").value == latest
    mt = analytics.metric_table(str(sample_db), f)
    for year in (latest, latest - 2):
        if year != latest:
            at.selectbox(key="ov_year").select(year).run()
        tot = analytics.county_totals(mt, "new", by=("year",)).set_index("year")["value"]
        shown = metric(at, label("new", "zh"))
        assert shown.value == fmt_int(tot[year])
        assert shown.delta == fmt_delta(tot[year] - tot[year - 1])
        # the same number read again from the source files by the parser
        current = rl[rl["year"] == year]
        from_files = sum(source_cells(s)["s3.new.total"] for s in current["source"])
        assert shown.value == fmt_int(from_files)
        rate = analytics.county_totals(mt, "disclosure_rate", by=("year",)).set_index("year")
        assert metric(at, label("disclosure_rate", "zh")).value == fmt_pct(rate.loc[year, "value"])
        for mid in ("reviews", "lawsuits"):
            t = analytics.county_totals(mt, mid, by=("year",)).set_index("year")["value"]
            assert metric(at, label(mid, "zh")).value == fmt_int(t[year])


def test_filed_card_and_grid_follow_the_filing_table(app, sample_db):
    at = app("overview")
    f, _ = _filters(sample_db)
    grid = timeliness.filing_table(str(sample_db), f)
    latest = f["years"][1]
    s = timeliness.filing_summary(grid[grid["year"] == latest])
    card = metric(at, "已报送 / 应报送")
    assert card.value == f"{int(s['filed_expected'].sum())} / {int(s['expected'].sum())}"
    assert metric(at, "有问题的报告").value == fmt_int(int(s["with_findings"].sum()))
    # the grid chart shows every body-year with its status; the sample has a missing filing
    cells = dataset_with(charts(at)[-1], "status")
    assert len(cells) == len(grid)
    shown = {(c["body"], c["year"]): c["status"] for c in cells}
    # findings are split by severity: a report with an error is not coloured like a note
    errors = queries.report_list(str(sample_db), f).set_index("report_id")["errors"]
    split = {"findings": "notes"}
    want = {(r.body, int(r.year)): "errors" if r.status == "findings" and errors[r.report_id] > 0
            else split.get(r.status, r.status) for r in grid.itertuples()}  # fmt: skip
    assert shown == want
    assert {"missing", "errors", "notes", "filed"} <= set(shown.values())
    assert shown[("龙泉镇", 2023)] == "errors" and shown[("龙泉镇", 2020)] == "missing"
    scale = charts(at)[-1]["layer"][0]["encoding"]["color"]["scale"]
    colour = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colour["有错误"] != colour["仅有警告或提示"]
    # late filings carry a mark with their days late, as lib.analytics.timeliness counts them
    tl = timeliness.timeliness_table(str(sample_db), f)
    late = {(r.body, int(r.year)): r.days_late for r in tl.itertuples() if r.days_late > 0}
    marks = [c for c in dataset_with(charts(at)[-1], "mark")]
    assert late and {(c["body"], c["year"]): c["days_late"] for c in marks} == late
    assert {c["mark"] for c in marks} == {"迟"}


def test_county_trend_lines_hold_the_county_totals(app, sample_db):
    at = app("overview")
    f, _ = _filters(sample_db)
    mt = analytics.metric_table(str(sample_db), f)
    tot = analytics.county_totals(mt, "handled", by=("year",))
    rows = [r for r in chart_rows(charts(at)[0]) if r.get("series") == label("handled", "zh")]
    assert {r["year"]: r["value"] for r in rows} == dict(zip(tot["year"], tot["value"]))


def test_english_switch_and_url_filters(app, sample_db):
    f, _ = _filters(sample_db)
    at = app("overview", lang="en", **{"from": 2020, "to": 2021})
    assert at.title[0].value == "Overview"
    assert at.selectbox(key="ov_year").options == ["2021", "2020"]
    assert metric(at, label("new", "en"))
    assert at.query_params["lang"] == "en" and at.query_params["from"] == "2020"
    # switching language in the sidebar keeps the year filter
    at.sidebar.button_group[0].set_value("zh").run()
    assert at.title[0].value == "总览"
    assert at.query_params["to"] == "2021"


def test_choosing_all_counties_sticks(app, sample_db):
    at = app("overview")
    county = at.sidebar.selectbox[0]
    assert county.value == _filters(sample_db)[0]["county"]
    county.select_index(0).run()  # "全部"
    at.selectbox(key="ov_year").select(2020).run()  # any later interaction
    assert at.sidebar.selectbox[0].value is None
    assert "county" not in at.query_params


def test_a_province_gets_a_search_box_not_thousands_of_links(tmp_path, monkeypatch):
    """Issue 14: past MAX_LINKS bodies the overview lists no page links (thousands of them
    took seconds to render) but one searchable box that opens the chosen body."""
    from lib.ingest import ingest_paths
    from lib.sample import build_sample, write_sample
    from tests.pages_support import open_dashboard

    sample = build_sample(70, (2024, 2024), seed=7)
    write_sample(tmp_path / "prov", 70, (2024, 2024), seed=7)
    db = tmp_path / "prov.duckdb"
    assert ingest_paths([tmp_path / "prov"], db, registry=tmp_path / "prov" / "bodies.csv").ok
    monkeypatch.setenv("GONGKAI_DB", str(db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))
    at = open_dashboard("overview")
    assert not at.exception
    links = [e for e in at.main if getattr(e, "type", "") == "page_link"]
    assert len(links) == 1  # only the copied-text card's, none per body
    box = at.selectbox(key="ov_open")
    names = sorted({b.name for b in sample.bodies})
    assert box.options == ["—", *names]
    box.select(names[3]).run()
    assert not at.exception
    assert at.query_params["body"] == [names[3]] or at.query_params["body"] == names[3]


def test_overview_ranks_problems_worst_first(app, sample_db):
    """Issue 15 item 1: the overview lists the year's problems per body, worst first, each
    with a link to the body's page; numbers as the worklist computes them from the warehouse."""
    from urllib.parse import parse_qs, urlparse

    from lib.analytics import worklist

    year = int(queries.report_list(str(sample_db))["year"].max())
    at = app("overview", year=year)
    want = worklist.problem_table(str(sample_db), {"county": "示例县"}, year)
    tables = [d.value for d in at.dataframe if "错误" in d.value.columns]
    if want.empty:
        assert not tables
        return
    got = tables[0]
    assert list(got["机关"]) == list(want["body"])
    assert list(got["错误"]) == list(want["errors"]) and list(got["提示"]) == list(want["warnings"])
    for link, body, missing in zip(got["机关详情"], want["body"], want["missing"], strict=True):
        if missing:
            assert link is None
        else:
            q = parse_qs(urlparse(link).query)
            assert q["body"] == [body] and q["year"] == [str(year)]


def test_kpi_cards_leave_room_for_english_labels(app):
    # eight cards in one row cut "Administrative reviews" to "Administrat…": rows of four
    for page, params in (("overview", {}), ("township", {"body": "东湖镇", "year": 2024})):
        at = app(page, lang="en", **params)
        widths = [c.proto.weight for c in at.columns if len(c.metric)]
        assert widths and min(widths) >= 0.25 - 1e-9, (page, widths)
        assert any(m.label == "Administrative reviews" for m in at.metric)


def test_worklist_table_is_the_ranking_in_words(app, sample_db):
    from lib.analytics import worklist

    at = app("overview")
    f, _ = _filters(sample_db)
    rank = worklist.problem_table(str(sample_db), f, f["years"][1])
    table = [d.value for d in at.dataframe if "逾期天数" in d.value.columns][0]
    assert list(table["机关"]) == list(rank["body"])
    assert list(table["错误"]) == list(rank["errors"])
    late = [fmt_int(v) if v == v and v > 0 else "" for v in rank["days_late"]]
    assert list(table["逾期天数"]) == late and "None" not in late
    assert "117" in late  # 北岭乡 2025 (planted late filing)
