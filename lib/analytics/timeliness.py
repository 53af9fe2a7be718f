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

from lib.analytics import queries
from lib.analytics.table import group_codes
from lib.template import RULE, SECTIONS

DEFAULT_DEADLINE = (1, 31)  # (month, day) of the year after the report year
# Art. 49 of the Regulations: county-level and higher governments' own reports by 31 March
# (departments by 31 January, the default). Pass as `by_level` to use it.
ART49_BY_LEVEL = {"government": (3, 31)}


def _labels(conditions, names: tuple[str, ...]) -> pd.Categorical:
    """The first true condition's name per row (the last name when none): a categorical, so
    280,000 rows are not 280,000 Python strings."""
    codes = np.select(
        [np.asarray(c, dtype=bool) for c in conditions], range(len(conditions)), len(conditions)
    )
    return pd.Categorical.from_codes(codes, categories=list(names))


def _year_range(years, *frames: pd.DataFrame) -> list[int]:
    if years is not None:
        ys = [years] if isinstance(years, int) else [int(y) for y in years]
        if len(ys) in (1, 2):  # one year, or (first, last) as in lib.analytics.queries.Filters
            return list(range(min(ys), max(ys) + 1))
        return sorted(set(ys))
    ys = [int(y) for f in frames if len(f) for y in (f["year"].min(), f["year"].max())]
    return list(range(min(ys), max(ys) + 1)) if ys else []


