"""The metric table: report cells → one row per report, one column per metric (lib.analytics.metrics).

`metric_table(db, filters)` reads through lib.analytics.queries; `wide_inputs` and `compute_metrics` are
the pure pandas steps underneath.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from lib.analytics import queries
from lib.analytics.metrics import COMPOSITIONS, METRIC, Metric, metric_inputs, report_metrics
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
        raise ValueError(
            f"not a per-report metric: {', '.join(bad)} (see lib.analytics.timeliness)"
        )
    return out


# ---------------------------------------------------------------- building the wide frame
def _pivot(index: pd.Index, cells: pd.DataFrame, keys=None) -> dict[str, np.ndarray]:
    """Long cells → {key: values aligned with `index`} (NaN where a report lacks the key).
    A numpy scatter, not pivot_table: linear in the number of cells. Cells may name the key
    (`key`) or give its position in `keys` (`k`, from lib.analytics.queries.cell_positions)."""
    if not len(cells):
        return {}
    rows = index.get_indexer(cells["report_id"])
    ok = rows >= 0
    if "k" in cells.columns and keys is not None:
        codes, uniques = cells["k"].to_numpy()[ok], list(keys)
    else:
        codes, uniques = pd.factorize(cells["key"].to_numpy()[ok])
    values = cells["value"].to_numpy(dtype=float)[ok]
    if "blank" in cells.columns:  # a blank 总计 is "total not given": missing, not 0
        is_total = np.array([str(k).endswith((".total", "_total")) for k in uniques], dtype=bool)
        blank = cells["blank"].fillna(False).to_numpy(dtype=bool)[ok]
        values = np.where(blank & is_total[codes], np.nan, values)
    mat = np.full((len(index), len(uniques)), np.nan)
    mat[rows[ok], codes] = values
    present = np.zeros(len(uniques), dtype=bool)
    present[np.unique(codes)] = True  # a key no report holds stays absent (not a NaN column)
    return {k: mat[:, i] for i, k in enumerate(uniques) if present[i]}


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
    keys=None,
) -> pd.DataFrame:
    """One row per report: its id columns, one column per canonical key, the non-cell inputs.

    reports: report_list-shaped (report_id, body, county, level, year, template, ...); where it
      carries population / blank_cells / blank_totals (lib.analytics.queries.report_inputs) they are used.
    cells: report_cells-shaped long frame (report_id, key, value[, blank, derived]), or
      (report_id, k, value[, blank]) with k the position in `keys`; a key a report does not
      hold stays NaN (another template's key is absent, not zero), and so does a blank total
      cell (总计 not given); other blank cells count as their stored 0.
    bodies: registry (name, county, population) → `registry.population`.
    findings: one row per finding (report_id, rule), or counts (report_id, rule, n)
      → `quality.findings` and `quality.findings.<rule>` (0 if none).
    blanks: (report_id, blank_cells, blank_totals); computed from `cells` when omitted and
      `cells` has a `blank` column (then it must hold every key of the reports).
    """
    base = reports.drop_duplicates("report_id").reset_index(drop=True)
    index = pd.Index(base["report_id"])
    cols = {c: base[c] for c in ID_COLS if c in base.columns}  # Series: strings stay Arrow
    cols.update(_pivot(index, cells, keys))
    if "population" in base.columns:
        pop = pd.to_numeric(base["population"], errors="coerce")
        cols["registry.population"] = pop.to_numpy(dtype=float, na_value=np.nan)
    elif bodies is not None and "population" in bodies.columns:
        pop = bodies.drop_duplicates(["name", "county"]).set_index(["name", "county"])
        at = pd.MultiIndex.from_arrays([base["body"], base["county"]])
        cols["registry.population"] = pd.to_numeric(
            pop["population"].reindex(at), errors="coerce"
        ).to_numpy(dtype=float, na_value=np.nan)
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

    `filters`: lib.analytics.queries.Filters or a dict (county, years, levels, bodies). With
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
        cells = queries.cell_positions(s, filters, keys)
        counts = queries.finding_counts(s, filters)
    wide = wide_inputs(reports, cells, findings=counts, keys=keys)
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


def group_codes(frame: pd.DataFrame, cols) -> np.ndarray:
    """One int64 per row for the combination of `cols` (a missing value is a group of its own):
    grouping and lookups on integers instead of strings."""
    code = np.zeros(len(frame), dtype=np.int64)
    for c in cols:
        k, u = pd.factorize(frame[c], use_na_sentinel=False)
        code = code * (len(u) + 1) + k
    return code


def _composition_keys() -> tuple[str, ...]:
    return tuple(k for cats in COMPOSITIONS.values() for _c, keys, *_ in cats for k in keys)
