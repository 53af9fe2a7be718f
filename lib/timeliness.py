"""Filing completeness and timeliness per body and year: who filed, who did not, who was late.

`filing_status` crosses the registry with the years (every expected body-year gets a row, a
missing filing included), `filing_summary` counts per county and year, `timeliness` judges
the current report's publication date against a deadline (default 31 January of the following
year, configurable, optionally per body level). Entry points with a database path:
`filing_table(db, filters)`, `timeliness_table(db, filters)`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from lib import queries

DEFAULT_DEADLINE = (1, 31)  # (month, day) of the year after the report year


def _year_range(years, *frames: pd.DataFrame) -> list[int]:
    if years is not None:
        lo, hi = (years, years) if isinstance(years, int) else years
        return list(range(int(lo), int(hi) + 1))
    ys = pd.concat([f["year"] for f in frames if len(f)], ignore_index=True).dropna()
    return list(range(int(ys.min()), int(ys.max()) + 1)) if len(ys) else []


def filing_status(
    bodies: pd.DataFrame,
    versions: pd.DataFrame,
    years=None,
    findings: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Registry × years grid: one row per expected body-year, plus any filed body-year.

    bodies: registry (name, county, level, assigned); a body is expected to file every year in
      range when `assigned` (bodies the registry does not name appear only where they filed).
    versions: every stored version (lib.queries.revisions: body, county, year, report_id,
      current, published).
    years: (first, last) or one year; default: the years present in `versions`.
    findings: report_list-shaped (report_id, findings) to mark current reports with findings.

    Columns: body, county, level, year, expected, filed, report_id (current), published,
    versions, superseded (older versions kept), has_findings, status — "missing" (expected,
    not filed), "findings" (filed, the current report has findings), "revised" (filed, with
    superseded versions), "filed".
    """
    yrs = _year_range(years, versions)
    reg = bodies.rename(columns={"name": "body"})[["body", "county", "level", "assigned"]].copy()
    reg["assigned"] = reg["assigned"].fillna(False).astype(bool)
    expected = reg[reg["assigned"]].merge(pd.DataFrame({"year": yrs}), how="cross")
    v = versions[versions["year"].isin(yrs)]
    cur = v[v["current"].astype(bool)][
        ["body", "county", "level", "year", "report_id", "published"]
    ]
    counts = v.groupby(["body", "county", "year"], dropna=False).agg(
        versions=("report_id", "size"),
        superseded=("current", lambda s: int((~s.astype(bool)).sum())),
    )
    keys = ["body", "county", "year"]
    grid = expected[["body", "county", "level", "year"]].merge(
        cur, on=keys, how="outer", suffixes=("", "_r"), indicator=True
    )
    grid["level"] = grid["level"].fillna(grid["level_r"])
    grid["expected"] = grid["_merge"] != "right_only"
    grid = grid.merge(counts.reset_index(), on=keys, how="left")
    grid["versions"] = grid["versions"].fillna(0).astype(int)
    grid["superseded"] = grid["superseded"].fillna(0).astype(int)
    grid["filed"] = grid["report_id"].notna()
    if findings is not None and len(findings):
        nf = findings.set_index("report_id")["findings"]
        grid["has_findings"] = grid["report_id"].map(nf).fillna(0).astype(int) > 0
    else:
        grid["has_findings"] = False
    grid["status"] = np.select(
        [~grid["filed"], grid["has_findings"], grid["superseded"] > 0],
        ["missing", "findings", "revised"],
        "filed",
    )
    cols = ["body", "county", "level", "year", "expected", "filed", "report_id", "published"]
    cols += ["versions", "superseded", "has_findings", "status"]
    grid["year"] = grid["year"].astype(int)
    grid["report_id"] = grid["report_id"].astype("Int64")
    return grid[cols].sort_values(["county", "body", "year"]).reset_index(drop=True)


def timeliness(
    grid: pd.DataFrame,
    deadline: tuple[int, int] = DEFAULT_DEADLINE,
    by_level: Mapping[str, tuple[int, int]] | None = None,
) -> pd.DataFrame:
    """On time / late / missing / date unknown per body-year of a `filing_status` grid.

    deadline: (month, day) in the year after the report year; `by_level` overrides it per
    level code (e.g. {"government": (3, 31)} for county governments' own reports, Art. 49).
    A report whose publication date is not known is "date_unknown", never assumed on time.
    Adds columns deadline (date), days_late (published − deadline in days, > 0 when late)
    and timeliness.
    """
    out = grid.copy()
    md = out["level"].map(lambda lv: (by_level or {}).get(lv, deadline))
    out["deadline"] = pd.to_datetime(
        {
            "year": out["year"].astype(int) + 1,
            "month": md.map(lambda t: t[0]),
            "day": md.map(lambda t: t[1]),
        }
    )
    pub = pd.to_datetime(out["published"], errors="coerce")
    out["days_late"] = (pub - out["deadline"]).dt.days
    out["timeliness"] = np.select(
        [~out["filed"].astype(bool), pub.isna(), out["days_late"] > 0],
        ["missing", "date_unknown", "late"],
        "on_time",
    )
    return out


def filing_summary(grid: pd.DataFrame) -> pd.DataFrame:
    """Per county and year: expected, filed, missing, superseded, with_findings and — when the
    grid went through `timeliness` — on_time, late, date_unknown. n_bodies = rows covered."""
    f = grid.copy()
    f["missing_"] = f["expected"] & ~f["filed"]
    f["filed_expected"] = f["expected"] & f["filed"]
    agg = {
        "n_bodies": ("body", "size"),
        "expected": ("expected", "sum"),
        "filed": ("filed", "sum"),
        "filed_expected": ("filed_expected", "sum"),
        "missing": ("missing_", "sum"),
        "superseded": ("superseded", "sum"),
        "with_findings": ("has_findings", "sum"),
    }
    if "timeliness" in f:
        for s in ("on_time", "late", "date_unknown"):
            f[s] = f["timeliness"] == s
            agg[s] = (s, "sum")
    out = f.groupby(["county", "year"], dropna=False).agg(**agg).reset_index()
    num = [c for c in out.columns if c not in ("county", "year")]
    out[num] = out[num].astype(int)
    return out


def filing_table(db, filters=None, years=None) -> pd.DataFrame:
    """`filing_status` for the filtered registry and reports (years from the filter if set)."""
    f = queries.as_filters(filters)
    versions = queries.revisions(db, f)
    rl = queries.report_list(db, f, columns=("report_id", "findings"))
    return filing_status(queries.bodies(db, f), versions, years or f.years, rl)


def timeliness_table(
    db, filters=None, deadline: tuple[int, int] = DEFAULT_DEADLINE, by_level=None
) -> pd.DataFrame:
    """`timeliness` over `filing_table(db, filters)`."""
    return timeliness(filing_table(db, filters), deadline, by_level)