def filing_status(
    bodies: pd.DataFrame,
    versions: pd.DataFrame,
    years=None,
    findings: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Registry × years grid: one row per expected body-year, plus any filed body-year.

    bodies: registry (name, county, level, assigned); a body is expected to file every year in
      range when `assigned` (bodies the registry does not name appear only where they filed).
    versions: every stored version (lib.analytics.queries.revisions: body, county, year, report_id,
      current, published).
    years: (first, last) or one year; default: the years present in `versions`.
    findings: report_list-shaped (report_id, findings) to mark current reports with findings.

    Columns: body, county, level, year, expected, filed, report_id (current), published
    (current version), first_published (earliest date over all versions), versions,
    superseded (older versions kept), has_findings, status — "missing" (expected,
    not filed), "findings" (filed, the current report has findings), "revised" (filed, with
    superseded versions), "filed".
    """
    yrs = _year_range(years, versions)
    keys = ["body", "county", "year"]
    reg = bodies[bodies["assigned"].fillna(False).astype(bool)]
    ny, nb = len(yrs), len(reg)
    # expected body-years and stored versions stacked, then one groupby (no string merges)
    # (Series.repeat / reset_index keep the Arrow strings: no object round trips)
    exp = reg.loc[reg.index.repeat(ny), ["name", "county", "level"]].reset_index(drop=True)
    exp.columns = ["body", "county", "level"]
    exp["year"] = np.tile(np.asarray(yrs, dtype=int), nb)
    exp["expected"] = True
    v = versions[versions["year"].isin(yrs)].reset_index(drop=True)
    cur = v["current"].astype(bool).to_numpy()
    ver = pd.DataFrame(
        {
            "body": v["body"],
            "county": v["county"],
            "level": v["level"],
            "year": v["year"].to_numpy(dtype=int),
            "expected": False,
            "versions": 1,
            "superseded": (~cur).astype(int),
            "report_id": v["report_id"].where(cur).to_numpy(dtype=float),
            "published": v["published"].where(cur),
            "first_published": v["published"],
        }
    )
    both = pd.concat([exp, ver], ignore_index=True)
    both["versions"] = both["versions"].fillna(0).astype(int)
    both["superseded"] = both["superseded"].fillna(0).astype(int)
    both["pos"] = np.arange(len(both))
    g = both.groupby(group_codes(both, keys), sort=False)
    grid = g.agg(
        pos=("pos", "first"),
        expected=("expected", "max"),
        versions=("versions", "sum"),
        superseded=("superseded", "sum"),
        report_id=("report_id", "max"),
        published=("published", "first"),
        first_published=("first_published", "min"),
    ).reset_index(drop=True)
    # body, county, year and level of each group's first row (the registry's, when listed)
    first = both.iloc[grid.pop("pos").to_numpy()][[*keys, "level"]].reset_index(drop=True)
    grid = pd.concat([first, grid], axis=1)
    grid["filed"] = grid["report_id"].notna()
    if findings is not None and len(findings):
        nf = findings.set_index("report_id")["findings"]
        grid["has_findings"] = grid["report_id"].map(nf).fillna(0).to_numpy() > 0
    else:
        grid["has_findings"] = False
    grid["status"] = _labels(
        [~grid["filed"], grid["has_findings"], grid["superseded"] > 0],
        ("missing", "findings", "revised", "filed"),
    )
    cols = ["body", "county", "level", "year", "expected", "filed", "report_id", "published"]
    cols += ["first_published", "versions", "superseded", "has_findings", "status"]
    grid["report_id"] = grid["report_id"].astype("Int64")
    grid["expected"] = grid["expected"].astype(bool)
    # lexsort of sorted factor codes: the order of sort_values (missing last), a third the time
    code = {c: pd.factorize(grid[c], sort=True, use_na_sentinel=False)[0] for c in keys}
    order = np.lexsort([code["year"], code["body"], code["county"]])  # the last is primary
    return grid[cols].take(order).reset_index(drop=True)


def timeliness(
    grid: pd.DataFrame,
    deadline: tuple[int, int] = DEFAULT_DEADLINE,
    by_level: Mapping[str, tuple[int, int]] | None = None,
) -> pd.DataFrame:
    """On time / late / missing / date unknown per body-year of a `filing_status` grid.

    deadline: (month, day) in the year after the report year; `by_level` overrides it per
    level code (e.g. {"government": (3, 31)} for county governments' own reports, Art. 49).
    A report whose publication date is not known is "date_unknown", never assumed on time.
    The earliest version's date counts (`first_published`): a correction uploaded later does
    not make an on-time filing late.
    Adds columns deadline (date), days_late (published − deadline in days, > 0 when late)
    and timeliness.
    """
    out = grid.copy()
    levels = dict(by_level or {})
    codes, uniq = pd.factorize(out["level"], use_na_sentinel=False)  # a few levels: map those
    month = np.array([levels.get(lv, deadline)[0] for lv in uniq] or [0], dtype=np.int64)[codes]
    day = np.array([levels.get(lv, deadline)[1] for lv in uniq] or [0], dtype=np.int64)[codes]
    # numpy calendar arithmetic: (year + 1)-01-01 + (month − 1) months + (day − 1) days
    ym = (out["year"].to_numpy(dtype=np.int64) + 1 - 1970).astype("datetime64[Y]")
    ym = ym.astype("datetime64[M]") + (month - 1)
    out["deadline"] = pd.to_datetime(ym.astype("datetime64[D]") + (day - 1))
    # the first publication counts: a corrected re-upload does not make a filing late
    src = out["first_published"] if "first_published" in out else out["published"]
    pub = pd.to_datetime(src, errors="coerce")
    out["days_late"] = (pub - out["deadline"]).dt.days
    out["timeliness"] = _labels(
        [~out["filed"].astype(bool), pub.isna(), out["days_late"] > 0],
        ("missing", "date_unknown", "late", "on_time"),
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


def filing_table(db, filters=None, years=None):
    """`filing_status` for the filtered registry and reports (years from the filter if set)."""
    f = queries.as_filters(filters)
    with queries.session(db) as s:
        versions = queries.revisions(s, f, queries.FILING_COLS)
        bodies = queries.bodies(s, f)
        counts = queries.finding_counts(s, f)
    rl = counts.groupby("report_id", as_index=False)["n"].sum().rename(columns={"n": "findings"})
    return filing_status(bodies, versions, years or f.years, rl)


def timeliness_table(
    db, filters=None, deadline: tuple[int, int] = DEFAULT_DEADLINE, by_level=None
) -> pd.DataFrame:
    """`timeliness` over `filing_table(db, filters)`."""
    with queries.session(db) as s:
        return timeliness(filing_table(s, filters), deadline, by_level)


# ---------------------------------------------------------------- 督办清单 (supervision list)
def _evidence(rule: str, keys, expected, actual, en: bool) -> str:
    """The numbers or sentence behind a finding, in words."""
    quote = next((k[6:] for k in str(keys or "").split(",") if k.startswith("quote:")), "")
    if quote:
        return f"“{quote}”"
    if rule in RULE or rule == "BLANK_TOTAL":
        if pd.isna(expected) and pd.isna(actual):
            return ""
        if en:
            return f"expected {_num(expected)}, actual {_num(actual)}"
        return f"应为 {_num(expected)}，实为 {_num(actual)}"
    if pd.notna(actual):
        return f"value {_num(actual)}" if en else f"数值 {_num(actual)}"
    return ""


def _num(v) -> str:
    if v is None or pd.isna(v):
        return "—"
    f = float(v)
    return f"{int(f):,}" if f.is_integer() else f"{f:,.2f}"


def supervision_list(findings: pd.DataFrame, grid: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Every issue to send out, one row each, ready for the 督办清单.

    findings: lib.analytics.queries.findings rows (rule broken, copied text, wrong name, …), with the
      "provenance" column where the caller asked for it (where the first key was read);
    grid: `timeliness(filing_status(...))` (missing filings; late ones where dated).
    Columns: county, body, year, issue ("finding" | "missing" | "late"), rule, severity,
    message, keys, evidence, where, report_id, ident (the finding's keys without report ids) — sorted by county, body, year, then missing,
    late and findings (by rule and keys).
    """
    en = lang == "en"
    f = findings
    n = len(f)
    col = {c: f[c].tolist() if c in f else [None] * n for c in _FINDING_FIELDS}
    first_keys = [str(k or "").split(",")[0].strip() for k in col["keys"]]
    where = ["" if w is None or w != w else str(w) for w in col["provenance"]]
    # prose findings (keys like "prose.s5"): where = the section
    sections = {
        f"prose.{c}": (f"{e} {num}" if en else f"{num}、{zh}") for c, num, zh, e in SECTIONS
    }
    message = col["message_en" if en else "message_zh"]
    rows = [
        (
            col["county"][i], col["body"][i], col["year"][i], "finding", col["rule"][i],
            col["severity"][i], message[i], col["keys"][i],
            _evidence(col["rule"][i], col["keys"][i], col["expected"][i], col["actual"][i], en),
            where[i] or sections.get(first_keys[i], ""), col["report_id"][i], col["ident"][i] or "",
        )
        for i in range(n)
    ]  # fmt: skip
    g = grid
    miss = _where(g, g["expected"] & ~g["filed"], ["county", "body", "year"])
    for county, body, year in miss:
        msg = f"No report filed for {year}" if en else f"未报送 {year} 年度报告"
        rows.append((county, body, year, "missing", "", "error", msg, "", "", "", None, ""))
    if "timeliness" in g:
        cols = ["county", "body", "year", "first_published", "deadline", "days_late", "report_id"]
        for county, body, year, first, deadline, days, rid in _where(
            g, g["timeliness"] == "late", cols
        ):
            pub, dl = pd.Timestamp(first).date(), pd.Timestamp(deadline).date()
            if en:
                msg = f"Published {pub}, after the deadline {dl} ({int(days)} days late)"
            else:
                msg = f"发布日期 {pub} 晚于截止日期 {dl}（逾期 {int(days)} 天）"
            rows.append((county, body, year, "late", "", "warning", msg, "", "", "", rid, ""))
    order = {"missing": 0, "late": 1, "finding": 2}

    def _key(r):  # county, body, year, missing → late → finding, rule, keys; blanks last
        return tuple((x is None or x != x, "" if x is None or x != x else x)
                     for x in (r[0], r[1], r[2], order[r[3]], r[4], r[7]))  # fmt: skip

    rows.sort(key=_key)
    out = pd.DataFrame(rows, columns=list(SUPERVISION_COLS))
    out["report_id"] = out["report_id"].astype("Int64")
    return out


def _where(frame: pd.DataFrame, mask: pd.Series, cols: list[str]):
    """Rows (tuples of `cols`) where mask holds; .loc costs more than the rows at county size."""
    idx = np.flatnonzero(mask.to_numpy(dtype=bool))
    return zip(*(frame[c].take(idx).tolist() for c in cols)) if len(idx) else iter(())


_FINDING_FIELDS = (
    "county", "body", "year", "rule", "severity", "message_zh", "message_en", "keys",
    "expected", "actual", "report_id", "provenance", "ident",
)  # fmt: skip
SUPERVISION_COLS = (
    "county", "body", "year", "issue", "rule", "severity", "message", "keys", "evidence",
    "where", "report_id", "ident",
)  # fmt: skip


def supervision_table(db, filters=None, lang: str = "zh", deadline=DEFAULT_DEADLINE):
    """The 督办清单 for the filtered county/bodies/years, read from the database."""
    fl = queries.as_filters(filters)
    with queries.session(db) as s:
        f = queries.findings(s, fl, columns=(*queries.FINDINGS_COLS, "provenance", "ident"))
        versions = queries.revisions(s, fl, queries.FILING_COLS)
        bodies = queries.bodies(s, fl)
    # the list names findings itself: the grid need not count them (has_findings unused)
    grid = timeliness(filing_status(bodies, versions, fl.years), deadline)
    return supervision_list(f, grid, lang)
