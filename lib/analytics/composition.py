"""Compositions for stacked charts, the findings summary and the 督办清单 entry point."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from lib.analytics import queries
from lib.analytics.metrics import COMPOSITIONS
from lib.analytics.table import _sum, group_codes, wide_inputs
from lib.template import RULE

# ---------------------------------------------------------------- compositions


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
        cells = queries.cell_positions(s, filters, keys)
    return composition(wide_inputs(reports, cells, keys=keys), kind, by)


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
