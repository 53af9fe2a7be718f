"""The supervisor's worklist: which bodies are worst in a year, and why — missing or late
filings, errors and warnings found in the report, copied text — ranked worst first.

`problem_ranking` is pure (DataFrames in, DataFrame out); `problem_table` reads them from the
warehouse for the filters.
"""

from __future__ import annotations

import pandas as pd

from lib.analytics import copied, queries
from lib.analytics.timeliness import filing_table, timeliness

COLUMNS = ["body", "county", "year", "missing", "errors", "warnings", "days_late", "copied",
           "report_id"]  # fmt: skip


def problem_ranking(grid: pd.DataFrame, found: pd.DataFrame, pairs: pd.DataFrame, year: int):
    """One row per body expected to report in `year` that has any problem, worst first:
    missing, then most errors, most warnings, most days late, most copied-text pairs.

    grid: `timeliness(filing_table(...))`; found: findings (report_id, severity);
    pairs: `copied.pairs(...)`."""
    g = grid[(grid["year"] == year) & grid["expected"].astype(bool)]
    out = pd.DataFrame(
        {
            "body": g["body"].to_numpy(),
            "county": g["county"].to_numpy(),
            "year": g["year"].to_numpy(),
            "missing": ~g["filed"].astype(bool).to_numpy(),
            "report_id": g["report_id"].to_numpy() if "report_id" in g else None,
            "days_late": g["days_late"].where(g["timeliness"] == "late").to_numpy(),
        }
    )
    sev = found.groupby(["report_id", "severity"]).size().unstack(fill_value=0)
    for col, s in (("errors", "error"), ("warnings", "warning")):
        per = sev[s] if s in sev else pd.Series(dtype="int64")
        out[col] = out["report_id"].map(per).fillna(0).astype(int)
    ids = pd.concat([pairs["report_a"], pairs["report_b"]]) if len(pairs) else pd.Series([])
    out["copied"] = out["report_id"].map(ids.value_counts()).fillna(0).astype(int)
    bad = out["missing"] | (out["errors"] > 0) | (out["warnings"] > 0) | (out["copied"] > 0)
    out["_late"] = out["days_late"].fillna(0)
    bad |= out["_late"] > 0
    out = out[bad]
    out = out.sort_values(
        ["missing", "errors", "warnings", "_late", "copied", "body"],
        ascending=[False, False, False, False, False, True],
        kind="stable",
    )
    return out[COLUMNS].reset_index(drop=True)


def problem_table(db, filters, year: int) -> pd.DataFrame:
    """`problem_ranking` for the filtered bodies in `year`, from the warehouse."""
    with queries.session(db) as s:
        grid = timeliness(filing_table(s, filters))
        found = queries.findings(s, filters, columns=["report_id", "severity"])
    return problem_ranking(grid, found, copied.pairs(db, filters), year)
