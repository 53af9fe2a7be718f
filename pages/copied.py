"""报告雷同 Copied text: pairs of reports whose prose is nearly the same (found at ingest), by
score; a pair side by side with the passages both share marked.

Shareable: ?pair=<report id>-<report id> (st.query_params).
"""

import streamlit as st

from lib import ui
from lib.analytics import copied
from lib.i18n import fmt_pct
from lib.markup import html_text, md_escape
from lib.ui import frames


def _marked(segments: list[tuple[str, bool]]) -> str:
    """One report's prose as HTML, shared passages in <mark>; text escaped, one <div>."""
    parts = []
    for text, shared in segments:
        t = html_text(text).replace("\n", "<br>")
        parts.append(f"<mark>{t}</mark>" if shared else t)
    return (
        '<div style="line-height:1.8;max-height:36rem;overflow-y:auto;padding:0.5rem;'
        'border:1px solid #dee2e6;border-radius:0.25rem">' + "".join(parts) + "</div>"
    )


def render(ctx: ui.Ctx) -> None:
    th = copied.THRESHOLDS
    st.caption(
        ctx.t("copied.intro", same=fmt_pct(th["same_year"], 0), prior=fmt_pct(th["prior_year"], 0))
    )
    pairs = ui.cached(copied.pairs, ctx.db, ctx.filters())
    if pairs.empty:
        st.success(ctx.t("copied.none"))
        return

    with ui.section(ctx):
        kinds = [k for k in copied.KINDS if k in set(pairs["kind"])]
        kind = st.segmented_control(
            ctx.t("copied.kind"),
            options=kinds,
            format_func=lambda k: ctx.t(f"copied.kind.{k}"),
            key="cp_kind",
        )
        shown = frames.pick_rows(pairs, kind=[kind] if kind else None)
        st.caption(ctx.t("copied.count", n=len(shown)))
        ui.table(frames.copied_display(shown, ctx.lang), ctx.lang, width="stretch")

    rows = {f"{r.report_a}-{r.report_b}": r for r in shown.itertuples(index=False)}
    if not rows:
        return
    options = list(rows)
    pick = ui.param_choice(
        ctx,
        "pair",
        options,
        options[0],
        label=ctx.t("copied.pick"),
        format_func=lambda o: ctx.plain(
            "copied.pair_label",
            a=rows[o].body_a,
            ya=rows[o].year_a,
            b=rows[o].body_b,
            yb=rows[o].year_b,
            score=fmt_pct(rows[o].score, 0),
        ),
        key="cp_pair",
    )
    row = rows[pick]

    with ui.section(ctx):
        view = ui.cached(copied.pair_view, ctx.db, int(row.report_a), int(row.report_b))
        cards = st.columns(3)
        for col, code in zip(cards, ("s1", "s5", "prose"), strict=True):
            v = view["scores"][code]
            col.metric(
                ctx.t(f"copied.score_{code}"),
                fmt_pct(v, 0) if v is not None else ctx.t("copied.too_short"),
            )
        st.subheader(ctx.t("copied.side_by_side", n=copied.MIN_PASSAGE))
        left, right = st.columns(2)
        left.markdown(f"**{md_escape(row.body_a)} · {row.year_a}**")
        left.markdown(_marked(view["left"]), unsafe_allow_html=True)
        right.markdown(f"**{md_escape(row.body_b)} · {row.year_b}**")
        right.markdown(_marked(view["right"]), unsafe_allow_html=True)

    with ui.section(ctx):
        st.subheader(ctx.t("copied.passages"))
        if not view["passages"]:
            st.info(ctx.t("copied.no_passages", n=copied.MIN_PASSAGE))
        else:
            items = "".join(
                f"<li>{html_text(p).replace(chr(10), ' ')}</li>" for p in view["passages"]
            )
            st.markdown(f"<ol>{items}</ol>", unsafe_allow_html=True)


ui.run_page("copied", render)
