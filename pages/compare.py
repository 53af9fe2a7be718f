"""乡镇对比 Compare: ranked bars with the county median, heatmap, scatter, ranks table.

Clicking a body in any chart (or choosing it in the box) highlights it in every chart.
"""

import streamlit as st

from lib import analytics, charts, ui
from lib.analytics.metrics import METRIC, comparability_text, definition, label, report_metrics
from lib.ui import frames

DEFAULT_X, DEFAULT_Y = "new", "disclosure_rate"


def render(ctx: ui.Ctx) -> None:
    metric_ids = [m.id for m in report_metrics()]
    c1, c2, c3 = st.columns([2, 1, 2])
    with c1:
        metric = ui.param_choice(
            ctx,
            "metric",
            metric_ids,
            DEFAULT_X,
            label=ctx.t("compare.metric"),
            format_func=lambda m: label(m, ctx.lang),
            key="cmp_metric",
        )
    years = ctx.year_list
    with c2:
        year = ui.param_choice(
            ctx, "year", years[::-1], years[-1], label=ctx.t("compare.year"), key="cmp_year"
        )
    m = METRIC[metric]
    st.caption(f"{definition(metric, ctx.lang)} · {comparability_text(m, ctx.lang)}")

    mt = ui.cached(analytics.metric_table, ctx.db, ctx.filters())
    bodies = sorted(mt["body"].unique()) if len(mt) else []
    with c3:
        highlight = ui.highlight_choice(ctx, bodies, key="cmp_highlight")

    this_year = mt[mt["year"] == year]
    if this_year.empty or this_year[metric].notna().sum() == 0:
        ui.empty_state(ctx, "compare.no_data", year=year)
        return
    total = analytics.county_totals(this_year, metric, by=("year",))
    median = total["median"].iloc[0] if len(total) else None
    name = label(metric, ctx.lang)
    st.caption(ctx.t("compare.select_help"))
    shown = frames.extremes(this_year, metric, frames.MAX_BARS, highlight)
    if len(shown) < len(this_year):
        st.info(ctx.t("compare.capped", half=frames.MAX_BARS // 2, total=len(this_year)))

    rk = analytics.ranks(mt, metric, year=year)
    too_few = frames.too_few(rk)
    if too_few:
        st.caption(ctx.t("compare.too_few", n=len(too_few), min=analytics.MIN_HANDLED))
    st.subheader(ctx.t("compare.bar"))
    ev = st.altair_chart(
        charts.ranked_bar(
            shown, metric, name, unit=m.unit, median=median, highlight=highlight,
            lang=ctx.lang, too_few=too_few,
        ),
        width="stretch", on_select="rerun", key="cmp_bar",
    )  # fmt: skip
    ui.take_pick(ev, "cmp_highlight", "cmp_bar")

    st.subheader(ctx.t("compare.heatmap"))
    ev = st.altair_chart(
        charts.heatmap(
            frames.with_few(mt[mt["body"].isin(shown["body"])], metric), metric, name,
            unit=m.unit, highlight=highlight,
            lang=ctx.lang,
        ),
        width="stretch", on_select="rerun", key="cmp_heat",
    )  # fmt: skip
    ui.take_pick(ev, "cmp_highlight", "cmp_heat")

    st.subheader(ctx.t("compare.scatter"))
    other = ui.param_choice(
        ctx,
        "metric_y",
        [x for x in metric_ids if x != metric],
        DEFAULT_Y if metric != DEFAULT_Y else DEFAULT_X,
        label=ctx.t("compare.metric_y"),
        format_func=lambda x: label(x, ctx.lang),
        key="cmp_metric_y",
    )
    ev = st.altair_chart(
        charts.scatter(
            frames.with_few(this_year, metric, other), metric, other, name,
            label(other, ctx.lang), x_unit=m.unit,
            y_unit=METRIC[other].unit, highlight=highlight, lang=ctx.lang,
        ),
        width="stretch", on_select="rerun", key="cmp_scatter",
    )  # fmt: skip
    ui.take_pick(ev, "cmp_highlight", "cmp_scatter")

    st.subheader(ctx.t("compare.table"))
    ui.ranks_table(ctx, frames.ranks_table(rk, ctx.lang, m.unit), m.unit, highlight)

    if year - 1 in set(mt["year"]):
        st.subheader(ctx.t("compare.movers", a=year - 1, b=year))
        movers = analytics.top_movers(mt, metric, year - 1, year, n=10)
        ui.table(frames.movers_display(movers, m.unit), ctx.lang)


ui.run_page("compare", render)
