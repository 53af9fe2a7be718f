"""Trend and comparison analytics: DataFrame in, DataFrame out (pages hold no formulas).

Two layers:
- entry points taking the database path and simple filters (`metric_table(db, filters)`,
  `composition_table`, `findings_table`), which read through lib.queries;
- pure pandas functions over those frames (`compute_metrics`, `county_totals`, `yoy`, `ranks`,
  `peer_gap`, `top_movers`, `composition`, `findings_summary`, `metric_long`).

Honest arithmetic everywhere: a rate with a zero or unknown denominator is NaN (shown "—"),
never 0 or inf; a year without a report has no row (a gap, never a zero); the views only hold
current reports, so superseded versions are never counted; every rate column `<id>` travels
with `<id>_num` and `<id>_den`; county figures say how many bodies they cover; ranking by a
rate only includes bodies with at least `min_handled` handled applications.
Filing completeness and timeliness live in lib.timeliness.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from lib import queries
from lib.metrics import COMPOSITIONS, METRIC, Metric, metric_inputs, report_metrics
from lib.template import KEYS, RULE

ID_COLS = ["report_id", "body", "county", "level", "year", "template"]
MIN_HANDLED = 30
HANDLED_KEY = "s3.handled_total.total"


def _metrics(metrics: Iterable[str | Metric] | None) -> tuple[Metric, ...]:
    if metrics is None:
        return report_metrics()
    out = tuple(METRIC[m] if isinstance(m, str) else m for m in metrics)
    bad = [m.id for m in out if m.scope != "report"]
    if bad:
        raise ValueError(f"not a per-report metric: {', '.join(bad)} (see lib.timeliness)")
    return out


# ---------------------------------------------------------------- building the wide frame
def _pivot(index: pd.Index, cells: pd.DataFrame) -> dict[str, np.ndarray]:
    """Long cells → {key: values aligned with `index`} (NaN where a report lacks the key).
    A numpy scatter, not pivot_table: linear in the number of cells."""
    if not len(cells):
        return {}
    rows = index.get_indexer(cells["report_id"])
    ok = rows >= 0
    codes, uniques = pd.factorize(cells["key"].to_numpy()[ok])
    mat = np.full((len(index), len(uniques)), np.nan)
    mat[rows[ok], codes] = cells["value"].to_numpy(dtype=float)[ok]
    return {k: mat[:, i] for i, k in enumerate(uniques)}


def _per_report(index: pd.Index, ids, values) -> np.ndarray:
    """Values keyed by report_id aligned with `index`, 0 where a report has none."""
    out = np.zeros(len(index))
    rows = index.get_indexer(pd.Index(ids))
    ok = rows >= 0
    np.add.at(out, rows[ok], np.asarray(values, dtype=float)[ok])
    return out


def wide_inputs(
    reports: pd.DataFrame,
    cells: pd.DataFrame,
    bodies: pd.DataFrame | None = None,
    findings: pd.DataFrame | None = None,
    blanks: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per report: its id columns, one column per canonical key, the non-cell inputs.

    reports: report_list-shaped (report_id, body, county, level, year, template, ...); where it
      carries population / blank_cells / blank_totals (lib.queries.report_inputs) they are used.
    cells: report_cells-shaped long frame (report_id, key, value[, blank, derived]); a key a
      report does not hold stays NaN (another template's key is absent, not zero).
    bodies: registry (name, county, population) → `registry.population`.
    findings: one row per finding (report_id, rule), or counts (report_id, rule, n)
      → `quality.findings` and `quality.findings.<rule>` (0 if none).
    blanks: (report_id, blank_cells, blank_totals); computed from `cells` when omitted and
      `cells` has a `blank` column (then it must hold every key of the reports).
    """
    base = reports.drop_duplicates("report_id")
    index = pd.Index(base["report_id"])
    cols = {c: base[c].to_numpy() for c in ID_COLS if c in base.columns}
    cols.update(_pivot(index, cells))
    if "population" in base.columns:
        cols["registry.population"] = pd.to_numeric(base["population"]).to_numpy(dtype=float)
    elif bodies is not None and "population" in bodies.columns:
        pop = bodies.drop_duplicates(["name", "county"]).set_index(["name", "county"])
        at = pd.MultiIndex.from_arrays([base["body"], base["county"]])
        cols["registry.population"] = pd.to_numeric(
            pop["population"].reindex(at), errors="coerce"
        ).to_numpy(dtype=float)
    if findings is not None:
        n = findings["n"] if "n" in findings.columns else np.ones(len(findings))
        cols["quality.findings"] = _per_report(index, findings["report_id"], n)
        for rule in RULE:
            sel = (findings["rule"] == rule).to_numpy()
            ids = findings["report_id"].to_numpy()[sel]
            cols[f"quality.findings.{rule}"] = _per_report(index, ids, np.asarray(n)[sel])
    if blanks is None and "blank_cells" in base.columns:
        blanks = base
    if blanks is None and "blank" in cells.columns:
        b = cells[cells["blank"].astype(bool)]
        if "derived" in b.columns:
            b = b[~b["derived"].fillna(False).astype(bool)]
        blanks = pd.DataFrame(
            {
                "report_id": b["report_id"],
                "blank_cells": 1.0,
                "blank_totals": b["key"].str.endswith((".total", "_total")).astype(float),
            }
        )
    if blanks is not None:
        for col in ("blank_cells", "blank_totals"):
            cols[f"quality.{col}"] = _per_report(index, blanks["report_id"], blanks[col])
    return pd.DataFrame(cols)


