"""Extracts for people: CSV (UTF-8 with BOM, so Excel shows the Chinese) and XLSX.

The formatting functions take and return DataFrames so that the dashboard's export page uses
the very same code as `python -m lib export`:

- `neutralise(df)`: text cells beginning with = + - @ (or tab / carriage return) get a leading
  apostrophe, so a spreadsheet never runs them as formulas; numbers stay numbers.
- `localise(df, lang)`: Chinese or English column names (lib.i18n); the values are put in
  words of the same language by lib.export_values.
- `csv_bytes(df)`, `xlsx_bytes(df, sheet)`: the files, already neutralised.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from lib.analytics import queries, rectify
from lib.errors import GongkaiError
from lib.export_values import FLOAT_FORMAT, findings_origin, metric_columns, people
from lib.i18n import STRINGS, t

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters XLSX (XML) cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

CELL_COLS = ["report_id", "body", "county", "level", "year", "template", "key", "section",
             "row", "col", "label_zh", "label_en", "value", "blank", "corrected",
             "original"]  # fmt: skip
REPORT_COLS = ["report_id", "body", "county", "level", "year", "template", "format", "source",
               "sha256", "ingested_at", "published", "findings", "errors", "warnings"]  # fmt: skip
FINDING_COLS = ["report_id", "body", "county", "level", "year", "template", "rule", "severity",
                "keys", "expected", "actual", "message_zh", "message_en", "source"]  # fmt: skip


# ---------------------------------------------------------------- formatting (DataFrame in/out)
def neutralise_value(v):
    """One value: text starting like a formula gets a leading apostrophe; others unchanged."""
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return v


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell that could start a formula neutralised (and text column
    names too). Numeric columns are left as numbers: -5 stays the number -5."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = out[c].map(neutralise_value)
    out.columns = [neutralise_value(c) if isinstance(c, str) else c for c in out.columns]
    return out


def localise(df: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Column names in `lang` where lib.i18n has them (`col.<name>`); others kept."""
    names = {c: t(f"col.{c}", lang) for c in df.columns if f"col.{c}" in STRINGS}
    return df.rename(columns=names)


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with BOM, neutralised. CRLF line ends (what Excel writes) also make the
    writer quote any field holding a lone carriage return."""
    return (
        neutralise(df)
        .to_csv(index=False, lineterminator="\r\n", float_format=FLOAT_FORMAT)
        .encode("utf-8-sig")
    )


def xlsx_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
    """An XLSX workbook with one sheet, neutralised (openpyxl would store '=…' as a formula)."""
    clean = neutralise(df)
    for c in clean.columns:
        if clean[c].dtype == object:
            clean[c] = clean[c].map(lambda v: _ILLEGAL_XML.sub("", v) if isinstance(v, str) else v)
    for c in clean.select_dtypes(include=["datetimetz"]).columns:
        clean[c] = clean[c].dt.tz_localize(None)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        clean.to_excel(xw, sheet_name=sheet[:31], index=False)
    return buf.getvalue()


# ---------------------------------------------------------------- extracts
def _filters(county, body, years) -> queries.Filters:
    return queries.Filters(
        county=county or None, years=years or None, bodies=(body,) if body else None
    )


def _one_of(df: pd.DataFrame, zh: str, en: str, name: str, lang: str) -> pd.DataFrame:
    keep = en if lang == "en" else zh
    return df.drop(columns=[c for c in (zh, en) if c != keep]).rename(columns={keep: name})


def _cells_post(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return people(_one_of(df, "label_zh", "label_en", "label", lang), lang)


def _findings_post(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return people(
        findings_origin(_one_of(df, "message_zh", "message_en", "message", lang), lang), lang
    )


def _reports_post(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return people(df, lang)


def cells_frame(db, filters, lang: str = "zh", limit: int | None = None) -> pd.DataFrame:
    df = queries.report_cells(db, filters, columns=CELL_COLS, ordered=True, limit=limit)
    return _cells_post(df, lang)


def reports_frame(db, filters, lang: str = "zh", limit: int | None = None) -> pd.DataFrame:
    return _reports_post(queries.report_list(db, filters, columns=REPORT_COLS, limit=limit), lang)


def findings_frame(db, filters, lang: str = "zh", limit: int | None = None) -> pd.DataFrame:
    df = queries.findings(db, filters, columns=FINDING_COLS, limit=limit)
    return _findings_post(df, lang)


def _analytics(name: str):
    try:
        from lib import analytics
    except ImportError:
        analytics = None
    fn = getattr(analytics, name, None)
    if fn is None:
        raise GongkaiError("export", f"lib.analytics.{name} is not available in this version")
    return fn


def metrics_frame(db, filters, lang: str = "zh", limit: int | None = None) -> pd.DataFrame:
    df = _analytics("metric_table")(db, filters)  # one row per report: small
    return metric_columns(df if limit is None else df.head(limit), lang)


def supervision_frame(db, filters, lang: str = "zh", limit: int | None = None) -> pd.DataFrame:
    df = rectify.supervision_display(rectify.supervision_table(db, filters, lang=lang), lang)
    return df if limit is None else df.head(limit)


STREAM_ROWS = 100_000  # rows per batch of a streamed CSV
# counted without their ORDER BY: DuckDB would sort 40 million cells only to count them
_COUNT_SQL = {
    "cells": lambda f: queries.report_cells_sql(f, columns=["key"]),
    "reports": lambda f: queries.report_list_sql(f, columns=["report_id"]),
    "findings": lambda f: queries.findings_sql(f, columns=["rule"]),
}
# the extracts DuckDB counts and streams: their SQL and the formatting of each batch
_SQL = {
    "cells": (lambda f: queries.report_cells_sql(f, columns=CELL_COLS, ordered=True), _cells_post),
    "reports": (lambda f: queries.report_list_sql(f, columns=REPORT_COLS), _reports_post),
    "findings": (lambda f: queries.findings_sql(f, columns=FINDING_COLS), _findings_post),
}


EXTRACTS = {
    "cells": cells_frame,
    "reports": reports_frame,
    "findings": findings_frame,
    "metrics": metrics_frame,
    "supervision": supervision_frame,
}


def _check(db, what: str) -> None:
    if what not in EXTRACTS:
        raise GongkaiError("export", f"unknown extract {what!r} (one of {', '.join(EXTRACTS)})")
    if not Path(db).exists():
        raise GongkaiError(str(db), "no database (run `python -m lib build-db` or ingest first)")


def extract(db, what: str, county=None, body=None, years=None, lang="zh", limit=None):
    """The extract `what` for the filters, column names in `lang` (its first `limit` rows)."""
    _check(db, what)
    return localise(EXTRACTS[what](db, _filters(county, body, years), lang, limit), lang)


def extract_size(db, what: str, county=None, body=None, years=None) -> int:
    """How many rows the extract has, without building it."""
    _check(db, what)
    f = _filters(county, body, years)
    if what in _COUNT_SQL:
        return queries.count(db, *_COUNT_SQL[what](f))
    return len(EXTRACTS[what](db, f))


def extract_csv(db, what: str, county=None, body=None, years=None, lang="zh") -> bytes:
    """The extract as CSV (as csv_bytes of extract), streamed from DuckDB in batches: the
    rows are never all in a DataFrame at once."""
    _check(db, what)
    if what not in _SQL:  # one row per report: small
        return csv_bytes(extract(db, what, county, body, years, lang))
    sql_of, post = _SQL[what]
    out = io.BytesIO()
    for df in queries.batches(db, *sql_of(_filters(county, body, years)), rows=STREAM_ROWS):
        text = neutralise(localise(post(df, lang), lang)).to_csv(
            index=False, header=not out.tell(), lineterminator="\r\n", float_format=FLOAT_FORMAT
        )
        out.write(text.encode("utf-8-sig" if not out.tell() else "utf-8"))
    if not out.tell():  # no rows: the header alone
        return csv_bytes(extract(db, what, county, body, years, lang, limit=0))
    return out.getvalue()


def export_to_file(
    db, what: str, fmt: str, out, county=None, body=None, years=None, lang: str = "zh"
) -> int:
    """Write the extract to `out` (csv or xlsx). Returns the number of rows written."""
    if fmt == "csv":
        data, n = extract_csv(db, what, county, body, years, lang), None
    elif fmt == "xlsx":
        df = extract(db, what, county, body, years, lang)
        data, n = xlsx_bytes(df, sheet=what), len(df)
    else:
        raise GongkaiError(str(out), f"unknown format {fmt!r} (csv or xlsx)")
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as e:
        raise GongkaiError(str(out), f"cannot write ({e.strerror or e})") from None
    return extract_size(db, what, county, body, years) if n is None else n
