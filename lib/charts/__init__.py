"""Altair chart builders: a DataFrame in, a chart out. No data access, no metric formulas.

Colours are fixed per category (one colour per outcome group, per filing status) so a
category looks the same on every page. A body picked in one chart is passed back in as
`highlight` so every chart shows it the same way; each selectable chart carries a point
selection named `PICK` on the field `body` (read back through st.altair_chart(on_select=...)).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.charts.base import (  # noqa: F401  (the colours are part of the API)
    APPLICANT_COLORS,
    BASE_COLOR,
    FONT,
    HIGHLIGHT_COLOR,
    MEDIAN_COLOR,
    MUTED_COLOR,
    OUTCOME_COLORS,
    OUTCOME_ORDER,
    PICK,
    SERIES_PALETTE,
    STATUS_COLORS,
    STATUS_ORDER,
    TEMPLATE_CHANGE_YEAR,
    _color_for,
    _fmt,
    _num,
    _style,
)
from lib.charts.trends import small_multiples, trend_lines  # noqa: F401
from lib.i18n import t


def ranked_bar(
    df: pd.DataFrame,
    value: str,
    value_title: str,
    *,
    unit: str = "count",
    median: float | None = None,
    highlight: str | None = None,
    lang: str = "zh",
    body: str = "body",
    too_few=(),
) -> alt.TopLevelMixin:
    """Horizontal bars sorted high to low, with the county median as a rule. Bodies in
    `too_few` (a rate on too few handled applications) are greyed and put after the ranked
    ones, unranked."""
    data = df[[body, value]].rename(columns={body: "body"}).copy()
    data[value] = _num(data[value])
    data = data.dropna(subset=[value])
    few = set(too_few)
    data["few"] = data["body"].isin(few)
    data["note"] = [t("chart.too_few", lang) if f else "" for f in data["few"]]
    data = data.sort_values(["few", value], ascending=[True, False], kind="stable")
    pick = alt.selection_point(name=PICK, fields=["body"], on="click", clear="dblclick")
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "body:N", sort=list(data["body"]), title=None, axis=alt.Axis(labelOverlap=False)
            ),  # fmt: skip
            x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=_fmt(unit))),
            color=_color_for(highlight),
            opacity=alt.condition(alt.datum.few, alt.value(0.3), alt.value(1.0)),
            tooltip=[
                alt.Tooltip("body:N", title=t("common.body", lang)),
                alt.Tooltip(f"{value}:Q", title=value_title, format=_fmt(unit)),
                *([alt.Tooltip("note:N", title=" ")] if few else []),
            ],
        )
        .add_params(pick)
    )
    layers = [bars]
    if median is not None and not pd.isna(median):
        med = pd.DataFrame({"median": [float(median)], "label": [t("common.county_median", lang)]})
        rule = (
            alt.Chart(med)
            .mark_rule(color=MEDIAN_COLOR, strokeDash=[4, 3], size=2)
            .encode(
                x="median:Q",
                tooltip=[
                    alt.Tooltip("label:N", title=" "),
                    alt.Tooltip("median:Q", title=value_title, format=_fmt(unit)),
                ],
            )
        )
        text = (
            alt.Chart(med)
            .mark_text(align="left", dx=4, dy=-6, color=MEDIAN_COLOR)
            .encode(x="median:Q", y=alt.value(0), text="label:N")
        )
        layers += [rule, text]
    height = max(120, 26 * len(data))
    return _style(alt.layer(*layers).properties(height=height))


def _few_opacity(data: pd.DataFrame, full: float = 1.0):
    """Pale where the `few` column says the rate rests on too few handled applications."""
    if "few" not in data or not data["few"].any():
        return alt.value(full)
    return alt.condition(alt.datum.few, alt.value(0.3), alt.value(full))


def heatmap(
    df: pd.DataFrame,
    value: str,
    value_title: str,
    *,
    unit: str = "count",
    highlight: str | None = None,
    lang: str = "zh",
) -> alt.TopLevelMixin:
    """Body × year grid coloured by a metric; the highlighted body is outlined; with a `few`
    column, a rate on too few handled applications is pale."""
    data = df[["body", "year", value] + (["few"] if "few" in df else [])].copy()
    data[value] = _num(data[value])
    pick = alt.selection_point(name=PICK, fields=["body"], on="click", clear="dblclick")
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=t("common.year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("body:N", title=None, axis=alt.Axis(labelOverlap=False)),
    )
    cells = (
        base.mark_rect()
        .encode(
            color=alt.Color(
                f"{value}:Q",
                title=value_title,
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(format=_fmt(unit)),
            ),
            stroke=(
                alt.condition(
                    alt.datum.body == highlight, alt.value(HIGHLIGHT_COLOR), alt.value(None)
                )
                if highlight
                else alt.value(None)
            ),
            strokeWidth=alt.value(3),
            opacity=_few_opacity(data),
            tooltip=[
                alt.Tooltip("body:N", title=t("common.body", lang)),
                alt.Tooltip("year:O", title=t("common.year", lang)),
                alt.Tooltip(f"{value}:Q", title=value_title, format=_fmt(unit)),
            ],
        )
        .add_params(pick)
    )
    height = max(120, 26 * data["body"].nunique())
    return _style(cells.properties(height=height))


def scatter(
    df: pd.DataFrame,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    *,
    x_unit: str = "count",
    y_unit: str = "count",
    highlight: str | None = None,
    lang: str = "zh",
) -> alt.TopLevelMixin:
    """Two metrics per body; the highlighted body is drawn large and labelled; with a `few`
    column, a body whose rate rests on too few handled applications is pale."""
    data = df[["body", x, y] + (["few"] if "few" in df else [])].copy()
    data[x], data[y] = _num(data[x]), _num(data[y])
    data = data.dropna(subset=[x, y])
    pick = alt.selection_point(name=PICK, fields=["body"], on="click", clear="dblclick")
    points = (
        alt.Chart(data)
        .mark_circle(size=90)
        .encode(
            opacity=_few_opacity(data, 0.85),
            x=alt.X(f"{x}:Q", title=x_title, axis=alt.Axis(format=_fmt(x_unit))),
            y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=_fmt(y_unit))),
            color=_color_for(highlight),
            size=(
                alt.condition(alt.datum.body == highlight, alt.value(260), alt.value(90))
                if highlight
                else alt.value(90)
            ),
            tooltip=[
                alt.Tooltip("body:N", title=t("common.body", lang)),
                alt.Tooltip(f"{x}:Q", title=x_title, format=_fmt(x_unit)),
                alt.Tooltip(f"{y}:Q", title=y_title, format=_fmt(y_unit)),
            ],
        )
        .add_params(pick)
    )
    layers = [points]
    if highlight:
        label = (
            alt.Chart(data[data["body"] == highlight])
            .mark_text(align="left", dx=9, color=HIGHLIGHT_COLOR, fontWeight="bold")
            .encode(x=f"{x}:Q", y=f"{y}:Q", text="body:N")
        )
        layers.append(label)
    return _style(alt.layer(*layers).properties(height=360))


def stacked(
    df: pd.DataFrame,
    category: str,
    value: str,
    value_title: str,
    *,
    labels: dict[str, str],
    colors: dict[str, str] | None = None,
    normalize: bool = False,
    lang: str = "zh",
    template_marker: bool = True,
) -> alt.TopLevelMixin:
    """Stacked bars per year by category (outcomes, withheld reasons, applicant types).

    `labels` maps category codes to display names in stacking order; `colors` maps codes to
    colours (defaults to the outcome colours when the codes are outcome groups).
    """
    data = df[["year", category, value]].rename(columns={category: "cat"}).copy()
    data = data[data["cat"].isin(labels)].copy()
    data[value] = _num(data[value])
    data["label"] = data["cat"].map(labels)
    data["order"] = data["cat"].map({c: i for i, c in enumerate(labels)})
    data["year"] = data["year"].astype(int)
    colors = colors or OUTCOME_COLORS
    domain = [labels[c] for c in labels]
    rng = [colors.get(c, SERIES_PALETTE[i % len(SERIES_PALETTE)]) for i, c in enumerate(labels)]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=t("common.year", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                f"{value}:Q",
                title=value_title,
                stack="normalize" if normalize else "zero",
                axis=alt.Axis(format=".0%" if normalize else ",d"),
            ),
            color=alt.Color(
                "label:N", title=None, sort=domain, scale=alt.Scale(domain=domain, range=rng)
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title=t("common.year", lang)),
                alt.Tooltip("label:N", title=t("common.metric", lang)),
                alt.Tooltip(f"{value}:Q", title=value_title, format=","),
            ],
        )
    )
    layers = [bars]
    years = data["year"]
    if template_marker and len(years) and years.min() < TEMPLATE_CHANGE_YEAR <= years.max():
        marker = pd.DataFrame(
            {"year": [TEMPLATE_CHANGE_YEAR], "label": [t("common.template_change", lang)]}
        )
        layers.append(
            alt.Chart(marker)
            .mark_rule(color="#868e96", strokeDash=[6, 4], xOffset=-14)
            .encode(x="year:O", tooltip=[alt.Tooltip("label:N", title=" ")])
        )
    return _style(alt.layer(*layers).properties(height=320))


def filing_grid(
    df: pd.DataFrame,
    *,
    status_labels: dict[str, str],
    lang: str = "zh",
) -> alt.TopLevelMixin:
    """Body × year coloured by filing status (codes of STATUS_ORDER). With a `days_late`
    column, a late filing carries a mark and its days in the tooltip. Clicking a cell selects
    its body and year (point selection `PICK` on fields body, year) for the drill-down.
    """
    late = "days_late" in df
    data = df[["body", "year", "status"] + (["days_late"] if late else [])].copy()
    data["label"] = data["status"].map(status_labels).fillna(data["status"])
    codes = [s for s in STATUS_ORDER if s in status_labels]
    domain = [status_labels[s] for s in codes]
    pick = alt.selection_point(name=PICK, fields=["body", "year"], on="click")
    grid = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=2, cursor="pointer")
        .encode(
            x=alt.X(
                "year:O", title=t("common.year", lang), axis=alt.Axis(orient="top", labelAngle=0)
            ),
            y=alt.Y("body:N", title=None, axis=alt.Axis(labelOverlap=False)),
            color=alt.Color(
                "label:N",
                title=None,
                sort=domain,
                scale=alt.Scale(domain=domain, range=[STATUS_COLORS[s] for s in codes]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("body:N", title=t("common.body", lang)),
                alt.Tooltip("year:O", title=t("common.year", lang)),
                alt.Tooltip("label:N", title=t("col.status", lang)),
                *([alt.Tooltip("days_late:Q", title=t("col.days_late", lang))] if late else []),
            ],
        )
        .add_params(pick)
    )
    layers = [grid]
    if late:
        data["days_late"] = _num(data["days_late"])
        marks = data[data["days_late"] > 0].assign(mark=t("chart.late", lang))
        layers.append(
            alt.Chart(marks)
            .mark_text(fontSize=11, fontWeight="bold", color="#212529")
            .encode(
                x="year:O",
                y="body:N",
                text="mark:N",
                tooltip=[alt.Tooltip("days_late:Q", title=t("col.days_late", lang))],
            )  # fmt: skip
        )
    height = max(120, 26 * data["body"].nunique())
    return _style(alt.layer(*layers).properties(height=height))


def peer_bars(
    df: pd.DataFrame,
    value_title: str,
    *,
    body_label: str,
    median_label: str,
    unit: str = "%",
    lang: str = "zh",
) -> alt.TopLevelMixin:
    """One body against the county median, per metric of one unit: df has metric, body, median.
    Missing values (a rate without denominator) are left out, never drawn as 0."""
    data = df.melt(id_vars=["metric"], value_vars=["body", "median"], var_name="who")
    data["value"] = _num(data["value"])
    data = data.dropna(subset=["value"])
    data["who"] = data["who"].map({"body": body_label, "median": median_label})
    return _style(
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("who:N", title=None, axis=None),
            x=alt.X("value:Q", title=value_title, axis=alt.Axis(format=_fmt(unit))),
            color=alt.Color(
                "who:N",
                title=None,
                scale=alt.Scale(
                    domain=[body_label, median_label], range=[HIGHLIGHT_COLOR, MUTED_COLOR]
                ),
            ),
            row=alt.Row("metric:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
            tooltip=[
                alt.Tooltip("metric:N", title=t("common.metric", lang)),
                alt.Tooltip("who:N", title=" "),
                alt.Tooltip("value:Q", title=value_title, format=_fmt(unit)),
            ],
        )
        .properties(height=40)
    )
