"""Shared pieces of the chart builders: fixed colours, number formats, fonts."""

from __future__ import annotations

import altair as alt
import pandas as pd

PICK = "pick"
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
TEMPLATE_CHANGE_YEAR = 2021

# One colour per section-III outcome group, used everywhere.
OUTCOME_ORDER = ("granted", "partial", "withheld", "unable", "refused", "other")
OUTCOME_COLORS = {
    "granted": "#2e7d32",
    "partial": "#8bc34a",
    "withheld": "#c62828",
    "unable": "#f9a825",
    "refused": "#6a1b9a",
    "other": "#90a4ae",
}
# filing statuses; the overview's grid splits "findings" by severity (errors ≠ notes)
STATUS_ORDER = ("filed", "findings", "notes", "errors", "revised", "missing")
STATUS_COLORS = {
    "filed": "#66bb6a",
    "findings": "#ef6c00",
    "notes": "#fcc419",
    "errors": "#e03131",
    "revised": "#42a5f5",
    "missing": "#e0e0e0",
}
APPLICANT_COLORS = {"natural": "#1565c0", "org": "#ff8f00"}
BASE_COLOR = "#5c7cfa"
HIGHLIGHT_COLOR = "#d9480f"
MUTED_COLOR = "#ced4da"
MEDIAN_COLOR = "#212529"
SERIES_PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
]


def _fmt(unit: str) -> str:
    """d3 format for a metric unit: shares as percent with one decimal, counts with separators."""
    return ".1%" if unit in ("%", "pct", "share", "rate") else ",.4~f"


def _num(col: pd.Series) -> pd.Series:
    """Numbers as float so a missing value is serialised as null (a gap), never NaN or 0."""
    return pd.to_numeric(col, errors="coerce").astype(float)


def _style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT)
        .configure_axis(labelFont=FONT, titleFont=FONT, labelLimit=220)
        .configure_legend(labelFont=FONT, titleFont=FONT, labelLimit=260)
        .configure_title(font=FONT)
    )


def _color_for(highlight: str | None, field: str = "body") -> alt.Color | alt.value:
    if highlight:
        return alt.condition(
            alt.datum[field] == highlight, alt.value(HIGHLIGHT_COLOR), alt.value(MUTED_COLOR)
        )
    return alt.value(BASE_COLOR)
