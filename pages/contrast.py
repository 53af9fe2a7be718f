"""年度对照 Year vs year: one body's reports of two years side by side — every table with its
changes, the findings of both years, and the prose sentence by sentence (boilerplate carried
over from the earlier year is marked).

Shareable: ?body=…&a=<earlier year>&b=<later year> (st.query_params).
"""

import streamlit as st

from lib import analytics, ui
from lib.i18n import fmt_pct
from lib.markup import md_escape
from lib.ui import contrast_view, frames

SECTIONS = ("s2", "s3", "s4")


def render(ctx: ui.Ctx) -> None:
    st.caption(ctx.t("contrast.intro"))
    reports = ui.query("report_list", ctx.filters(), columns=("body", "year"))
    bodies = sorted(reports["body"].unique())
    if not bodies:
        ui.empty_state(ctx, "app.no_data_filter")
        return
    c1, c2, c3 = st.columns([2, 1, 1])
    with c1:
        body = ui.param_choice(ctx, "body", bodies, bodies[0], label=ctx.t("contrast.body"),
                               key="ct_body")  # fmt: skip
    years = sorted(int(y) for y in reports.loc[reports["body"] == body, "year"])
    if len(years) < 2:
        st.info(ctx.t("contrast.one_year", body=body))
        return
    with c3:
        year_b = ui.param_choice(ctx, "b", years[::-1], years[-1], label=ctx.t("contrast.year_b"),
                                 key="ct_b")  # fmt: skip
    earlier = [y for y in years if y != year_b][::-1]
    with c2:
        default_a = max((y for y in earlier if y < year_b), default=earlier[0])
        year_a = ui.param_choice(ctx, "a", earlier, default_a, label=ctx.t("contrast.year_a"),
                                 key="ct_a")  # fmt: skip

    view = ui.cached(analytics.contrast, ctx.db, ctx.filters(), body, year_a, year_b)
    for y in view["missing"]:
        st.info(ctx.t("contrast.missing", body=body, year=y))
    if view["missing"]:
        return
    tpl = dict(zip(view["reports"]["year"], view["reports"]["template"]))
    if tpl[year_a] != tpl[year_b]:
        st.info(ctx.t("contrast.template_change", a=tpl[year_a], b=tpl[year_b]))

    cells = view["cells"]
    with ui.section(ctx):
        st.subheader(ctx.t("contrast.tables"))
        only = st.toggle(ctx.t("contrast.only_changed"), key="ct_only")
        st.caption(ctx.t("contrast.changed_n", n=int(cells["changed"].sum())))
        for sec in SECTIONS:
            df = contrast_view.table_frame(cells, sec, ctx.lang, year_a, year_b, only)
            st.markdown(f"**{ctx.t('township.' + ('s2' if sec == 's2' else sec))}**")
            st.dataframe(df, hide_index=True, width="stretch")

    with ui.section(ctx):
        st.subheader(ctx.t("contrast.findings"))
        cols = st.columns(2)
        for col, y in zip(cols, (year_a, year_b), strict=True):
            found = view["findings"][y]
            with col:
                st.markdown(f"**{ctx.t('contrast.findings_year', year=y, n=len(found))}**")
                if found.empty:
                    st.success(ctx.t("contrast.no_findings"))
                else:
                    ui.table(frames.findings_display(found, ctx.lang), ctx.lang, width="stretch")

    with ui.section(ctx):
        st.subheader(ctx.t("contrast.prose"))
        carried = view["carried"]
        st.metric(ctx.t("contrast.carried"), fmt_pct(carried, 0) if carried is not None else "—")
        st.html(contrast_view.legend_html(ctx.lang))
        for sec, diff in view["prose"].items():
            with st.expander(ctx.t(f"prose.{sec}"), expanded=sec == "s1"):
                st.caption(ctx.t("contrast.counts", **contrast_view.sentence_counts(diff)))
                st.html(contrast_view.prose_html(diff, ctx.lang))
    st.caption(ctx.t("township.deep_link") + md_escape(f": ?body={body}&a={year_a}&b={year_b}"))


ui.run_page("contrast", render)
