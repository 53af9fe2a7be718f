"""The UI's plain parts (no streamlit here): paths, the page context and its filters, upload
helpers. lib.ui (which imports streamlit) re-exports them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from lib import auth
from lib.errors import GongkaiError
from lib.i18n import LANGS, t, t_md
from lib.ingest.archive import REPORT_SUFFIXES

ROOT = Path(__file__).resolve().parents[2]  # the project folder (lib/ui/model.py)
UPLOAD_TYPES = sorted(x.lstrip(".") for x in REPORT_SUFFIXES)  # what a folder ingest reads

# URL parameter names of the shared filters.
QP_COUNTY, QP_Y0, QP_Y1, QP_LEVEL, QP_LANG = "county", "from", "to", "level", "lang"
SHARED_QP = (QP_COUNTY, QP_Y0, QP_Y1, QP_LEVEL, QP_LANG)
_SHADOW = "_gk_filters"  # session copy of the filters: survives widget clean-up on page switch


# ---------------------------------------------------------------- paths
def db_path() -> Path:
    return Path(os.environ.get("GONGKAI_DB") or ROOT / "data" / "gongkai.duckdb")


def identity() -> tuple | None:
    """The database file's identity: cached results are keyed on it (a new ingest shows)."""
    from lib import store

    return store.db_identity(db_path())


def login_everywhere() -> bool:
    from lib import auth

    return bool(auth.settings(secrets_path()).get("login_everywhere"))


def sample_dir() -> Path:
    return Path(os.environ.get("GONGKAI_SAMPLE") or ROOT / "data" / "sample")


def secrets_path() -> Path:
    return auth.default_secrets_path(ROOT)


PAGE_ICONS = {  # the menu, in order
    "overview": ":material/dashboard:",
    "compare": ":material/bar_chart:",
    "trends": ":material/show_chart:",
    "township": ":material/location_city:",
    "contrast": ":material/compare_arrows:",
    "quality": ":material/rule:",
    "rectify": ":material/task_alt:",
    "copied": ":material/content_copy:",
    "export": ":material/download:",
    "upload": ":material/upload_file:",
}


def page_config(lang: str) -> dict:
    """st.set_page_config's arguments."""
    return {"page_title": t("app.page_title", lang), "page_icon": "📑", "layout": "wide"}


def filter_options(reports) -> dict:
    """What the sidebar's filters offer: the counties, years and levels of the reports."""
    if reports is None or reports.empty:
        return {"counties": [], "years": [], "levels": []}
    return {
        "counties": sorted(str(c) for c in reports["county"].dropna().unique()),
        "years": sorted(int(y) for y in reports["year"].dropna().unique()),
        "levels": sorted(str(v) for v in reports["level"].dropna().unique()),
    }


def page_file(name: str) -> str:
    return f"pages/{name}.py"


@dataclass
class Ctx:
    db: str
    lang: str
    page: str
    county: str | None = None
    years: tuple[int, int] | None = None
    levels: tuple[str, ...] = ()
    all_years: list[int] = field(default_factory=list)
    empty: bool = True

    def filters(self, **extra) -> dict:
        """Filters for lib.analytics / lib.analytics.queries (dict form)."""
        f: dict = {}
        if self.county:
            f["county"] = self.county
        if self.years:
            f["years"] = tuple(self.years)
        if self.levels:
            f["levels"] = tuple(self.levels)
        f.update({k: v for k, v in extra.items() if v is not None})
        return f

    def params(self) -> dict[str, str | list[str]]:
        """The shared filters as URL parameters (passed along on page switch)."""
        p: dict[str, str | list[str]] = {QP_LANG: self.lang}
        if self.county:
            p[QP_COUNTY] = self.county
        # the full range is "all years" (not pinned): a newly loaded year then shows up too
        full = bool(self.all_years) and self.years == (self.all_years[0], self.all_years[-1])
        if self.years and not full:
            p[QP_Y0], p[QP_Y1] = str(self.years[0]), str(self.years[1])
        if self.levels:
            p[QP_LEVEL] = list(self.levels)
        return p

    def t(self, key: str, **kw) -> str:
        """A UI string for Markdown-rendering elements (most of them): parameters, which may
        come from reports or file names, are escaped. `plain` is for plain-text places."""
        return t_md(key, self.lang, **kw)

    def plain(self, key: str, **kw) -> str:
        """A UI string for plain-text places (select options, chart text): nothing escaped."""
        return t(key, self.lang, **kw)

    @property
    def year_list(self) -> list[int]:
        if not self.years:
            return list(self.all_years)
        return [y for y in self.all_years if self.years[0] <= y <= self.years[1]]


def _int(v) -> int | None:
    try:
        return int(str(v))
    except (TypeError, ValueError):
        return None


