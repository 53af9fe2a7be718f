"""Charts over years: lines per series (gaps stay gaps, the template change marked) and
small multiples of several bodies."""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.charts.base import (
    BASE_COLOR,
    MUTED_COLOR,
    SERIES_PALETTE,
    TEMPLATE_CHANGE_YEAR,
    _fmt,
    _num,
    _style,
)
from lib.i18n import t


def _template_rule(lang: str) -> alt.Chart:
    marker = pd.DataFrame(
        {"x": [TEMPLATE_CHANGE_YEAR - 0.5], "label": [t("common.template_change", lang)]}
    )
    rule = (
        alt.Chart(marker)
        .mark_rule(color="#868e96", strokeDash=[6, 4])
        .encode(x="x:Q", tooltip=[alt.Tooltip("label:N", title=" ")])
    )
    text = (
        alt.Chart(marker)
        .mark_text(align="left", dx=4, dy=8, color="#868e96", fontSize=11)
        .encode(x="x:Q", y=alt.value(0), text="label:N")
    )
    return rule + text


def _gap_marks(gaps: pd.DataFrame, names: list[str], lang: str) -> alt.Chart:
    """A small "no report" mark at the bottom of the plot for each missing year."""
    return (
        alt.Chart(gaps.assign(label=t("chart.gap", lang)))
        .mark_text(baseline="bottom", dy=-2, fontSize=10)
        .encode(
            x="year:Q",
            y=alt.value(318),
            text="label:N",
            color=alt.Color("series:N", legend=None,
                            scale=alt.Scale(domain=names, range=SERIES_PALETTE[: max(1, len(names))])),
            tooltip=[alt.Tooltip("series:N", title=t("common.body", lang)),
                     alt.Tooltip("year:Q", title=t("common.year", lang), format="d"),
                     alt.Tooltip("label:N", title=" ")],
        )
    )  # fmt: skip


def trend_lines(
    df: pd.DataFrame,
    value: str,
    value_title: str,
    *,
    series: str = "series",
    unit: str = "count",
    highlight: str | None = None,
    lang: str = "zh",
    template_marker: bool = True,
) -> alt.TopLevelMixin:
    """One line per series over years; a missing year is a gap, never a zero.

    `df` holds columns year, `series`, `value`; rows with a missing value break the line.
    A dashed rule marks the 2021 template change when the years span it.
    """
    data = df[["year", series, value]].rename(columns={series: "series"}).copy()
    data["year"] = data["year"].astype(int)
    data[value] = _num(data[value])
    # colours follow the order the series come in (county first, then the bodies as chosen),
    # not their names: a body keeps its colour when the language changes
    names = list(dict.fromkeys(data["series"]))
    data["_order"] = data["series"].map({n: i for i, n in enumerate(names)})
    data = data.sort_values(["_order", "year"], kind="stable").drop(columns="_order")
    lines = (
        alt.Chart(data)
        .mark_line(point=True, invalid="break-paths-show-domains")
        .encode(
            x=alt.X(
                "year:Q",
                title=t("common.year", lang),
                axis=alt.Axis(format="d", tickMinStep=1),
                scale=alt.Scale(nice=False, padding=12),
            ),
            y=alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(format=_fmt(unit))),
            color=alt.Color(
                "series:N",
                title=None,
                sort=names,
                scale=alt.Scale(domain=names, range=SERIES_PALETTE[: max(1, len(names))]),
            ),
            strokeWidth=(
                alt.condition(alt.datum.series == highlight, alt.value(4), alt.value(2))
                if highlight
                else alt.value(2)
            ),
            tooltip=[
                alt.Tooltip("series:N", title=t("common.body", lang)),
                alt.Tooltip("year:Q", title=t("common.year", lang), format="d"),
                alt.Tooltip(f"{value}:Q", title=value_title, format=_fmt(unit)),
            ],
        )
    )
    layers = [lines]
    gaps = data[data[value].isna()]
    if len(gaps):  # a year without a number is named, not drawn as zero
        layers.append(_gap_marks(gaps, names, lang))
    years = data["year"].dropna()
    if template_marker and len(years) and years.min() < TEMPLATE_CHANGE_YEAR <= years.max():
        layers.append(_template_rule(lang))
    return _style(alt.layer(*layers).properties(height=320))


def small_multiples(
    df: pd.DataFrame,
    value: str,
    value_title: str,
    county: str,
    *,
    unit: str = "count",
    lang: str = "zh",
    columns: int = 4,
) -> alt.TopLevelMixin:
    """One small panel per body (`df`: year, series, value; the series named `county` is the
    county figure drawn grey in every panel), same scales, gaps stay gaps."""
    data = df.rename(columns={value: "value"}).copy()
    data["year"] = data["year"].astype(int)
    data["value"] = _num(data["value"])
    ref = data[data["series"] == county][["year", "value"]]
    bodies = [b for b in dict.fromkeys(data["series"]) if b != county]
    panels = pd.concat(
        [data[data["series"] == b].assign(panel=b, kind="body") for b in bodies]
        + [ref.assign(panel=b, series=county, kind="county") for b in bodies],
        ignore_index=True,
    )
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0),
              scale=alt.Scale(nice=False, padding=6))  # fmt: skip
    y = alt.Y("value:Q", title=value_title, axis=alt.Axis(format=_fmt(unit)))
    tip = [alt.Tooltip("series:N", title=t("common.body", lang)),
           alt.Tooltip("year:Q", title=t("common.year", lang), format="d"),
           alt.Tooltip("value:Q", title=value_title, format=_fmt(unit))]  # fmt: skip
    base = alt.Chart().encode(x=x, y=y, tooltip=tip)
    county_line = base.transform_filter(alt.datum.kind == "county").mark_line(
        color=MUTED_COLOR, strokeDash=[4, 3], invalid="break-paths-show-domains"
    )
    body_line = base.transform_filter(alt.datum.kind == "body").mark_line(
        point=True, color=BASE_COLOR, invalid="break-paths-show-domains")  # fmt: skip
    chart = (
        alt.layer(county_line, body_line, data=panels)
        .properties(width=180, height=110)
        .facet(facet=alt.Facet("panel:N", title=None, sort=bodies), columns=columns)
    )
    return _style(chart)