# ---------------------------------------------------------------- metrics
def _sum(
    cols: Mapping[str, np.ndarray], n: int, keys: tuple[str, ...], out: np.ndarray | None = None
) -> np.ndarray:
    """Row sums of `keys` (into `out` if given); NaN where any key is absent (never a zero)."""
    out = np.empty(n) if out is None else out
    if not keys or any(k not in cols for k in keys):
        out.fill(np.nan)
        return out
    np.copyto(out, cols[keys[0]])
    for k in keys[1:]:
        out += cols[k]
    return out


def _numerator(cols: Mapping[str, np.ndarray], n: int, m: Metric, masks, out) -> np.ndarray:
    if m.num_by_template and masks is not None:
        out.fill(np.nan)
        for t, keys in m.num_by_template.items():
            if t in masks and masks[t].any():
                out[masks[t]] = _sum(cols, n, keys)[masks[t]]
        return out
    _sum(cols, n, m.num, out)
    if masks is not None and set(m.templates) != {"2019", "2021"}:
        for t, mask in masks.items():
            if t not in m.templates:
                out[mask] = np.nan  # not defined for this template
    return out


def compute_metrics(
    wide: pd.DataFrame, metrics: Iterable[str | Metric] | None = None
) -> pd.DataFrame:
    """The metric table: one row per report, one column per metric.

    A rate metric `<id>` comes with `<id>_num` and `<id>_den`; a zero or missing denominator
    gives NaN. Percent rates are fractions (0.25 = 25%).
    """
    n = len(wide)
    ms = _metrics(metrics)
    need = {k for m in ms for k in m.inputs()} | {HANDLED_KEY}
    cols = {k: wide[k].to_numpy(dtype=float) for k in need if k in wide.columns}
    masks = None
    if "template" in wide.columns:
        tpl = wide["template"]
        masks = {t: (tpl == t).fillna(False).to_numpy(dtype=bool) for t in ("2019", "2021")}
    names = [
        c for m in ms for c in ((m.id, f"{m.id}_num", f"{m.id}_den") if m.is_rate else (m.id,))
    ]
    add_handled = HANDLED_KEY in cols and "handled" not in names
    names += ["handled"] if add_handled else []
    mat = np.empty((len(names), n))  # one block filled in place: no copies at 280,000 rows
    i = 0
    for m in ms:
        if not m.is_rate:
            _numerator(cols, n, m, masks, mat[i])
            i += 1
            continue
        val, num, den = mat[i], mat[i + 1], mat[i + 2]
        _numerator(cols, n, m, masks, num)
        _sum(cols, n, m.den, den)
        val.fill(np.nan)
        with np.errstate(invalid="ignore"):
            np.divide(num, den, out=val, where=den > 0)  # 0 or NaN denominator → NaN
        if m.scale != 1:
            val *= m.scale
        i += 3
    if add_handled:
        mat[i] = cols[HANDLED_KEY]
    values = pd.DataFrame(mat.T, columns=names, index=wide.index, copy=False)
    ids = [c for c in ID_COLS if c in wide.columns]
    return pd.concat([wide[ids], values], axis=1)


def metric_table(
    db, filters=None, metrics: Iterable[str] | None = None, inputs: bool = False
) -> pd.DataFrame:
    """Body × year metric table (wide, one row per current report) for the filtered reports.

    `filters`: lib.queries.Filters or a dict (county, years, levels, bodies). With
    `inputs=True` the canonical key columns are kept too (for compositions, exports).
    Three queries on one read-only connection: reports (+ population, blank counts), the
    cells of the keys the metrics read, findings per rule.
    """
    ms = _metrics(metrics)
    keys = tuple(k for k in metric_inputs(ms) if k in KEYS)
    if inputs:
        keys = tuple(dict.fromkeys(keys + _composition_keys()))
    with queries.session(db) as s:
        reports = queries.report_inputs(s, filters)
        cells = queries.cell_values(s, filters, keys)
        counts = queries.finding_counts(s, filters)
    wide = wide_inputs(reports, cells, findings=counts)
    table = compute_metrics(wide, ms)
    if inputs:
        table = pd.concat([table, wide[[k for k in keys if k in wide.columns]]], axis=1)
    return table.sort_values(["county", "body", "year"], na_position="last").reset_index(drop=True)