def initial_filters(qp, shadow: dict, options: dict) -> dict:
    """Filter values from the URL (`qp`: st.query_params), else the session's last values
    (`shadow`), else defaults; validated against what the database holds (`options`)."""
    out = dict(shadow)
    if QP_COUNTY in qp:
        out["county"] = qp[QP_COUNTY]
    y0, y1 = _int(qp.get(QP_Y0)), _int(qp.get(QP_Y1))
    if y0 is not None or y1 is not None:
        out["years"] = (y0 or y1, y1 or y0)
    if QP_LEVEL in qp:
        out["levels"] = tuple(qp.get_all(QP_LEVEL))
    if QP_LANG in qp:
        out["lang"] = qp[QP_LANG]
    # validate against what the database holds
    counties = options["counties"]
    if out.get("county") not in counties:
        # a single county is chosen for the user, unless they chose "all" themselves
        chose_all = "county" in shadow and shadow["county"] is None
        out["county"] = counties[0] if len(counties) == 1 and not chose_all else None
    years = options["years"]
    if years:
        lo, hi = out.get("years") or (years[0], years[-1])
        lo, hi = min(lo, hi), max(lo, hi)
        lo = min(max(lo, years[0]), years[-1])
        hi = min(max(hi, years[0]), years[-1])
        out["years"] = (lo, hi)
    else:
        out["years"] = None
    out["levels"] = tuple(v for v in out.get("levels", ()) if v in options["levels"])
    out["lang"] = out.get("lang") if out.get("lang") in LANGS else "zh"
    return out


def supervision_xlsx(db: str, county, years, lang: str) -> bytes:
    """The 督办清单 workbook: a sheet with every body's findings, then one sheet per body,
    each row a finding or a missing/late filing with its evidence and where it stands.
    Text is neutralised against formula injection (lib.export.neutralise)."""
    import io
    import re

    import pandas as pd

    from lib import export

    if hasattr(export, "supervision_xlsx"):
        return export.supervision_xlsx(db, county=county, years=years, lang=lang)
    df = export.extract(db, "supervision", county=county, years=years, lang=lang)
    body_col = t("col.body", lang)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        export.neutralise(df).to_excel(xw, sheet_name=t("common.all", lang)[:31], index=False)
        if body_col in df.columns:
            used: set[str] = set()
            for body, part in df.groupby(body_col, sort=True):
                name = re.sub(r"[\[\]:*?/\\]", "_", str(body))[:28] or "_"
                while name in used:
                    name += "_"
                used.add(name)
                export.neutralise(part).to_excel(xw, sheet_name=name, index=False)
    return buf.getvalue()


def preview(files: list[tuple[str, bytes]]) -> list[dict]:
    """Parse uploaded files without storing them: per file its report summary or the reason."""
    from lib.ingest import preview_files

    out = []
    for r in preview_files(files):
        if isinstance(r, GongkaiError):
            out.append({"file": r.file, "ok": False, "error": r.reason})
        elif isinstance(r, Exception):
            out.append({"file": "?", "ok": False, "error": str(r)})
        else:
            out.append(
                {
                    "file": r.file,
                    "ok": True,
                    "body": r.body,
                    "year": r.year,
                    "template": r.template,
                    "findings": [f.to_json() for f in r.findings],
                }
            )
    return out


def ingest_uploads(files: list[tuple[str, bytes]], user: str, on_file=None, on_wait=None) -> dict:
    """Load uploaded files (and zips) into the warehouse as `user`, published once for the
    whole batch: counts and failures. Callbacks as lib.ingest.ingest_files."""
    from lib.ingest import ingest_files

    summary = ingest_files(files, db_path(), user=user, on_file=on_file, on_wait=on_wait)
    return {
        "counts": dict(summary.counts),
        "failures": [(f.file, f.reason) for f in summary.failures],
    }


def scan_crop(db: str, report_id: int, where: str) -> bytes | None:
    """The picture of a number read from a scan (PNG), cut from the stored original."""
    from lib import store
    from lib.read.ocr import crop, parse_where

    if parse_where(where) is None:
        return None
    src = store.report_source(db, int(report_id))
    return crop(src[1], where) if src else None


def source_excerpt(db: str, report_id: int, where: str) -> tuple[list[str], int] | None:
    """The row of the stored original a number was read from (lib.read.excerpt); not for a
    scan (its picture is shown instead) or a computed cell."""
    from lib import store
    from lib.errors import GongkaiError
    from lib.read import read_document
    from lib.read.excerpt import excerpt
    from lib.read.ocr import parse_where

    if not where or where.startswith("derived") or parse_where(where) is not None:
        return None
    src = store.report_source(db, int(report_id))
    if not src:
        return None
    try:
        return excerpt(read_document(None, data=src[1], name=src[0]), where)
    except GongkaiError:
        return None


def _nan(v) -> bool:
    from lib.i18n import is_missing

    return is_missing(v)


def picked(event, fields: tuple[str, ...]) -> dict | None:
    """The point picked in a chart (st.altair_chart(on_select="rerun")), or None."""
    from lib.charts import PICK

    try:
        points = event.selection.get(PICK) or []
    except AttributeError:
        points = []
    if not points:
        return None
    p = points[0]
    return {f: p.get(f) for f in fields if f in p} or None


def kpi(col, ctx: Ctx, mt, metric: str, year: int) -> None:
    """A KPI card in column `col`: the county figure in `year` and its change from the year
    before."""
    from lib.analytics.metrics import METRIC, definition, label
    from lib.i18n import fmt_delta, fmt_value
    from lib.ui import frames

    m = METRIC[metric]
    k = frames.kpi(mt, metric, year)
    pct = m.unit == "%"
    delta = None if k["change"] is None or _nan(k["change"]) else fmt_delta(k["change"], pct=pct)
    color = {True: "normal", False: "inverse", None: "off"}[m.higher_is_better]
    help_text = definition(metric, ctx.lang)
    if m.is_rate and not _nan(k["den"]):
        help_text += f" ({fmt_value(k['num'])} / {fmt_value(k['den'])})"
    col.metric(label(metric, ctx.lang), fmt_value(k["value"], m.unit), delta=delta,
               delta_color=color, help=help_text)  # fmt: skip
