"""导出 Export: the one-click 督办清单 (supervision list) and filtered extracts (CSV with BOM,
XLSX), column names in Chinese or English; the numbers are those of the warehouse."""

import streamlit as st

from lib import bulletin, export, ui

WHATS = ("cells", "metrics", "findings", "reports")
PREVIEW = 20  # rows shown before download
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render(ctx: ui.Ctx) -> None:
    with ui.section(ctx):
        st.subheader(ctx.t("export.bulletin"))
        st.caption(ctx.t("export.bulletin_help"))
        c1, c2 = st.columns(2)
        counties = [ctx.county] if ctx.county else ui.query("counties")
        county = c1.selectbox(ctx.t("export.bulletin_county"), counties, key="exp_b_county")
        year = c2.selectbox(ctx.t("export.bulletin_year"), ctx.year_list[::-1], key="exp_b_year")
        name = ctx.plain("bulletin.title", county=county, year=year)
        b1, b2 = st.columns(2)
        with b1:
            ui.download(
                ctx.t("export.bulletin_docx"),
                lambda: bulletin.bulletin_docx(ctx.db, county, year, ctx.lang),
                f"{name}.docx",
                DOCX,
                key="exp_b_docx",
            )
        with b2:
            if bulletin.pdf_ready():
                ui.download(
                    ctx.t("export.bulletin_pdf"),
                    lambda: bulletin.bulletin_pdf(ctx.db, county, year, ctx.lang),
                    f"{name}.pdf",
                    "application/pdf",
                    key="exp_b_pdf",
                )
            else:
                st.caption(ctx.t("export.bulletin_no_pdf"))

    with ui.section(ctx):
        st.subheader(ctx.t("export.supervision"))
        st.caption(ctx.t("export.supervision_help"))
        ui.download(
            ctx.t("export.supervision_button"),
            lambda: ui.supervision_xlsx(ctx.db, ctx.county, ctx.years, ctx.lang),
            ctx.t("export.supervision") + ".xlsx",
            XLSX,
            key="exp_supervision",
        )

    with ui.section(ctx):
        st.subheader(ctx.t("export.extract"))
        c1, c2, c3 = st.columns(3)
        what = c1.radio(
            ctx.t("export.what"),
            WHATS,
            format_func=lambda w: ctx.t(f"export.what.{w}"),
            key="exp_what",
        )
        col_lang = c2.radio(
            ctx.t("export.columns"),
            ("zh", "en"),
            index=0 if ctx.lang == "zh" else 1,
            format_func=lambda v: ctx.t(f"lang.{v}"),
            key="exp_lang",
        )
        bodies = sorted(ui.query("report_list", ctx.filters())["body"].unique())
        body = c3.selectbox(
            ctx.t("export.body"),
            [None, *bodies],
            format_func=lambda b: ctx.t("common.all") if b is None else b,
            key="exp_body",
        )
        # the count and a preview only: the extract itself is built when it is downloaded
        args = (ctx.db, what, ctx.county, body, ctx.years)
        n = ui.cached(export.extract_size, *args)
        head = ui.cached(export.extract, *args, col_lang, PREVIEW)
        st.caption(ctx.t("export.rows", n=n))
        stem = f"gongkai-{what}" + (f"-{body}" if body else "")
        b1, b2 = st.columns(2)
        with b1:
            ui.download(
                ctx.t("export.download", name=f"{stem}.csv"),
                lambda: export.extract_csv(*args, col_lang),
                f"{stem}.csv",
                "text/csv",
                key="exp_csv",
            )
        with b2:
            ui.download(
                ctx.t("export.download", name=f"{stem}.xlsx"),
                lambda: export.xlsx_bytes(export.extract(*args, col_lang), sheet=what),
                f"{stem}.xlsx",
                XLSX,
                key="exp_xlsx",
            )
        st.markdown(f"**{ctx.t('export.preview')}**")
        st.dataframe(head, hide_index=True, width="stretch")


ui.run_page("export", render)
