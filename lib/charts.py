"""Altair chart builders: a DataFrame in, a chart out. No data access, no metric formulas.

Colours are fixed per category (one colour per outcome group, per filing status) so a
category looks the same on every page. A body picked in one chart is passed back in as
`highlight` so every chart shows it the same way; each selectable chart carries a point
selection named `PICK` on the field `body` (read back through st.altair_chart(on_select=...)).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.i18n import t

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
STATUS_ORDER = ("filed", "findings", "revised", "missing")
STATUS_COLORS = {
    "filed": "#66bb6a",
    "findings": "#ef6c00",
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
) -> alt.TopLevelMixin:
    """Horizontal bars sorted high to low, with the county median as a rule."""
    data = df[[body, value]].rename(columns={body: "body"}).copy()
    data[value] = _num(data[value])
    data = data.dropna(subset=[value])
    data = data.sort_values(value, ascending=False)
    pick = alt.selection_point(name=PICK, fields=["body"], on="click", clear="dblclick")
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("body:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False)),
            x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=_fmt(unit))),
            color=_color_for(highlight),
            tooltip=[
                alt.Tooltip("body:N", title=t("common.body", lang)),
                alt.Tooltip(f"{value}:Q", title=value_title, format=_fmt(unit)),
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


def heatmap(
    df: pd.DataFrame,
    value: str,
    value_title: str,
    *,
    unit: str = "count",
    highlight: str | None = None,
    lang: str = "zh",
) -> alt.TopLevelMixin:
    """Body × year grid coloured by a metric; the highlighted body is outlined."""
    data = df[["body", "year", value]].copy()
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
    """Two metrics per body; the highlighted body is drawn large and labelled."""
    data = df[["body", x, y]].copy()
    data[x], data[y] = _num(data[x]), _num(data[y])
    data = data.dropna()
    pick = alt.selection_point(name=PICK, fields=["body"], on="click", clear="dblclick")
    points = (
        alt.Chart(data)
        .mark_circle(size=90, opacity=0.85)
        .encode(
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
    data = data.sort_values(["series", "year"], kind="stable")
    names = list(dict.fromkeys(data["series"]))
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
    years = data["year"].dropna()
    if template_marker and len(years) and years.min() < TEMPLATE_CHANGE_YEAR <= years.max():
        layers.append(_template_rule(lang))
    return _style(alt.layer(*layers).properties(height=320))


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
    """Body × year coloured by filing status (filed / has findings / revised / missing).

    `df` holds body, year, status (codes of STATUS_ORDER); clicking a cell selects its body and
    year (point selection `PICK` on fields body, year) so the page can open the drill-down.
    """
    data = df[["body", "year", "status"]].copy()
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
            ],
        )
        .add_params(pick)
    )
    height = max(120, 26 * data["body"].nunique())
    return _style(grid.properties(height=height))


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
