"""趋势 Trends: a metric over years for the county and chosen bodies; compositions over years."""

import streamlit as st

from lib import analytics, charts, ui
from lib.analytics.metrics import METRIC, comparability_text, definition, label, report_metrics
from lib.ui import frames

COMPOSITIONS = (
    ("outcomes", "trends.outcomes", charts.OUTCOME_COLORS),
    ("withheld", "trends.withheld", None),
    ("applicants", "trends.applicants", charts.APPLICANT_COLORS),
)


def render(ctx: ui.Ctx) -> None:
    metric_ids = [m.id for m in report_metrics()]
    c1, c2 = st.columns([1, 2])
    with c1:
        metric = ui.param_choice(
            ctx,
            "metric",
            metric_ids,
            "new",
            label=ctx.t("trends.metric"),
            format_func=lambda m: label(m, ctx.lang),
            key="tr_metric",
        )
    mt = ui.cached(analytics.metric_table, ctx.db, ctx.filters())
    all_bodies = sorted(mt["body"].unique()) if len(mt) else []
    with c2:  # the chosen bodies live in the URL (?bodies=…&bodies=…): shareable
        chosen = ui.url_multiselect(st, "bodies", ctx.t("trends.bodies"), all_bodies,
                                    key="tr_bodies", max_selections=8)  # fmt: skip
    m = METRIC[metric]
    agg = "pooled"
    if not m.is_rate:  # a count: the median body, or the county's sum
        agg = ui.param_choice(ctx, "agg", ["median", "total"], "median", label=ctx.t("trends.agg"),
                              format_func=lambda a: ctx.t(f"trends.agg.{a}"), key="tr_agg")  # fmt: skip
    st.caption(f"{definition(metric, ctx.lang)} · {comparability_text(m, ctx.lang)}")
    if not m.comparable:
        st.warning(ctx.t("trends.not_comparable"))
    if mt.empty:
        ui.empty_state(ctx, "app.no_data_filter")
        return

    st.subheader(ctx.t("trends.line"))
    data = frames.body_series(mt, metric, chosen, ctx.year_list, ctx.lang, agg)
    st.altair_chart(
        charts.trend_lines(data, "value", label(metric, ctx.lang), unit=m.unit, lang=ctx.lang),
        width="stretch",
    )
    if len(chosen) > 1:
        st.subheader(ctx.t("trends.multiples"))
        st.altair_chart(
            charts.small_multiples(
                data,
                "value",
                label(metric, ctx.lang),
                data["series"].iloc[0],
                unit=m.unit,
                lang=ctx.lang,
            )  # fmt: skip
        )

    for kind, title, colors in COMPOSITIONS:
        st.subheader(ctx.t(title))
        comp = ui.cached(analytics.composition_table, ctx.db, ctx.filters(), kind, ("year",))
        if comp.empty or comp["count"].fillna(0).sum() == 0:
            ui.empty_state(ctx, "trends.no_applications")
            continue
        st.altair_chart(
            charts.stacked(
                comp, "category", "count", ctx.t("common.count"),
                labels=frames.composition_labels(kind, ctx.lang), colors=colors, lang=ctx.lang,
            ),
            width="stretch",
        )  # fmt: skip


ui.run_page("trends", render)
