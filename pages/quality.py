"""数据质量 Data quality: every finding (filterable), each rule in plain words, missing
filings, superseded reports, files that failed to load."""

import streamlit as st

from lib import ui
from lib.analytics import timeliness
from lib.check.catalog import CHECKS, check_of
from lib.markup import md_escape
from lib.ui import frames

SEVERITIES = ("error", "warning", "info")


def render(ctx: ui.Ctx) -> None:
    with ui.section(ctx):
        st.subheader(ctx.t("quality.findings"))
        found = ui.query("findings", ctx.filters())
        c1, c2, c3, c4 = st.columns(4)
        rules = sorted(found["rule"].dropna().unique())
        pick_rules = ui.url_multiselect(
            c1, "rule", ctx.t("quality.rule"), rules, "q_rules",
            format_func=lambda r: check_of(r).name(ctx.lang),
        )  # fmt: skip
        bodies = sorted(found["body"].dropna().unique())
        pick_bodies = ui.url_multiselect(c2, "q_body", ctx.t("common.body"), bodies, "q_bodies")
        years = sorted(int(y) for y in found["year"].dropna().unique())
        pick_years = ui.url_multiselect(c3, "q_year", ctx.t("common.year"), years, "q_years")
        sev = [s for s in SEVERITIES if s in set(found["severity"])]
        pick_sev = ui.url_multiselect(
            c4, "severity", ctx.t("quality.severity"), sev, "q_sev",
            format_func=lambda s: ctx.t(f"severity.{s}"),
        )  # fmt: skip
        shown = frames.pick_rows(
            found, rule=pick_rules, body=pick_bodies, year=pick_years, severity=pick_sev
        )
        st.caption(ctx.t("quality.count", n=len(shown)))

        def link(body, year, cell):
            return frames.page_url("township", {**ctx.params(), "body": body, "year": year,
                                                "cell": cell})  # fmt: skip

        ui.table(
            frames.findings_display(shown, ctx.lang, link),
            ctx.lang,
            width="stretch",
            column_config={
                ctx.t("col.open"): st.column_config.LinkColumn(display_text=ctx.t("quality.open"))
            },
        )

    with st.expander(ctx.t("quality.rules_explained"), expanded=False):
        for c in CHECKS:
            st.markdown(
                f"**{md_escape(c.name(ctx.lang))}** — {md_escape(c.what(ctx.lang))}  \n"
                f"{ctx.t('quality.fix_heading')}：{md_escape(c.fix(ctx.lang))}"
            )

    with ui.section(ctx):
        st.subheader(ctx.t("quality.missing"))
        grid = ui.cached(timeliness.filing_table, ctx.db, ctx.filters())
        missing = frames.pick_rows(grid, status=["missing"])
        if missing.empty:
            st.success(ctx.t("quality.none_missing"))
        else:
            ui.table(
                frames.with_level_names(missing[["body", "county", "level", "year"]], ctx.lang),
                ctx.lang,
            )

    with ui.section(ctx):
        st.subheader(ctx.t("quality.late"))
        st.caption(ctx.t("quality.late_help"))
        tl = ui.cached(timeliness.timeliness_table, ctx.db, ctx.filters())
        late = frames.pick_rows(tl, timeliness=["late"])
        if late.empty:
            st.success(ctx.t("quality.none_late"))
        else:
            ui.table(frames.late_display(late), ctx.lang)

    with ui.section(ctx):
        st.subheader(ctx.t("quality.superseded"))
        old = frames.superseded_display(ui.query("revisions", ctx.filters()))
        if old.empty:
            st.success(ctx.t("quality.none_superseded"))
        else:
            ui.table(old, ctx.lang)

    with ui.section(ctx):
        st.subheader(ctx.t("quality.failed"))
        failed = ui.query("ingest_log", result="failed")
        if failed.empty:
            st.success(ctx.t("quality.none_failed"))
        else:
            ui.table(failed, ctx.lang, width="stretch")


ui.run_page("quality", render)
