"""Streamlit entry point: page configuration and navigation only (`streamlit run dashboard.py`).

Each page lives in pages/ and lays itself out through lib.ui.run_page (which also routes a page
that Streamlit's older pages/-folder mode ran directly through this same menu).
"""

import streamlit as st

from lib.ui import current_lang, menu, page_config

lang = current_lang()
st.set_page_config(**page_config(lang))
st.navigation(menu(lang)).run()
