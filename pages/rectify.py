"""整改跟踪 Rectification: every issue of the 督办清单 with what to fix, the responsible unit, the
deadline and where it stands, worst first; signed-in supervisors record status changes, each
kept with who, when and why.

Shareable: ?status=open&status=acknowledged&r_body=… (st.query_params).
"""

import streamlit as st

from lib import ui
from lib.analytics import rectify
from lib.ui import frames


def render(ctx: ui.Ctx) -> None:
    saved = st.session_state.pop("r_saved", None)
    if saved is not None:
        st.success(ctx.t("rectify.saved", n=saved))
    issues = ui.cached(rectify.supervision_table, ctx.db, ctx.filters(), ctx.lang)
    with ui.section(ctx):
        st.subheader(ctx.t("rectify.title"))
        st.caption(ctx.t("rectify.help"))
        c1, c2 = st.columns(2)
        pick_status = ui.url_multiselect(
            c1, "status", ctx.t("rectify.status_filter"), list(rectify.STATUSES), "r_status",
            format_func=lambda s: ctx.t(f"rectify.status.{s}"),
        )  # fmt: skip
        bodies = sorted(issues["body"].dropna().unique())
        pick_body = ui.url_multiselect(c2, "r_body", ctx.t("common.body"), bodies, "r_bodies")
        shown = frames.pick_rows(issues, status=pick_status, body=pick_body)
        st.caption(
            ctx.t("rectify.count", n=len(shown), open=int((shown["status"] == "open").sum()))
        )

        def link(body, year):
            return frames.page_url("township", {**ctx.params(), "body": body, "year": year})

        table = rectify.supervision_display(shown, ctx.lang)
        table["open"] = [
            None if issue == "missing" else link(b, y)
            for b, y, issue in zip(shown["body"], shown["year"], shown["issue"], strict=True)
        ]
        ui.table(
            table.drop(columns=["county", "report_id"]),
            ctx.lang,
            width="stretch",
            column_config={
                ctx.t("col.open"): st.column_config.LinkColumn(display_text=ctx.t("quality.open"))
            },
        )

    with ui.section(ctx):
        st.subheader(ctx.t("rectify.record"))
        user = ui.login(ctx.lang)
        if user:
            _form(ctx, shown, user)

    with ui.section(ctx):
        st.subheader(ctx.t("rectify.history"))
        history = ui.cached(rectify.history, ctx.db, ctx.filters(), ctx.lang)
        if history.empty:
            st.info(ctx.t("rectify.none_history"))
        else:
            ui.table(history, ctx.lang, width="stretch")


def _form(ctx: ui.Ctx, shown, user: str) -> None:
    labels = rectify.issue_labels(shown, ctx.lang)
    with st.form("r_form", clear_on_submit=True):
        ids = st.multiselect(ctx.t("rectify.pick"), list(labels), format_func=labels.get,
                             key="r_pick")  # fmt: skip
        status = st.radio(
            ctx.t("rectify.new_status"), ("acknowledged", "fixed", "waived", "open"),
            format_func=lambda s: ctx.t(f"rectify.status.{s}"), horizontal=True, key="r_new",
        )  # fmt: skip
        note = st.text_area(ctx.t("rectify.note"), key="r_note")
        c1, c2 = st.columns(2)
        owner = c1.text_input(ctx.t("rectify.owner"), key="r_owner")
        due = c2.date_input(ctx.t("rectify.due"), value=None, key="r_due")
        submitted = st.form_submit_button(ctx.t("rectify.submit"))
    if not submitted:
        return
    if not ids:
        st.warning(ctx.t("rectify.none_picked"))
        return
    acts = rectify.actions_for(rectify.picked(shown, ids), status, note, owner, due)
    try:
        n = rectify.record(ctx.db, acts, user, on_wait=lambda: st.info(ctx.t("upload.waiting")))
    except rectify.Refused as e:
        st.error(ctx.t("rectify.failed", reason=ctx.t(f"rectify.err.{e.code}")))
        return
    st.session_state["r_saved"] = n
    st.rerun()


ui.run_page("rectify", render)