def metric_long(mt: pd.DataFrame, metrics: Iterable[str] | None = None) -> pd.DataFrame:
    """Long form of a metric table: id columns + metric, value, num, den (for charts)."""
    ids = [c for c in ID_COLS if c in mt.columns]
    frames = []
    for mid in metrics or [m.id for m in report_metrics() if m.id in mt.columns]:
        f = mt[ids].copy()
        f["metric"] = mid
        f["value"] = mt[mid].astype(float)
        f["num"] = mt[f"{mid}_num"] if f"{mid}_num" in mt else mt[mid].astype(float)
        f["den"] = mt[f"{mid}_den"] if f"{mid}_den" in mt else np.nan
        frames.append(f)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# ---------------------------------------------------------------- comparisons
def group_codes(frame: pd.DataFrame, cols) -> np.ndarray:
    """One int64 per row for the combination of `cols` (a missing value is a group of its own):
    grouping and lookups on integers instead of strings."""
    code = np.zeros(len(frame), dtype=np.int64)
    for c in cols:
        k, u = pd.factorize(frame[c], use_na_sentinel=False)
        code = code * (len(u) + 1) + k
    return code


def _num_den(mt: pd.DataFrame, m: Metric) -> tuple[np.ndarray, np.ndarray]:
    if m.is_rate:
        return mt[f"{m.id}_num"].to_numpy(float), mt[f"{m.id}_den"].to_numpy(float)
    return mt[m.id].to_numpy(float), np.full(len(mt), np.nan)


