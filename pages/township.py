"""乡镇详情 Township: one body's metrics per year, its report re-rendered with findings marked,
where each number was read, prose, revisions, the source file, and the county median.

Shareable: ?body=…&year=… (st.query_params); &cell=… opens where that number was read.
"""

import streamlit as st

from lib import analytics, charts, ui
from lib.analytics import copied, timeliness, worklist
from lib.check.catalog import check_of
from lib.i18n import fmt_int, fmt_pct
from lib.markup import md_escape
from lib.store import correct
from lib.template import key_label
from lib.ui import frames, report_view

KEY_METRICS = ("new", "handled", "disclosure_rate", "not_held_rate", "reviews", "lawsuits")
PEER_METRICS = ("new", "disclosure_rate", "not_held_rate", "backlog_ratio", "reviews")
PROSE = ("s1", "s5", "s6", "s7")


def render(ctx: ui.Ctx) -> None:
    reports = ui.query("report_list", ctx.filters())
    bodies = sorted(reports["body"].unique())
    if not bodies:
        ui.empty_state(ctx, "app.no_data_filter")
        return
    # without ?body=, the body with most problems in the latest year comes first
    latest = int(reports["year"].max())
    worst = ui.cached(worklist.problem_table, ctx.db, ctx.filters(), latest)["body"]
    first = next((b for b in worst if b in bodies), bodies[0])
    c1, c2 = st.columns([2, 1])
    with c1:
        body = ui.param_choice(
            ctx, "body", bodies, first, label=ctx.t("township.body"), key="tw_body"
        )
    mine = reports[reports["body"] == body]
    years = sorted(int(y) for y in mine["year"])
    asked = str(st.query_params.get("year") or "")
    if asked.isdigit() and int(asked) not in years and int(asked) in ctx.year_list:
        _not_filed(ctx, body, int(asked), years)  # a missing filing, never another year
        return
    with c2:
        year = ui.param_choice(
            ctx, "year", years[::-1], years[-1], label=ctx.t("township.year"), key="tw_year"
        )
    rep = mine[mine["year"] == year].iloc[0]
    if len(years) > 1:  # the year before, or for the first year the one after
        a, b = (years[years.index(year) - 1], year) if year != years[0] else (year, years[1])
        ui.page_link(ctx, "contrast", ctx.t("contrast.open"), body=body, a=a, b=b)
    rid = int(rep["report_id"])
    st.caption(
        md_escape(
            " · ".join(
                str(x)
                for x in (
                    ctx.plain("township.template", tpl=rep["template"]),
                    rep["format"],
                    str(rep["source"]).replace("\\", "/").rsplit("/", 1)[-1],
                    str(rep.get("published") or "")[:10],
                )
                if x
            )
        )
    )

    mt = ui.cached(analytics.metric_table, ctx.db, ctx.filters())
    mt_body = mt[mt["body"] == body]
    with ui.section(ctx):
        st.subheader(ctx.t("township.key_metrics"))
        cards = ui.card_columns(len(KEY_METRICS))
        for col, mid in zip(cards, KEY_METRICS):
            ui.kpi(col, ctx, mt_body, mid, year)
        st.dataframe(
            frames.metric_years(mt_body, KEY_METRICS + ("findings",), ctx.lang), hide_index=True
        )

    one = ctx.filters(bodies=(body,)) | {"years": (year, year)}
    with ui.section(ctx):
        st.subheader(ctx.t("township.report", year=year))
        cells = ui.query(
            "report_cells", one, columns=("key", "value", "blank", "provenance", "derived")
        )
        found = ui.query("findings", one)
        marked = report_view.finding_keys(found)
        blanks = set(cells.loc[cells["blank"].astype(bool), "key"])
        fixes = ui.fixes(ctx, bodies=(body,), years=(year, year))
        fixed = set(fixes["key"])
        if marked:
            st.caption(ctx.t("township.highlight_note"))
        if fixed:
            st.caption(ctx.t("correct.marked"))
        tables = report_view.report_tables(cells, str(rep["template"]), ctx.lang)
        picked = None
        for name, (values, keys) in tables.items():
            if name.startswith("s2."):
                if name == "s2.1":
                    st.markdown(f"**{ctx.t('township.s2')}**")
            else:
                st.markdown(f"**{ctx.t('township.' + name)}**")
            sel = ui.report_table(values, keys, set(marked), blanks, f"tw_{name}_{rid}", fixed)
            picked = sel or picked
        if picked is None:  # a link from a finding names the cell (?cell=s3.new.total)
            cell = st.query_params.get("cell")
            picked = cell if cell in set(cells["key"]) else None
        ui.provenance_panel(ctx, cells, found, marked, picked, report_id=rid, fixes=fixes)

        st.subheader(ctx.t("township.findings"))
        if found.empty:
            st.success(ctx.t("township.no_findings"))
        for _, f in found.iterrows():
            msg = md_escape(f["message_en"] if ctx.lang == "en" else f["message_zh"])
            check = check_of(str(f["rule"]))
            text = f"**{md_escape(check.name(ctx.lang))}** · {ctx.t('severity.' + str(f['severity']))} — {msg}"
            text += f"  \n{ctx.t('quality.fix_heading')}：{md_escape(check.fix(ctx.lang))}"
            # a finding is about the report, not a failure of the page: a warning box
            st.warning(text, icon="⚠️" if str(f["severity"]) == "error" else "ℹ️")

        # copied-text pairs: the county-wide list (the copied page's cached call), this report's
        mine_pairs = copied.pairs_of(ui.cached(copied.pairs, ctx.db, ctx.filters()), rid)
        st.metric(ctx.t("township.copied"), fmt_int(len(mine_pairs)))
        for pr in mine_pairs.itertuples(index=False):
            other_a = int(pr.report_b) == rid
            ui.page_link(
                ctx,
                "copied",
                ctx.t(
                    "township.copied_pair",
                    body=pr.body_a if other_a else pr.body_b,
                    year=pr.year_a if other_a else pr.year_b,
                    score=fmt_pct(pr.score, 0),
                ),
                pair=pr.pair,
            )

    with ui.section(ctx):
        st.subheader(ctx.t("township.prose"))
        prose = ui.query("prose", rid)
        for _, p in prose.iterrows():
            sec = str(p["section"])
            if sec in PROSE:
                with st.expander(ctx.t(f"prose.{sec}"), expanded=sec == "s1"):
                    st.markdown(md_escape(p["text"]))

    with ui.section(ctx):
        st.subheader(ctx.t("township.revisions"))
        rev = ui.query("revisions", ctx.filters(bodies=(body,)) | {"years": (year, year)})
        ui.table(
            rev[["report_id", "source", "format", "ingested_at", "ingested_by", "current"]],
            ctx.lang,
        )
        src = ui.report_source(rid)
        if src:
            ui.download(ctx.t("township.download"), src[1], src[0], "application/octet-stream",
                        key=f"tw_src_{rid}")  # fmt: skip

    with (
        ui.section(ctx),
        st.expander(ctx.t("correct.section"), expanded="tw_saved" in st.session_state),
    ):
        _corrections(ctx, (body, year), rid, cells, picked, fixes, rev)

    with ui.section(ctx):
        st.subheader(ctx.t("township.vs_median"))
        gap = analytics.peer_gap(mt, body, PEER_METRICS)
        st.dataframe(frames.peer_frame(gap, year, ctx.lang), hide_index=True)
        st.altair_chart(
            charts.peer_bars(
                frames.peer_chart_frame(gap, year, ctx.lang, "%"), "",
                body_label=body, median_label=ctx.t("common.county_median"), lang=ctx.lang,
            ),
            width="stretch",
        )  # fmt: skip
    st.caption(ctx.t("township.deep_link") + md_escape(f": ?body={body}&year={year}"))


