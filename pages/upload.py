"""导入 Upload (behind a login): upload report files or a zip, preview each file's parse result
and findings, then load them with a progress bar; every action is in the audit log."""

import streamlit as st

from lib import ui
from lib.markup import md_escape


def render(ctx: ui.Ctx) -> None:
    user = ui.login(ctx.lang)
    if not user:
        return
    ss = st.session_state
    n = ss.setdefault("up_round", 0)
    files = st.file_uploader(
        ctx.t("upload.files"), type=ui.UPLOAD_TYPES, accept_multiple_files=True, key=f"up_files_{n}"
    )
    if files:
        payload = [(f.name, f.getvalue()) for f in files]
        st.subheader(ctx.t("upload.preview"))
        with st.spinner(ctx.t("upload.reading", n=len(payload))):  # scans take seconds a page
            rows = ui.cached(ui.preview, payload)
        for r in rows:
            if r["ok"]:
                st.success(
                    ctx.t(
                        "upload.parse_ok",
                        file=r["file"],
                        body=r["body"],
                        year=r["year"],
                        tpl=r["template"],
                        n=len(r["findings"]),
                    )
                )
                for f in r["findings"]:
                    st.caption(md_escape(ui.finding_line(f, ctx.lang)))
            else:
                st.error(ctx.t("upload.parse_failed", file=r["file"], reason=r["error"]))
        if st.button(ctx.t("upload.commit"), type="primary", key="up_commit"):
            bar = st.progress(0.0, text=ctx.t("upload.committing"))
            waiting = st.empty()
            seen = []

            def on_file(name: str) -> None:
                waiting.empty()
                seen.append(name)
                bar.progress(min(len(seen) / len(rows), 1.0), text=md_escape(name))

            done = ui.ingest_uploads(
                payload, user, on_file=on_file,
                on_wait=lambda: waiting.info(ctx.t("upload.waiting")),
            )  # fmt: skip
            ss["up_done"] = [done]
            ss["up_round"] = n + 1
            st.rerun()
    for done in ss.get("up_done", []):
        c = done["counts"]
        st.success(
            ctx.t(
                "upload.done",
                loaded=c["loaded"],
                superseded=c["superseded_previous"],
                already=c["already_loaded"],
                failed=c["failed"],
            )
        )
        for file, reason in done["failures"]:
            st.warning(ctx.t("upload.parse_failed", file=file, reason=reason))

    st.subheader(ctx.t("upload.audit"))
    with ui.section(ctx):
        ui.table(ui.query("ingest_log", limit=200), ctx.lang, width="stretch")


ui.run_page("upload", render, needs_data=False)