def county_totals(
    mt: pd.DataFrame, metric: str, by: tuple[str, ...] = ("county", "year")
) -> pd.DataFrame:
    """County figure per year: the total (counts) or pooled rate sum(num)/sum(den) (rates),
    the median of the bodies' values, and how many bodies it covers.

    Columns: *by, metric, value, num, den, median, n_bodies (reports in the group),
    n_values (bodies with a defined value: the median's base).
    """
    m = METRIC[metric]
    by = list(by)
    num, den = _num_den(mt, m)
    if m.is_rate:
        ok = ~np.isnan(num) & ~np.isnan(den)
        num, den = np.where(ok, num, np.nan), np.where(ok, den, np.nan)
    code = group_codes(mt, by)
    f = pd.DataFrame({"num": num, "den": den, "v": mt[metric].to_numpy(float), "pos": 0})
    f["pos"] = np.arange(len(f))
    g = f.groupby(code, sort=False)
    out = pd.DataFrame(
        {
            "num": g["num"].sum(min_count=1),
            "den": g["den"].sum(min_count=1),
            "median": g["v"].median(),
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
    return out[[*by, "metric", "value", "num", "den", "median", "n_bodies", "n_values"]]


def yoy(
    frame: pd.DataFrame, metric: str, keys: tuple[str, ...] = ("county", "body")
) -> pd.DataFrame:
    """Year-over-year change per body (or per county on `county_totals` output, keys=("county",)).

    Works on a metric table (column `<metric>`) or a frame with a `value` column. The previous
    value is the one of year − 1 only: after a gap there is no change (NaN), never a jump from
    zero. Across the 2021 template change a metric marked not comparable gets NaN and
    `comparable` False. change_pct = change / previous (NaN when the previous value is 0).
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
    comparable &= ~np.isnan(out["prev_value"].to_numpy())
    out["comparable"] = comparable
    out["change"] = (out["value"] - out["prev_value"]).where(comparable)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = out["change"] / out["prev_value"]
    out["change_pct"] = pct.where(out["prev_value"] != 0)
    out.insert(len(keys), "metric", metric)
    return out.sort_values([*keys, "year"]).reset_index(drop=True)


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
    rows = []
    for mid in metrics:
        tot = county_totals(peers, mid, by=("year",))
        m = METRIC[mid]
        num, den = _num_den(sel, m)
        b = pd.DataFrame({"year": sel["year"], "value": sel[mid].astype(float), "num": num})
        b["den"] = den
        f = tot[["year", "median", "n_values"]].merge(b, on="year", how="left")
        f["gap"] = f["value"] - f["median"]
        f.insert(0, "metric", mid)
        rows.append(f)
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
    cols = ["county", "body", "year", metric, "handled"] + (
        ["template"] if "template" in mt else []
    )
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
    f["direction"] = np.where(f["change"] > 0, "up", np.where(f["change"] < 0, "down", "none"))
    f["abs_change"] = f["change"].abs()
    rated = f[f["status"] == "rated"].sort_values(["abs_change", "body"], ascending=[False, True])
    rest = f[f["status"] != "rated"].sort_values("body")
    out = pd.concat([rated.head(n), rest], ignore_index=True)
    out.insert(2, "metric", metric)
    keep = ["county", "body", "metric", "value_from", "value_to", "change", "change_pct"]
    return out[keep + ["direction", "status"]]


# ---------------------------------------------------------------- compositions
def _composition_keys() -> tuple[str, ...]:
    return tuple(k for cats in COMPOSITIONS.values() for _c, keys, *_ in cats for k in keys)


def composition(
    wide: pd.DataFrame, kind: str, by: tuple[str, ...] = ("county", "year")
) -> pd.DataFrame:
    """Long form for stacked charts: per group and category, count and share of the group.

    kind: "outcomes" (granted … other; 2021's three other rows summed), "withheld" (the eight
    reasons), "applicants" (new applications by applicant type). `wide` holds canonical key
    columns (wide_inputs, or metric_table(..., inputs=True)). share = count / the sum of the
    categories (NaN when that is 0); n_bodies = reports in the group.
    """
    cats = COMPOSITIONS[kind]
    by = list(by)
    n = len(wide)
    need = {k for _c, keys, *_ in cats for k in keys}
    cols = {k: wide[k].to_numpy(dtype=float) for k in need if k in wide.columns}
    codes = [c for c, *_ in cats]
    sums = pd.DataFrame({c: _sum(cols, n, keys) for c, keys, *_ in cats})
    sums["n_bodies"] = 1
    sums["pos"] = np.arange(n)
    g = sums.groupby(group_codes(wide, by), sort=False)
    tot = g[codes].sum(min_count=1)
    tot["total"] = tot[codes].sum(axis=1, min_count=1)
    tot["n_bodies"] = g["n_bodies"].sum()
    labels = wide[by].iloc[g["pos"].first().to_numpy()].reset_index(drop=True)
    tot = pd.concat([labels, tot.reset_index(drop=True)], axis=1)
    out = tot.melt(
        id_vars=[*by, "total", "n_bodies"], value_vars=codes, var_name="category",
        value_name="count",
    )  # fmt: skip
    out["share"] = (out["count"] / out["total"]).where(out["total"] > 0)
    out["label_zh"] = out["category"].map({c: zh for c, _k, zh, _en in cats})
    out["label_en"] = out["category"].map({c: en for c, _k, _zh, en in cats})
    out["_o"] = out["category"].map({c: i for i, c in enumerate(codes)})
    out = out.sort_values([*by, "_o"]).reset_index(drop=True)
    return out[[*by, "category", "label_zh", "label_en", "count", "share", "total", "n_bodies"]]


def composition_table(db, filters=None, kind: str = "outcomes", by=("county", "year")):
    """`composition` read from the database for the filtered reports."""
    keys = tuple(k for _c, ks, *_ in COMPOSITIONS[kind] for k in ks)
    with queries.session(db) as s:
        reports = queries.report_inputs(s, filters)
        cells = queries.cell_values(s, filters, keys)
    return composition(wide_inputs(reports, cells), kind, by)


# ---------------------------------------------------------------- findings
def findings_summary(findings: pd.DataFrame, by: Iterable[str] = ("rule",)) -> pd.DataFrame:
    """Findings counted by any of rule / body / year / severity / county.

    Columns: *by, findings, reports (distinct reports concerned); with `rule` in `by` also the
    rule's description (rule_zh, rule_en; empty for checks that are not R1–R7).
    """
    by = list(by)
    g = findings.groupby(by, dropna=False, sort=True)
    out = pd.DataFrame({"findings": g.size(), "reports": g["report_id"].nunique()}).reset_index()
    if "rule" in by:
        out["rule_zh"] = out["rule"].map(lambda r: RULE[r].zh if r in RULE else "")
        out["rule_en"] = out["rule"].map(lambda r: RULE[r].en if r in RULE else "")
    return out.sort_values(["findings", *by], ascending=[False] + [True] * len(by)).reset_index(
        drop=True
    )


def findings_table(db, filters=None, by: Iterable[str] = ("rule",)) -> pd.DataFrame:
    """`findings_summary` over the current reports' findings in the database."""
    return findings_summary(queries.findings(db, filters), by)


def supervision_table(db, filters=None, lang: str = "zh", **kw) -> pd.DataFrame:
    """The 督办清单 (lib.timeliness.supervision_table), here for lib.export."""
    from lib.timeliness import supervision_table as build

    return build(db, filters, lang=lang, **kw)