def _not_filed(ctx: ui.Ctx, body: str, year: int, years: list[int]) -> None:
    """The "not filed" view of a body and year without a report."""
    st.warning(ctx.t("township.no_report", body=body, year=year))
    tl = ui.cached(timeliness.timeliness_table, ctx.db, ctx.filters(bodies=(body,)))
    due = tl.loc[tl["year"] == year, "deadline"]
    if len(due):
        st.caption(ctx.t("township.not_filed_due", date=str(due.iloc[0])[:10]))
    ui.page_link(ctx, "rectify", ctx.t("township.not_filed_track"), r_body=body)
    st.markdown(ctx.t("township.filed_years"))
    for y in years[::-1]:
        ui.page_link(ctx, "township", str(y), body=body, year=y)


def _corrections(ctx: ui.Ctx, body_year, rid: int, cells, picked, fixes, rev) -> None:
    """Correct a misread cell, undo a correction, make an earlier revision current (login)."""
    st.caption(ctx.t("correct.intro"))
    if "tw_saved" in st.session_state:
        st.success(st.session_state.pop("tw_saved"))
    body, year = body_year
    hist = ui.fixes(ctx, history=True, bodies=(body,), years=(year, year))
    if len(hist):
        st.markdown(f"**{ctx.t('correct.history')}**")
        ui.table(report_view.corrections_display(hist, ctx.lang), ctx.lang, width="stretch")
    user = ui.login(ctx.lang)
    if not user:
        return
    keys = [k for k, d in zip(cells["key"], cells["derived"]) if not d]
    with st.form(f"correct_{rid}"):
        key = st.selectbox(ctx.t("correct.cell"), keys, format_func=lambda k: key_label(k, ctx.lang),
                           index=keys.index(picked) if picked in keys else 0, key="cx_key")  # fmt: skip
        value = st.number_input(ctx.t("correct.value"), min_value=0.0, step=1.0, key="cx_value")
        reason = st.text_input(ctx.t("correct.reason"), key="cx_reason")
        if st.form_submit_button(ctx.t("correct.submit")):
            _write(ctx, "correct.done", lambda: correct.correct(
                ctx.db, [correct.Correction(rid, key, value, reason)], user))  # fmt: skip
    if len(fixes):
        with st.form(f"undo_{rid}"):
            key = st.selectbox(ctx.t("correct.undo_cell"), list(fixes["key"]),
                               format_func=lambda k: key_label(k, ctx.lang), key="cx_undo_key")  # fmt: skip
            reason = st.text_input(ctx.t("correct.reason"), key="cx_undo_reason")
            if st.form_submit_button(ctx.t("correct.undo_submit")):
                _write(ctx, "correct.undone", lambda: correct.undo(ctx.db, rid, key, user, reason))
    older = rev[~rev["current"].astype(bool)]
    if older.empty:
        st.caption(ctx.t("correct.no_revisions"))
        return
    labels = {int(r.report_id): ctx.plain("correct.revision_label", rid=int(r.report_id),
              source=str(r.source).replace("\\", "/").rsplit("/", 1)[-1], at=str(r.ingested_at)[:16])
              for r in older.itertuples(index=False)}  # fmt: skip
    with st.form(f"revision_{rid}"):
        pick = st.selectbox(ctx.t("correct.revision"), list(labels), format_func=labels.get,
                            key="cx_rev")  # fmt: skip
        reason = st.text_input(ctx.t("correct.reason"), key="cx_rev_reason")
        if st.form_submit_button(ctx.t("correct.revision_submit")):
            _write(ctx, "correct.revision_done",
                   lambda: correct.make_revision_current(ctx.db, pick, user, reason), rid=pick)  # fmt: skip


def _write(ctx: ui.Ctx, done: str, act, **kw) -> None:
    try:
        out = act()
    except correct.Refused as e:
        st.error(ctx.t("correct.failed", reason=ctx.t(f"correct.err.{e.code}")))
        return
    if isinstance(out, list):  # (report_id, key, old, new) per cell
        _, k, old, new = out[0]
        kw = {"cell": key_label(k, ctx.lang), "old": fmt_int(old), "new": fmt_int(new)}
    else:
        kw["old"] = out if out is not None else "—"
    st.session_state["tw_saved"] = ctx.t(done, **kw)
    st.rerun()


ui.run_page("township", render)
