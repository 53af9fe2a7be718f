"""Comparisons over a metric table: county totals and medians, year-over-year change, ranks
within the county, one body against the county median, top movers."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from lib.analytics.metrics import METRIC, Metric
from lib.analytics.table import MIN_HANDLED, group_codes


def _num_den(mt: pd.DataFrame, m: Metric) -> tuple[np.ndarray, np.ndarray]:
    if m.is_rate:
        return mt[f"{m.id}_num"].to_numpy(float), mt[f"{m.id}_den"].to_numpy(float)
    return mt[m.id].to_numpy(float), np.full(len(mt), np.nan)


def county_totals(
    mt: pd.DataFrame,
    metric: str,
    by: tuple[str, ...] = ("county", "year"),
    min_handled: int | None = None,
) -> pd.DataFrame:
    """County figure per year: the total (counts) or pooled rate sum(num)/sum(den) (rates),
    the median of the bodies' values, and how many bodies it covers.

    Columns: *by, metric, value, num, den, median, mean (of the bodies' values, e.g. findings
    per report), n_bodies (reports in the group), n_values (bodies with a defined value: the
    base of median and mean). With `min_handled`, median and mean of a % / per-100 rate only
    use bodies with at least that many handled applications (the pooled value uses all).
    """
    m = METRIC[metric]
    by = list(by)
    num, den = _num_den(mt, m)
    if m.is_rate:
        ok = ~np.isnan(num) & ~np.isnan(den)
        num, den = np.where(ok, num, np.nan), np.where(ok, den, np.nan)
    code = group_codes(mt, by)
    v = mt[metric].to_numpy(float)
    if min_handled is not None and m.gated:
        v = np.where(_rated(mt, m, min_handled)[1].to_numpy(dtype=bool), v, np.nan)
    f = pd.DataFrame({"num": num, "den": den, "v": v, "pos": 0})
    f["pos"] = np.arange(len(f))
    g = f.groupby(code, sort=False)
    out = pd.DataFrame(
        {
            "num": g["num"].sum(min_count=1),
            "den": g["den"].sum(min_count=1),
            "median": g["v"].median(),
            "mean": g["v"].mean(),
            "n_bodies": g.size(),
            "n_values": g["v"].count(),
            "pos": g["pos"].first(),
        }
    )
    labels = mt[by].iloc[out["pos"].to_numpy()].reset_index(drop=True)
    out = pd.concat([labels, out.reset_index(drop=True)], axis=1)
    if m.is_rate:
        with np.errstate(divide="ignore", invalid="ignore"):
            out["value"] = np.where(out["den"] > 0, out["num"] / out["den"] * m.scale, np.nan)
    else:
        out["value"] = out["num"]
    out["metric"] = metric
    out = out.sort_values(by, na_position="last").reset_index(drop=True)
    return out[[*by, "metric", "value", "num", "den", "median", "mean", "n_bodies", "n_values"]]


def yoy(
    frame: pd.DataFrame, metric: str, keys: tuple[str, ...] = ("county", "body")
) -> pd.DataFrame:
    """Year-over-year change per body (or per county on `county_totals` output, keys=("county",)).

    Works on a metric table (column `<metric>`) or a frame with a `value` column. The previous
    value is the one of year − 1 only: after a gap there is no change (NaN), never a jump from
    zero. Across the 2021 template change a metric marked not comparable gets NaN and
    `comparable` False. change_pct = change / previous (NaN when the previous value is 0).
    Rows keep the order of `frame` (a metric table is sorted by county, body, year).
    """
    m = METRIC[metric]
    keys = list(keys)
    col = metric if metric in frame.columns else "value"
    keep = [*keys, "year"] + (["template"] if "template" in frame.columns else [])
    out = frame[keep].reset_index(drop=True)
    out["value"] = frame[col].to_numpy(float)
    extras = []
    for extra in ("num", "den"):
        src = f"{metric}_{extra}" if f"{metric}_{extra}" in frame else extra
        if src in frame:
            out[extra] = frame[src].to_numpy(float)
            extras.append(extra)
    year = out["year"].to_numpy(dtype=np.int64)
    key = group_codes(out, keys) * 10000 + year
    idx = pd.Index(key)
    if not idx.is_unique:
        raise ValueError(f"yoy needs one row per {', '.join(keys) or 'year'} and year")
    pos = idx.get_indexer(key - 1)  # the row of year − 1, -1 when there is none (a gap)
    has = pos >= 0
    for c in ["value", *extras] + (["template"] if "template" in out else []):
        src = out[c].to_numpy()
        prev = np.where(has, src[np.where(has, pos, 0)], None if c == "template" else np.nan)
        out[f"prev_{c}"] = prev if c == "template" else prev.astype(float)
    if m.comparable:
        comparable = np.ones(len(out), dtype=bool)
    elif "template" in out:
        comparable = (out["template"] == out["prev_template"]).fillna(False).to_numpy(bool)
    else:
        comparable = year != 2021
    comparable = comparable & ~np.isnan(out["prev_value"].to_numpy())
    out["comparable"] = comparable
    out["change"] = (out["value"] - out["prev_value"]).where(comparable)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = out["change"] / out["prev_value"]
    out["change_pct"] = pct.where(out["prev_value"] != 0)
    out.insert(len(keys), "metric", metric)
    return out


def _rated(mt: pd.DataFrame, m: Metric, min_handled: int) -> tuple[pd.Series, pd.Series]:
    """(has a value, may be rated) per row: gated rates need min_handled handled applications."""
    has = mt[m.id].notna()
    if not m.gated:
        return has, has
    handled = mt["handled"].astype(float) if "handled" in mt else pd.Series(np.nan, mt.index)
    return has, has & (handled >= min_handled)


def ranks(
    mt: pd.DataFrame, metric: str, min_handled: int = MIN_HANDLED, year: int | None = None
) -> pd.DataFrame:
    """Rank and percentile within the county per year.

    status: "rated", "too_few" (a % / per-100 rate with fewer than `min_handled` handled
    applications: listed, not ranked) or "no_value". rank 1 = best (highest where higher is
    better or neutral, lowest where lower is better), ties share the better rank. percentile =
    % of the rated bodies this one does as well as or better than (best = 100).
    """
    m = METRIC[metric]
    if year is not None:
        mt = mt[mt["year"] == year]
    num, den = _num_den(mt, m)
    out = mt[["body", "county", "level", "year"]].copy()
    out["metric"], out["value"], out["num"], out["den"] = metric, mt[metric].astype(float), num, den
    out["handled"] = mt["handled"].astype(float) if "handled" in mt else np.nan
    has, ok = _rated(mt, m, min_handled)
    out["status"] = np.where(ok, "rated", np.where(has, "too_few", "no_value"))
    asc = m.higher_is_better is False
    ok = np.asarray(ok, dtype=bool)
    code = group_codes(out, ("county", "year"))[ok]
    g = pd.Series(out["value"].to_numpy()[ok]).groupby(code, sort=False)
    for col, vals in (
        ("rank", g.rank(method="min", ascending=asc)),
        ("n_rated", g.transform("size")),
        ("percentile", g.rank(method="max", ascending=not asc, pct=True) * 100),
    ):
        full = np.full(len(out), np.nan)
        full[ok] = vals.to_numpy(dtype=float)
        out[col] = full
    return out.sort_values(["county", "year", "rank", "body"], na_position="last").reset_index(
        drop=True
    )


def peer_gap(
    mt: pd.DataFrame, body: str, metrics: Iterable[str], county: str | None = None
) -> pd.DataFrame:
    """One body against its county median, per metric and year.

    Columns: metric, year, value (the body's; NaN in a year it did not file), num, den, median,
    gap = value − median, n_values (bodies in the median).
    """
    metrics = list(metrics)
    need = ["body", "county", "year", "template"] + [
        c for mid in metrics for c in (mid, f"{mid}_num", f"{mid}_den") if c in mt.columns
    ]
    mt = mt[[c for c in need if c in mt.columns]]  # filter a narrow frame, not all columns
    sel = mt[mt["body"] == body]
    if county is None and len(sel):
        county = sel["county"].iloc[0]
    peers = mt[mt["county"] == county] if county is not None else mt
    sel = sel[sel["county"] == county] if county is not None else sel
    g = peers[metrics].groupby(peers["year"].to_numpy(), sort=True)  # one pass for all metrics
    med, cnt = g.median(), g.count()
    years = med.index.to_numpy()
    at = pd.Index(sel["year"].to_numpy()).get_indexer(years)  # the body's row per year, or -1
    have = at >= 0

    def pick(a) -> np.ndarray:  # the body's values aligned with `years`, NaN where it filed none
        out = np.full(len(years), np.nan)
        out[have] = np.asarray(a, dtype=float)[at[have]]
        return out

    rows = []
    for mid in metrics:
        num, den = _num_den(sel, METRIC[mid])
        value = pick(sel[mid].to_numpy(dtype=float))
        rows.append(
            pd.DataFrame(
                {
                    "metric": mid,
                    "year": years,
                    "value": value,
                    "num": pick(num),
                    "den": pick(den),
                    "median": med[mid].to_numpy(),
                    "gap": value - med[mid].to_numpy(),
                    "n_values": cnt[mid].to_numpy(),
                }
            )
        )
    cols = ["metric", "year", "value", "num", "den", "median", "gap", "n_values"]
    return pd.concat(rows, ignore_index=True)[cols] if rows else pd.DataFrame(columns=cols)


def top_movers(
    mt: pd.DataFrame,
    metric: str,
    year_from: int,
    year_to: int,
    n: int = 10,
    min_handled: int = MIN_HANDLED,
) -> pd.DataFrame:
    """Bodies whose value changed most between two years (by absolute change).

    Only bodies with a report in both years. status: "rated", "too_few" (gated rate below
    `min_handled` handled in either year), "no_value", "not_comparable" (template change for a
    metric not comparable across it). Rated bodies first, largest |change| first, at most n of
    them; the others follow, listed for transparency.
    """
    m = METRIC[metric]
    cols = list(dict.fromkeys(["county", "body", "year", metric, "handled", "template"]))
    a = mt.loc[mt["year"] == year_from, [c for c in cols if c in mt]]
    b = mt.loc[mt["year"] == year_to, [c for c in cols if c in mt]]
    f = a.merge(b, on=["county", "body"], suffixes=("_from", "_to"))
    f = f.rename(columns={f"{metric}_from": "value_from", f"{metric}_to": "value_to"})
    f["change"] = f["value_to"] - f["value_from"]
    with np.errstate(divide="ignore", invalid="ignore"):
        f["change_pct"] = (f["change"] / f["value_from"]).where(f["value_from"] != 0)
    has = f["value_from"].notna() & f["value_to"].notna()
    nan = pd.Series(np.nan, index=f.index)
    big = (f.get("handled_from", nan) >= min_handled) & (f.get("handled_to", nan) >= min_handled)
    same = pd.Series(True, index=f.index)
    if not m.comparable and "template_from" in f:
        same = f["template_from"] == f["template_to"]
    few = ~big if m.gated else pd.Series(False, index=f.index)
    f["status"] = np.select([~has, ~same, few], ["no_value", "not_comparable", "too_few"], "rated")
    f.loc[f["status"] != "rated", ["change", "change_pct"]] = np.nan
    f["direction"] = np.select(
        [f["change"] > 0, f["change"] < 0, f["change"] == 0], ["up", "down", "none"], ""
    )
    f["abs_change"] = f["change"].abs()
    rated = f[f["status"] == "rated"].sort_values(["abs_change", "body"], ascending=[False, True])
    rest = f[f["status"] != "rated"].sort_values("body")
    out = pd.concat([rated.head(n), rest], ignore_index=True)
    out.insert(2, "metric", metric)
    keep = ["county", "body", "metric", "value_from", "value_to", "change", "change_pct"]
    return out[keep + ["direction", "status"]]
