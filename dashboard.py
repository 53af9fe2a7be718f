"""Streamlit entry point: page configuration and navigation only (`streamlit run dashboard.py`).

Each page lives in pages/ and lays itself out through lib.ui.run_page.
"""

from pathlib import Path

import streamlit as st

from lib.i18n import t
from lib.ui import current_lang, page_file

lang = current_lang()
st.set_page_config(page_title=t("app.page_title", lang), page_icon="📑", layout="wide")

ICONS = {
    "overview": ":material/dashboard:",
    "compare": ":material/bar_chart:",
    "trends": ":material/show_chart:",
    "township": ":material/location_city:",
    "contrast": ":material/compare_arrows:",
    "quality": ":material/rule:",
    "rectify": ":material/task_alt:",
    "copied": ":material/content_copy:",
    "export": ":material/download:",
    "upload": ":material/upload_file:",
}
here = Path(__file__).resolve().parent
pages = [
    st.Page(page_file(name), title=t(f"page.{name}", lang), icon=icon, default=name == "overview")
    for name, icon in ICONS.items()
    if (here / page_file(name)).exists()
]
st.navigation(pages).run()
