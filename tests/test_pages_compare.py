"""Compare page (AppTest on the sample warehouse): ranked bars with the county median,
heatmap, scatter, ranks table, one body highlighted everywhere."""

from __future__ import annotations

import pandas as pd
import pytest

from lib import analytics
from lib.analytics import queries
from lib.i18n import fmt_int, fmt_pct
from tests.pages_support import app, chart_rows, charts, dataset_with, source_cells

__all__ = ["app"]


def _mt(db):
    rl = queries.report_list(str(db))
    f = {"county": rl["county"].iloc[0], "years": (int(rl["year"].min()), int(rl["year"].max()))}
    return analytics.metric_table(str(db), f), rl


def test_bar_median_and_ranks_equal_analytics(app, sample_db):
    at = app("compare", metric="new", year=2023)
    assert at.selectbox(key="cmp_metric").value == "new"
    assert at.selectbox(key="cmp_year").value == 2023
    mt, rl = _mt(sample_db)
    year = mt[mt["year"] == 2023]
    bar = charts(at)[0]
    bars = dataset_with(bar, "new")
    assert {r["body"]: r["new"] for r in bars} == dict(zip(year["body"], year["new"]))
    # the bars are those of the source files, read again by the parser
    src = rl[rl["year"] == 2023].set_index("body")["source"]
    assert {r["body"]: r["new"] for r in bars} == {
        b: source_cells(s)["s3.new.total"] for b, s in src.items()
    }
    median = analytics.county_totals(year, "new", by=("year",))["median"].iloc[0]
    assert dataset_with(bar, "median")[0]["median"] == median
    # ranks table: same order and numbers as analytics.ranks
    rk = analytics.ranks(mt, "new", year=2023)
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == list(rk["body"])
    assert list(table.iloc[:, 1]) == [fmt_int(v) for v in rk["value"]]
    assert list(table.iloc[:, 2]) == [fmt_int(v) for v in rk["rank"]]


def test_rate_metric_shows_percent_and_too_few(app, sample_db):
    at = app("compare", metric="disclosure_rate", year=2024)
    mt, _ = _mt(sample_db)
    rk = analytics.ranks(mt, "disclosure_rate", year=2024)
    table = at.dataframe[0].value
    assert list(table.iloc[:, 1]) == [fmt_pct(v) for v in rk["value"]]
    too_few = rk[rk["status"] == "too_few"]["body"]
    status = dict(zip(table.iloc[:, 0], table.iloc[:, -1]))
    assert len(too_few) > 0
    assert all(status[b] == "数量过少，不计比率" for b in too_few)
    # in the bar chart they are pale, after the ranked bodies, and say why
    bar = charts(at)[0]
    bars = dataset_with(bar, "few")
    assert {r["body"] for r in bars if r["few"]} == set(too_few) & {r["body"] for r in bars}
    order = [r["few"] for r in bars]
    assert order == sorted(order)  # ranked first, then the pale ones
    assert bar["layer"][0]["encoding"]["y"]["sort"] == [r["body"] for r in bars]
    assert bar["layer"][0]["encoding"]["opacity"]["condition"]["value"] == 0.3
    assert any(c.value.startswith(f"{len(too_few)} 个单位办理件数不足 30 件") for c in at.caption)
    # the heatmap (every year) and the scatter (this year) are pale where ranks leave it out
    heat, scatter = charts(at)[1], charts(at)[2]
    for spec in (heat, scatter):
        enc = (spec.get("layer") or [spec])[0]["encoding"]
        assert enc["opacity"]["condition"]["value"] == 0.3
    cells = dataset_with(heat, "few")
    for c in cells:
        if c["disclosure_rate"] is not None:
            y = analytics.ranks(mt, "disclosure_rate", year=c["year"]).set_index("body")
            assert c["few"] == (y.at[c["body"], "status"] == "too_few"), c
    dots = dataset_with(scatter, "few")
    assert {d["body"] for d in dots if d["few"]} == set(too_few) & {d["body"] for d in dots}


def test_highlight_reaches_every_chart(app, sample_db):
    at = app("compare", metric="new", year=2022)
    mt, _ = _mt(sample_db)
    body = mt[mt["year"] == 2022].sort_values("new")["body"].iloc[-1]
    at.selectbox(key="cmp_highlight").select(body).run()
    assert at.query_params["body"] == body
    specs = charts(at)
    assert len(specs) == 3
    for spec in specs:
        text = str(spec)
        assert f"=== '{body}'" in text or f'=== "{body}"' in text, "highlight missing"
    # a deep link with ?body= opens highlighted
    again = app("compare", metric="new", year=2022, body=body)
    assert again.selectbox(key="cmp_highlight").value == body


def test_top_movers_table(app, sample_db):
    at = app("compare", metric="new", year=2025)
    mt, _ = _mt(sample_db)
    mv = analytics.top_movers(mt, "new", 2024, 2025, n=10)
    rated = mv[mv["status"] == "rated"]
    table = [d.value for d in at.dataframe if "变化" in d.value.columns][0]
    assert list(table["机关"]) == list(rated["body"])
    assert list(table["变化"]) == [("+" if v > 0 else "") + fmt_int(v) for v in rated["change"]]


@pytest.mark.parametrize(
    "values, n, keep, shown",
    [
        ([5, 1, 9, 3], 10, None, ["a", "b", "c", "d"]),  # few bodies: all of them
        ([5, 1, 9, 3, 7, 2], 4, None, ["b", "c", "e", "f"]),  # 2 lowest (1, 2), 2 highest (9, 7)
        ([5, 1, 9, 3, 7, 2], 4, "a", ["a", "b", "c", "e", "f"]),  # the highlighted body too
        ([5, None, 9, 3, 7, 2], 2, None, ["c", "f"]),  # no value: not ranked
    ],
)
def test_compare_charts_show_the_extremes_of_a_province(values, n, keep, shown):
    from lib.ui.frames import extremes

    df = pd.DataFrame({"body": list("abcdef"[: len(values)]), "m": values})
    assert sorted(extremes(df, "m", n, keep)["body"]) == shown


def test_compare_page_caps_its_bars(app, monkeypatch):
    from lib.ui import frames

    monkeypatch.setattr(frames, "MAX_BARS", 10)
    at = app("compare")
    assert any("5" in i.value and "20" in i.value for i in at.info)  # 5 highest, 5 lowest of 20
    bar = charts(at)[0]
    assert len({r["body"] for r in chart_rows(bar) if r.get("body")}) <= 11


def test_a_province_ranks_table_is_plain_with_the_highlight_on_top(monkeypatch):
    """Issue 14: a Styler over 28,000 rows took 6 s to render; past MAX_STYLED rows the
    table is a plain frame with the highlighted body first."""
    from lib.ui import frames

    rk = pd.DataFrame({"body": list("abcdef"), "value": [5.0, 1, 9, 3, 7, 2],
                       "rank": [3, 6, 1, 4, 2, 5], "percentile": [60.0, 0, 100, 40, 80, 20],
                       "num": [None] * 6, "den": [None] * 6, "status": ["ok"] * 6})  # fmt: skip
    styled = frames.ranks_styled(rk, "count", "d", "zh")
    assert hasattr(styled, "data")  # small: a Styler that marks the row
    monkeypatch.setattr(frames, "MAX_STYLED", 5)
    plain = frames.ranks_styled(rk, "count", "d", "zh")
    assert isinstance(plain, pd.DataFrame)
    assert plain.iloc[0, 0] == "d" and sorted(plain.iloc[:, 0]) == list("abcdef")
