"""Trends page (AppTest on the sample warehouse): a metric over years for the county and
chosen bodies (gaps stay gaps), compositions, the template-change note."""

from __future__ import annotations

from lib import analytics
from lib.analytics import queries, timeliness
from lib.analytics.metrics import label
from tests.pages_support import app, charts, dataset_with, source_cells

__all__ = ["app"]


def _filters(db):
    rl = queries.report_list(str(db))
    return {
        "county": rl["county"].iloc[0],
        "years": (int(rl["year"].min()), int(rl["year"].max())),
    }, rl


def test_body_lines_equal_metric_table_with_gaps(app, sample_db):
    f, rl = _filters(sample_db)
    grid = timeliness.filing_table(str(sample_db), f)
    gap_body = grid[grid["status"] == "missing"]["body"].iloc[0]
    other = sorted(set(rl["body"]) - {gap_body})[0]
    at = app("trends", metric="new")
    at.multiselect(key="tr_bodies").set_value([gap_body, other]).run()
    mt = analytics.metric_table(str(sample_db), f)
    rows = dataset_with(charts(at)[0], "series")
    for body in (gap_body, other):
        shown = {r["year"]: r["value"] for r in rows if r["series"] == body}
        have = mt[mt["body"] == body].set_index("year")["new"]
        assert set(shown) == set(range(f["years"][0], f["years"][1] + 1))
        for year, value in shown.items():
            if year in have.index:
                assert value == have[year]
            else:
                assert value is None  # a year without a report is a gap, never 0
    missing_years = set(grid[(grid["body"] == gap_body) & (grid["status"] == "missing")]["year"])
    assert missing_years and all(
        r["value"] is None for r in rows if r["series"] == gap_body and r["year"] in missing_years
    )
    county = {r["year"]: r["value"] for r in rows if r["series"] == "全县中位数"}
    med = analytics.county_totals(mt, "new", by=("year",)).set_index("year")["median"]
    assert county == med.to_dict()


def test_outcome_composition_equals_analytics_and_source(app, sample_db):
    f, rl = _filters(sample_db)
    at = app("trends", metric="disclosure_rate")
    comp = analytics.composition_table(str(sample_db), f, "outcomes", ("year",))
    stacked = dataset_with(charts(at)[1], "cat")
    shown = {(r["year"], r["cat"]): r["count"] for r in stacked}
    assert shown == {(int(r.year), r.category): r.count for r in comp.itertuples()}
    # granted in 2024, summed from the source files read again by the parser
    src = rl[rl["year"] == 2024]["source"]
    assert shown[(2024, "granted")] == sum(source_cells(s)["s3.granted.total"] for s in src)


def test_not_comparable_metric_carries_the_note(app):
    at = app("trends", metric="normative_docs_new")
    assert any("不可直接比较" in w.value for w in at.warning)
    assert label("normative_docs_new", "zh") in str(charts(at)[0])
    # the 2021 template change is marked on the line chart
    assert "2021 模板变更" in str(charts(at)[0])
    plain = app("trends", metric="new")
    assert not any("不可直接比较" in w.value for w in plain.warning)


def _two_bodies(db):
    f, rl = _filters(db)
    grid = timeliness.filing_table(str(db), f)
    gap_body = grid[grid["status"] == "missing"]["body"].iloc[0]
    return f, gap_body, sorted(set(rl["body"]) - {gap_body})[0]


def _open_with_bodies(bodies: list[str], **params):
    from streamlit.testing.v1 import AppTest

    from tests.pages_support import DASHBOARD, TIMEOUT, assert_clean

    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/trends.py")
    at.query_params.update({k: str(v) for k, v in params.items()})
    at.query_params["bodies"] = bodies
    at.run()
    assert_clean(at)
    return at


def test_chosen_bodies_live_in_the_url(app, sample_db):
    _, gap_body, other = _two_bodies(sample_db)
    at = app("trends", metric="new")
    at.multiselect(key="tr_bodies").set_value([gap_body, other]).run()
    assert sorted(at.query_params.get_all("bodies") if hasattr(at.query_params, "get_all")
                  else at.query_params["bodies"]) == sorted([gap_body, other])  # fmt: skip
    # the link opens the same view
    again = _open_with_bodies([gap_body, other], metric="new")
    assert again.multiselect(key="tr_bodies").value == sorted([gap_body, other])
    series = {r["series"] for r in dataset_with(charts(again)[0], "series")}
    assert {gap_body, other} <= series


def test_county_total_small_multiples_and_gap_marks(app, sample_db):
    f, gap_body, other = _two_bodies(sample_db)
    at = app("trends", metric="new", agg="total")
    at.multiselect(key="tr_bodies").set_value([gap_body, other]).run()
    mt = analytics.metric_table(str(sample_db), f)
    tot = analytics.county_totals(mt, "new", by=("year",)).set_index("year")["value"]
    specs = charts(at)
    rows = dataset_with(specs[0], "series")
    assert {r["year"]: r["value"] for r in rows if r["series"] == "全县合计"} == tot.to_dict()
    # the gap of the body that did not file is named in the chart
    gaps = [r for r in dataset_with(specs[0], "label") if r.get("label") == "无报告"]
    assert {r["series"] for r in gaps} == {gap_body}
    # one panel per body, each with the county line, values from the metric table
    panels = dataset_with(specs[1], "panel")
    assert {r["panel"] for r in panels} == {gap_body, other}
    for r in panels:
        if r["kind"] == "body" and r["value"] is not None:
            assert (
                r["value"]
                == mt[(mt["body"] == r["panel"]) & (mt["year"] == r["year"])]["new"].iloc[0]
            )
        if r["kind"] == "county":
            assert r["value"] == tot[r["year"]]


def test_a_body_keeps_its_line_colour_across_languages(sample_db, monkeypatch, tmp_path):
    _, gap_body, other = _two_bodies(sample_db)
    monkeypatch.setenv("GONGKAI_DB", str(sample_db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))

    def colours(lang):
        at = _open_with_bodies([other, gap_body], metric="new", lang=lang)
        enc = charts(at)[0]["layer"][0]["encoding"]["color"]["scale"]
        return dict(zip(enc["domain"], enc["range"], strict=True))

    zh, en = colours("zh"), colours("en")
    assert zh[gap_body] == en[gap_body] and zh[other] == en[other]
    assert zh["全县中位数"] == en["County median"]
