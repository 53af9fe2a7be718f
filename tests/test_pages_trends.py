"""Trends page (AppTest on the sample warehouse): a metric over years for the county and
chosen bodies (gaps stay gaps), compositions, the template-change note."""

from __future__ import annotations

from lib import analytics, queries, timeliness
from lib.metrics import label
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
