"""总览 Overview: KPI cards with year-over-year deltas, county trends, the filing grid."""

import streamlit as st

from lib import analytics, charts, ui
from lib.analytics import copied, timeliness, worklist
from lib.i18n import fmt_int
from lib.markup import md_escape
from lib.ui import frames

KPIS = ("new", "disclosure_rate", "reviews", "lawsuits", "review_correction_rate")
COUNT_TRENDS = ("new", "handled", "carried_forward")
RATE_TRENDS = ("disclosure_rate", "not_held_rate")

MAX_LINKS = 60  # bodies listed as links under the grid; more get a searchable box


def render(ctx: ui.Ctx) -> None:
    years = ctx.year_list
    year = ui.param_choice(
        ctx, "year", years[::-1], years[-1], label=ctx.t("overview.year"), key="ov_year"
    )
    mt = ui.cached(analytics.metric_table, ctx.db, ctx.filters())
    grid = ui.cached(timeliness.filing_table, ctx.db, ctx.filters())  # shared with the worklist
    if mt.empty and grid.empty:
        ui.empty_state(ctx, "app.no_data_filter")
        return

    cards = ui.card_columns(len(KPIS) + 3)
    filing = timeliness.filing_summary(grid[grid["year"] == year]) if len(grid) else None
    filed = int(filing["filed_expected"].sum()) if filing is not None else 0
    expected = int(filing["expected"].sum()) if filing is not None else 0
    cards[0].metric(
        ctx.t("kpi.filed"),
        ctx.t("common.of", a=fmt_int(filed), b=fmt_int(expected)),
        help=ctx.t("quality.missing") + ": " + fmt_int(expected - filed),
    )
    for col, mid in zip(cards[1:], KPIS):
        ui.kpi(col, ctx, mt, mid, year)
    with_findings = int(filing["with_findings"].sum()) if filing is not None else 0
    cards[-2].metric(ctx.t("kpi.with_findings"), fmt_int(with_findings))
    pairs = ui.cached(copied.pairs, ctx.db, ctx.filters())  # the same call as the copied page
    cards[-1].metric(
        ctx.t("kpi.copied"),
        fmt_int(len(copied.involved(pairs, year))),
        help=ctx.t("kpi.copied_help"),
    )
    with cards[-1]:
        ui.page_link(ctx, "copied", ctx.t("overview.open_copied"))

    st.subheader(ctx.t("overview.problems", year=year))
    st.caption(ctx.t("overview.problems_help"))
    ranking = ui.cached(worklist.problem_table, ctx.db, ctx.filters(), year)
    if ranking.empty:
        st.success(ctx.t("overview.no_problems", year=year))
    else:
        ui.table(
            frames.problems_display(
                ranking,
                ctx.lang,
                lambda b, y: frames.page_url("township", {**ctx.params(), "body": b, "year": y}),
            ),
            ctx.lang,
            width="stretch",
            column_config={
                ctx.t("col.open"): st.column_config.LinkColumn(display_text=ctx.t("quality.open"))
            },
        )

    st.subheader(ctx.t("overview.trend"))
    if mt.empty:
        ui.empty_state(ctx, "app.no_data_filter")
    else:
        left, right = st.columns(2)
        for col, metrics in ((left, COUNT_TRENDS), (right, RATE_TRENDS)):
            data = frames.county_series(mt, metrics, ctx.lang)
            unit = "%" if metrics is RATE_TRENDS else "count"
            col.altair_chart(
                charts.trend_lines(data, "value", "", unit=unit, lang=ctx.lang),
                width="stretch",
            )

    st.subheader(ctx.t("overview.grid"))
    st.caption(ctx.t("overview.grid_help"))
    if grid.empty:
        ui.empty_state(ctx, "app.no_data_filter")
        return
    shown = frames.grid_status(timeliness.timeliness(grid), ui.query("report_list", ctx.filters()))
    event = st.altair_chart(
        charts.filing_grid(shown, status_labels=frames.grid_labels(ctx.lang), lang=ctx.lang),
        width="stretch",
        on_select="rerun",
        key="ov_grid",
    )
    point = ui.picked(event, ("body", "year"))
    if point and point.get("body"):
        ui.switch_page(ctx, "township", body=point["body"], year=point.get("year"))
    bodies = sorted(grid["body"].unique())
    if len(bodies) > MAX_LINKS:  # a province: one searchable box, not thousands of links
        pick = st.selectbox(
            ctx.t("overview.open_body"),
            [None, *bodies],
            format_func=lambda b: "—" if b is None else b,
            key="ov_open",
        )
        if pick:
            ui.switch_page(ctx, "township", body=pick, year=year)
        return
    links = st.columns(min(4, len(bodies)))
    for i, body in enumerate(bodies):
        with links[i % len(links)]:
            ui.page_link(ctx, "township", md_escape(body), body=body, year=year)


ui.run_page("overview", render)
