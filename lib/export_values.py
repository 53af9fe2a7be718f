"""Extract values for people, in the extract's language: level names instead of codes, 是/否
instead of True/False, severities and check names in words, cells by their labels, whole
numbers written as integers (FLOAT_FORMAT); metric columns named by their labels, rates as percentages (numbers, the
header says "%"), numerators and denominators named as such.

Analysts who want codes and fractions use the warehouse itself (DuckDB or `export --parquet`).
"""

from __future__ import annotations

import pandas as pd

from lib.analytics.metrics import METRIC, label
from lib.check.catalog import check_of
from lib.i18n import cell_names, level_label, t

BOOL_COLS = ("blank", "corrected", "derived", "current")
FLOAT_FORMAT = "%.15g"  # 3.0 → "3", 1.25 → "1.25", 0.1 → "0.1" (no binary noise)
ORIGINS = ("parse", "prose", "years", "similarity")


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NA


def people(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Codes and flags of any extract in words of `lang`. Numbers keep their type (an amount
    may have decimals); the files write whole numbers without ".0" (FLOAT_FORMAT)."""
    out = df.copy()
    if "level" in out:
        out["level"] = [v if _missing(v) else level_label(str(v), lang) for v in out["level"]]
    yes, no = t("common.yes", lang), t("common.no", lang)
    for c in BOOL_COLS:
        if c in out:
            out[c] = ["" if _missing(v) else yes if v else no for v in out[c]]
    if "severity" in out:
        out["severity"] = [t(f"severity.{s}", lang) for s in out["severity"]]
    if "rule" in out:
        out.insert(list(out.columns).index("rule") + 1, "check",
                   [check_of(str(r)).name(lang) for r in out["rule"]])  # fmt: skip
    if "keys" in out:
        out["keys"] = [cell_names(k, lang) for k in out["keys"]]
    return out


def findings_origin(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A finding's `source` is the check stage that found it, not a file: say so."""
    if "source" not in df:
        return df
    names = [t(f"origin.{s}", lang) if s in ORIGINS else s for s in df["source"]]
    return df.drop(columns=["source"]).assign(origin=names)


def metric_columns(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The metric table for people: a rate as a percentage under "<label> (%)", its
    numerator and denominator named."""
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        base, _, part = c.rpartition("_")
        if c in METRIC:
            m = METRIC[c]
            pct = m.unit == "%"
            name = label(c, lang) + (" (%)" if pct else "")
            # rounded for reading; the exact fraction is numerator / denominator beside it
            out[name] = (df[c] * 100).round(2) if pct else df[c].round(4) if m.is_rate else df[c]
        elif part in ("num", "den") and base in METRIC:
            out[t(f"export.{part}", lang, metric=label(base, lang))] = df[c]
        else:
            out[c] = df[c]
    return people(out, lang)
