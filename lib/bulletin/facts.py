"""What the county 通报 says, as data: every number comes from the warehouse through the same
analytics the dashboard uses (filing grid, county totals, the worklist, 整改 statuses, copied
pairs), so the document and the pages never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lib import analytics
from lib.analytics import copied, queries, rectify, worklist
from lib.analytics.timeliness import filing_summary, timeliness_table
from lib.errors import GongkaiError

KEY_METRICS = ("new", "handled", "carried_forward", "disclosure_rate", "reviews", "lawsuits")
RANK_METRICS = ("new", "handled", "disclosure_rate")  # the body table's columns
MAX_ISSUES = 300  # rows of the issue table; the rest are counted, and are in the 督办清单


@dataclass
class Facts:
    county: str
    year: int
    expected: int = 0
    filed: int = 0
    missing: list[str] = field(default_factory=list)
    late: list[tuple[str, int]] = field(default_factory=list)  # (body, days late)
    # metric -> (this year, last year); None where not known
    key: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    trend: pd.DataFrame | None = None  # year, metric, value: the county's new and handled
    bodies: pd.DataFrame | None = None  # body, RANK_METRICS…, sorted by new, high first
    problems: pd.DataFrame | None = None  # lib.analytics.worklist.problem_ranking rows
    checks: pd.DataFrame | None = None  # rule, severity, n: findings per check
    statuses: dict[str, int] = field(default_factory=dict)  # 整改 status -> issues
    issues: pd.DataFrame | None = None  # rectify.supervision_table rows (≤ MAX_ISSUES)
    issues_total: int = 0
    pairs: pd.DataFrame | None = None  # copied.pairs rows of the year


def _value(totals: pd.DataFrame, year: int):
    row = totals[totals["year"] == year]
    if row.empty or pd.isna(row["value"].iloc[0]):
        return None
    return float(row["value"].iloc[0])


def gather(db, county: str, year: int, lang: str = "zh") -> Facts:
    """Everything the 通报 of `county` for `year` states."""
    f = Facts(county, int(year))
    county_only = {"county": county}
    this_year = {"county": county, "years": (year, year)}
    grid = timeliness_table(db, county_only)
    g = grid[grid["year"] == year]
    if grid.empty:
        held = queries.counties(db)
        raise GongkaiError(county, "no reports of this county in the warehouse (it holds: "
                                   f"{'、'.join(held) or 'none'})")  # fmt: skip
    if g.empty:
        years = sorted(int(y) for y in grid["year"].unique())
        raise GongkaiError(county, f"nothing filed or expected for {year} (its years: "
                                   f"{years[0]}–{years[-1]})")  # fmt: skip
    if len(g):
        s = filing_summary(g)
        f.expected, f.filed = int(s["expected"].sum()), int(s["filed_expected"].sum())
    f.missing = sorted(g.loc[g["expected"] & ~g["filed"], "body"].tolist())
    late = g[g["timeliness"] == "late"].sort_values(["days_late", "body"], ascending=[False, True])
    f.late = [(b, int(d)) for b, d in zip(late["body"], late["days_late"], strict=True)]

    mt = analytics.metric_table(db, county_only)
    trend = []
    for m in KEY_METRICS:
        totals = analytics.county_totals(mt, m) if len(mt) else pd.DataFrame(columns=["year"])
        f.key[m] = (_value(totals, year), _value(totals, year - 1))
        if m in ("new", "handled"):
            trend += [(int(y), m, v) for y, v in zip(totals["year"], totals["value"], strict=True)]
    f.trend = pd.DataFrame(trend, columns=["year", "metric", "value"])
    mine = mt[mt["year"] == year]
    f.bodies = (
        mine[["body", *RANK_METRICS]]
        .sort_values(["new", "body"], ascending=[False, True], na_position="last")
        .reset_index(drop=True)
    )
    f.problems = worklist.problem_table(db, county_only, year)

    issues = rectify.supervision_table(db, this_year, lang)
    found = issues[issues["issue"] == "finding"]
    f.checks = (
        found.groupby(["rule", "severity"]).size().rename("n").reset_index()
        .sort_values(["n", "rule"], ascending=[False, True]).reset_index(drop=True)
    )  # fmt: skip
    f.statuses = {s: int((issues["status"] == s).sum()) for s in rectify.STATUSES}
    f.issues_total = len(issues)
    f.issues = issues[issues["severity"] != "info"].head(MAX_ISSUES).reset_index(drop=True)

    pairs = copied.pairs(db, this_year)
    f.pairs = pairs[(pairs["year_a"] == year) | (pairs["year_b"] == year)].reset_index(drop=True)
    return f
