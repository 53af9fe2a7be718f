"""Display shaping for the pages (no streamlit here): analytics frames → what a chart or
table shows. Numbers are never recomputed here; they come from lib.analytics and are only
selected, relabelled and laid out (report tables re-rendered from stored cells).
"""

from __future__ import annotations

import pandas as pd

from lib import analytics
from lib.analytics.metrics import COMPOSITIONS, METRIC, label
from lib.i18n import cell_names, t

STATUS_CODES = ("filed", "findings", "revised", "missing")


MAX_BARS = 100  # bodies drawn in the compare charts; a province shows its extremes
MAX_STYLED = 2000  # rows of a table coloured by a Styler


def extremes(df: pd.DataFrame, metric: str, n: int = MAX_BARS, keep: str | None = None):
    """`df` (one row per body) when it has at most `n` bodies; else the n/2 with the highest
    and the n/2 with the lowest `metric`, plus the body `keep`. Charts of thousands of bars
    take seconds to draw and cannot be read."""
    if df["body"].nunique() <= n:
        return df
    ranked = df.dropna(subset=[metric]).sort_values([metric, "body"], kind="stable")
    half = max(1, n // 2)
    bodies = set(ranked["body"].head(half)) | set(ranked["body"].tail(half))
    if keep is not None:
        bodies.add(keep)
    return df[df["body"].isin(bodies)]


def status_labels(lang: str) -> dict[str, str]:
    return {s: t(f"status.{s}", lang) for s in STATUS_CODES}


GRID_CODES = ("filed", "notes", "errors", "revised", "missing")


def grid_labels(lang: str) -> dict[str, str]:
    return {s: t(f"status.{s}", lang) for s in GRID_CODES}


def grid_status(tl: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The overview's grid: a lib.analytics.timeliness table with each filed report's findings split by
    severity — "errors" where one is an error, "notes" where all are warnings or notes."""
    counts = reports[["report_id", "errors", "findings"]]
    out = tl.merge(counts, on="report_id", how="left")
    status = out["status"].astype(str)  # a categorical of the filing codes: add two
    status = status.where(status != "findings", "notes")
    status = status.where(~(out["errors"].fillna(0) > 0) | (status == "missing"), "errors")
    return out.assign(status=status)[["body", "year", "status", "days_late", "report_id"]]


def composition_labels(kind: str, lang: str) -> dict[str, str]:
    return {c: (en if lang == "en" else zh) for c, _k, zh, en in COMPOSITIONS[kind]}


def kpi(mt: pd.DataFrame, metric: str, year: int) -> dict:
    """County figure of `metric` in `year` and its change from the year before."""
    tot = analytics.county_totals(mt, metric, by=("year",))
    yy = analytics.yoy(tot, metric, keys=())
    row = yy[yy["year"] == year]
    if row.empty:
        return {"value": None, "change": None, "prev": None, "num": None, "den": None}
    r = row.iloc[0]
    return {
        "value": r["value"],
        "change": r["change"],
        "prev": r.get("prev_value"),
        "num": r.get("num"),
        "den": r.get("den"),
    }


def county_series(mt: pd.DataFrame, metrics: tuple[str, ...], lang: str) -> pd.DataFrame:
    """County figures per year, one series per metric (year, series, value)."""
    frames = []
    for mid in metrics:
        tot = analytics.county_totals(mt, mid, by=("year",))
        frames.append(
            pd.DataFrame({"year": tot["year"], "series": label(mid, lang), "value": tot["value"]})
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def body_series(
    mt: pd.DataFrame,
    metric: str,
    bodies: list[str],
    years: list[int],
    lang: str,
    agg: str = "median",
) -> pd.DataFrame:
    """County figure plus the chosen bodies over `years`; a year without a report stays empty.
    The county figure of a rate is the pooled rate; of a count, the median body (`agg`
    "median") or the county's sum ("total")."""
    tot = analytics.county_totals(mt, metric, by=("year",))
    county = t("common.county_total", lang)
    if not METRIC[metric].is_rate and agg != "total":
        county = t("common.county_median", lang)
        tot = tot.assign(value=tot["median"])
    frames = [pd.DataFrame({"year": tot["year"], "series": county, "value": tot["value"]})]
    for b in bodies:
        sel = mt[mt["body"] == b][["year", metric]].rename(columns={metric: "value"})
        grid = pd.DataFrame({"year": years}).merge(sel, on="year", how="left")
        frames.append(grid.assign(series=b)[["year", "series", "value"]])
    out = pd.concat(frames, ignore_index=True)
    return out[out["year"].isin(years)]


def filing_grid(
    reports: pd.DataFrame, revisions: pd.DataFrame, bodies: pd.DataFrame, years: list[int]
) -> pd.DataFrame:
    """Body × year: filed / has findings / revised / missing (expected = registry × years)."""
    names = sorted(set(bodies["name"]) | set(reports["body"])) if len(bodies) else []
    if not names or not years:
        return pd.DataFrame(columns=["body", "year", "status", "report_id"])
    grid = pd.MultiIndex.from_product([names, years], names=["body", "year"]).to_frame(False)
    cur = reports[["body", "year", "report_id", "findings"]]
    grid = grid.merge(cur, on=["body", "year"], how="left")
    versions = revisions.groupby(["body", "year"]).size().rename("versions").reset_index()
    grid = grid.merge(versions, on=["body", "year"], how="left")
    status = pd.Series("filed", index=grid.index)
    status[grid["versions"].fillna(0) > 1] = "revised"
    status[grid["findings"].fillna(0) > 0] = "findings"
    status[grid["report_id"].isna()] = "missing"
    grid["status"] = status
    return grid[["body", "year", "status", "report_id"]]


HIGHLIGHT_ROW = "background-color: #ffe8cc"


def with_few(df: pd.DataFrame, *metrics: str) -> pd.DataFrame:
    """`df` (metric table rows) with column few: a rate among `metrics` rests on fewer handled
    applications than lib.analytics ranks (drawn pale, as the ranks table leaves it unranked)."""
    gated = any(METRIC[m].gated for m in metrics)
    few = df["handled"].fillna(0) < analytics.MIN_HANDLED if gated else False
    return df.assign(few=few)


def too_few(rk: pd.DataFrame) -> set[str]:
    """Bodies whose rate rests on too few handled applications to be ranked (lib.analytics)."""
    return set(rk.loc[rk["status"] == "too_few", "body"])


def ranks_styled(df: pd.DataFrame, unit: str, highlight: str | None, lang: str):
    """ranks_table output formatted for people (a Styler), the highlighted body's row marked."""
    from lib.i18n import fmt_int, fmt_value, is_missing

    show = df.assign(
        value=df["value"].map(lambda v: fmt_value(v, unit)),
        rank=df["rank"].map(fmt_int),
        percentile=df["percentile"].map(lambda v: "—" if is_missing(v) else fmt_int(round(v))),
        num=df["num"].map(fmt_int),
        den=df["den"].map(fmt_int),
    )
    if df["den"].isna().all():  # a count: its "count" is the value itself
        show = show.drop(columns=["den", "num"])
    names = {
        "body": t("col.body", lang),
        "value": t("col.value", lang),
        "rank": t("col.rank", lang),
        "percentile": t("col.percentile", lang),
        "num": t("common.count", lang),
        "den": "÷",
        "status": t("col.status", lang),
    }
    show = show.rename(columns=names)
    if len(show) > MAX_STYLED:  # a Styler renders every cell in Python: seconds for a province
        mine = show[names["body"]] == highlight
        return pd.concat([show[mine], show[~mine]])  # the highlighted body on top instead
    return show.style.apply(
        lambda r: [HIGHLIGHT_ROW if highlight and r[names["body"]] == highlight else ""] * len(r),
        axis=1,
    )


def ranks_table(rk: pd.DataFrame, lang: str, unit: str) -> pd.DataFrame:
    """The ranks frame for display: body, value, rank, percentile, status (localised)."""
    status = {
        "rated": "",
        "too_few": t("common.too_few", lang),
        "no_value": "—",
    }
    out = pd.DataFrame(
        {
            "body": rk["body"],
            "value": rk["value"],
            "rank": rk["rank"],
            "percentile": rk["percentile"],
            "num": rk["num"],
            "den": rk["den"],
            "status": rk["status"].map(status),
        }
    )
    return out


# ---------------------------------------------------------------- one report as its tables


def metric_years(mt_body: pd.DataFrame, metrics: tuple[str, ...], lang: str) -> pd.DataFrame:
    """One body's metrics per year, formatted for people (years as rows)."""
    from lib.i18n import fmt_value

    out = pd.DataFrame({t("col.year", lang): mt_body["year"].astype(int).astype(str)})
    for mid in metrics:
        if mid in mt_body:
            out[label(mid, lang)] = mt_body[mid].map(lambda v, u=METRIC[mid].unit: fmt_value(v, u))
    return out.reset_index(drop=True)


def peer_frame(gap: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """peer_gap rows of one year: metric label, the body's value, county median, gap."""
    from lib.i18n import fmt_value

    g = gap[gap["year"] == year]
    units = g["metric"].map(lambda m: METRIC[m].unit)
    return pd.DataFrame(
        {
            t("common.metric", lang): g["metric"].map(lambda m: label(m, lang)),
            t("common.body", lang): [fmt_value(v, u) for v, u in zip(g["value"], units)],
            t("common.county_median", lang): [fmt_value(v, u) for v, u in zip(g["median"], units)],
            "Δ": [fmt_value(v, u) for v, u in zip(g["gap"], units)],
        }
    ).reset_index(drop=True)


def peer_chart_frame(gap: pd.DataFrame, year: int, lang: str, unit: str = "%") -> pd.DataFrame:
    """peer_gap rows of one year and one unit (so they share an axis), for charts.peer_bars."""
    g = gap[(gap["year"] == year) & (gap["metric"].map(lambda m: METRIC[m].unit) == unit)]
    return pd.DataFrame(
        {
            "metric": g["metric"].map(lambda m: label(m, lang)),
            "body": g["value"].astype(float),
            "median": g["median"].astype(float),
        }
    )


def problems_display(ranking: pd.DataFrame, lang: str, link) -> pd.DataFrame:
    """lib.analytics.worklist.problem_ranking for a table: words and whole numbers, a link per filed
    report (a body that did not file has no report to open)."""
    from lib.i18n import fmt_int

    return pd.DataFrame(
        {
            "body": ranking["body"],
            "county": ranking["county"],
            "missing": ranking["missing"].map(lambda m: t("col.missing", lang) if m else ""),
            "errors": ranking["errors"].astype(int),
            "warnings": ranking["warnings"].astype(int),
            # on time or date unknown: empty, not "None"
            "days_late": [
                fmt_int(v) if pd.notna(v) and v > 0 else "" for v in ranking["days_late"]
            ],
            "copied": ranking["copied"].astype(int),
            "open": [
                None if m else link(b, y)
                for b, y, m in zip(
                    ranking["body"], ranking["year"], ranking["missing"], strict=True
                )
            ],  # fmt: skip
        }
    )


def page_url(page: str, params: dict) -> str:
    """A relative link to a dashboard page with URL parameters (None values left out)."""
    from urllib.parse import urlencode

    return f"./{page}?" + urlencode({k: v for k, v in params.items() if v is not None}, doseq=True)


def first_cell(keys) -> str | None:
    """The first table cell a finding names (the township page marks it)."""
    from lib.template import KEYS

    raw = "" if keys is None or (isinstance(keys, float) and keys != keys) else str(keys)
    return next((k for k in (x.strip() for x in raw.split(",")) if k in KEYS), None)


def findings_display(found: pd.DataFrame, lang: str, link=None) -> pd.DataFrame:
    """Findings for people: the check's plain name, the message, what to fix and the cells by
    their labels; with `link(body, year, cell)`, a link to the township page per row."""
    from lib.check.catalog import check_of
    from lib.i18n import fmt_int

    msg = "message_en" if lang == "en" else "message_zh"
    out = pd.DataFrame(
        {
            "body": found["body"],
            "year": found["year"],
            "check": found["rule"].map(lambda r: check_of(str(r)).name(lang)),
            "severity": found["severity"].map(lambda s: t(f"severity.{s}", lang)),
            "message": found[msg],
            "fix": found["rule"].map(lambda r: check_of(str(r)).fix(lang)),
            "cells": found["keys"].map(lambda k: cell_names(k, lang)),
            "expected": found["expected"].map(fmt_int),
            "actual": found["actual"].map(fmt_int),
        }
    ).reset_index(drop=True)
    if link is not None:
        out["open"] = [
            link(b, y, first_cell(k))
            for b, y, k in zip(found["body"], found["year"], found["keys"], strict=True)
        ]
    return out


def with_level_names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    from lib.i18n import level_label

    return df.assign(level=df["level"].map(lambda v: level_label(v, lang)))


def pick_rows(df: pd.DataFrame, **chosen) -> pd.DataFrame:
    """Rows whose column holds one of the chosen values; a column with nothing chosen (None or
    empty) does not filter."""
    for col, values in chosen.items():
        if values and len(df):
            df = df[df[col].isin(list(values))]
    return df


def copied_display(pairs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Copied-text pairs for people: kind in words, similarity as a percentage."""
    from lib.i18n import fmt_pct

    return pairs[["kind", "score", "body_a", "year_a", "body_b", "year_b"]].assign(
        kind=pairs["kind"].map(lambda k: t(f"copied.kind.{k}", lang)),
        score=pairs["score"].map(lambda s: fmt_pct(s, 0)),
    )


def late_display(late: pd.DataFrame) -> pd.DataFrame:
    """Late filings: body, year, publication date, deadline, days late."""
    return pd.DataFrame(
        {
            "body": late["body"],
            "year": late["year"],
            "published": late["published"].astype(str).str[:10],
            "deadline": late["deadline"].astype(str).str[:10],
            "days_late": late["days_late"].astype("Int64"),
        }
    ).reset_index(drop=True)


def superseded_display(rev: pd.DataFrame) -> pd.DataFrame:
    """Replaced versions (lib.analytics.queries.revisions rows), each beside the file that replaced it
    and when: a supervisor knows files and times, not report ids."""
    by_id = rev.set_index("report_id")
    old = rev[~rev["current"].astype(bool)]
    nxt = old["superseded_by"]

    def when(s: pd.Series) -> pd.Series:
        return s.astype("string").str[:19].fillna("")

    return pd.DataFrame(
        {
            "body": old["body"],
            "year": old["year"],
            "source": old["source"],
            "ingested_at": when(old["ingested_at"]),
            "replaced_by": nxt.map(by_id["source"]).astype("string").fillna(""),
            "replaced_at": when(nxt.map(by_id["ingested_at"])),
        }
    ).reset_index(drop=True)


def movers_display(mv: pd.DataFrame, unit: str) -> pd.DataFrame:
    """top_movers rows that could be rated, formatted for people."""
    from lib.i18n import fmt_delta, fmt_value

    r = mv[mv["status"] == "rated"]
    return pd.DataFrame(
        {
            "body": r["body"],
            "value_from": r["value_from"].map(lambda v: fmt_value(v, unit)),
            "value_to": r["value_to"].map(lambda v: fmt_value(v, unit)),
            "change": r["change"].map(lambda v: fmt_delta(v, pct=unit == "%")),
        }
    ).reset_index(drop=True)
