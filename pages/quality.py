"""数据质量 Data quality: every finding (filterable), each rule in plain words, missing
filings, superseded reports, files that failed to load."""

import streamlit as st

from lib import timeliness, ui
from lib.template import RULES
from lib.ui import frames

SEVERITIES = ("error", "warning", "info")


def render(ctx: ui.Ctx) -> None:
    with ui.section(ctx):
        st.subheader(ctx.t("quality.findings"))
        found = ui.query("findings", ctx.filters())
        c1, c2, c3, c4 = st.columns(4)
        rules = sorted(found["rule"].dropna().unique())
        pick_rules = c1.multiselect(
            ctx.t("quality.rule"), rules, key="q_rules", placeholder=ctx.t("common.all")
        )
        bodies = sorted(found["body"].dropna().unique())
        pick_bodies = c2.multiselect(
            ctx.t("common.body"), bodies, key="q_bodies", placeholder=ctx.t("common.all")
        )
        years = sorted(int(y) for y in found["year"].dropna().unique())
        pick_years = c3.multiselect(
            ctx.t("common.year"), years, key="q_years", placeholder=ctx.t("common.all")
        )
        sev = [s for s in SEVERITIES if s in set(found["severity"])]
        pick_sev = c4.multiselect(
            ctx.t("quality.severity"),
            sev,
            format_func=lambda s: ctx.t(f"severity.{s}"),
            key="q_sev",
            placeholder=ctx.t("common.all"),
        )
        shown = frames.pick_rows(
            found, rule=pick_rules, body=pick_bodies, year=pick_years, severity=pick_sev
        )
        st.caption(ctx.t("quality.count", n=len(shown)))
        ui.table(frames.findings_display(shown, ctx.lang), ctx.lang, width="stretch")

    with st.expander(ctx.t("quality.rules_explained"), expanded=False):
        for r in RULES:
            st.markdown(
                f"**{r.id}** ({ctx.t('severity.' + r.severity)}) — {r.en if ctx.lang == 'en' else r.zh}"
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
