"""UI strings looked up (the table itself: lib.strings) and number formatting for people.

`t(key, lang)` looks a string up; `{name}` placeholders are filled from keyword arguments.
Labels of canonical keys and metrics come from lib.template / lib.analytics.metrics, not from here.
"""

from __future__ import annotations

import math
from numbers import Number

from lib.markup import md_escape
from lib.strings import STRINGS

LANGS = ("zh", "en")
MISSING = "—"


def t_md(key: str, lang: str = "zh", **kwargs) -> str:
    """`t` for text that Streamlit renders as Markdown: every text parameter is escaped."""
    return t(key, lang, **{k: md_escape(v) if isinstance(v, str) else v
                           for k, v in kwargs.items()})  # fmt: skip


def t(key: str, lang: str = "zh", **kwargs) -> str:
    """The string `key` in `lang` ("zh" default); unknown keys show as the key itself."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text


def is_missing(v) -> bool:
    """None, NaN, pandas NA/NaT (checked without importing pandas)."""
    if v is None or type(v).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(v, Number):
        try:
            return math.isnan(float(v))
        except (TypeError, ValueError):
            return False
    return False


def fmt_int(v) -> str:
    """1234 -> "1,234"; None/NaN -> "—". Non-whole numbers keep up to two decimals."""
    if is_missing(v):
        return MISSING
    f = float(v)
    if f.is_integer():
        return f"{int(f):,}"
    return f"{f:,.2f}".rstrip("0").rstrip(".")


def fmt_pct(v, digits: int = 1) -> str:
    """A share as a fraction (0.123) -> "12.3%"; None/NaN -> "—"."""
    if is_missing(v):
        return MISSING
    return f"{float(v) * 100:.{digits}f}%"


def fmt_delta(v, pct: bool = False) -> str:
    """A signed change: +12 / −3 / +1.5 pp; None/NaN -> "—"."""
    if is_missing(v):
        return MISSING
    f = float(v)
    if pct:
        return f"{f * 100:+.1f} pp"
    return ("+" if f > 0 else "") + fmt_int(f)


def fmt_value(v, unit: str = "count") -> str:
    """Format by a metric's unit: "%" shares as percentages, everything else as numbers."""
    if unit in ("%", "pct", "share", "rate"):
        return fmt_pct(v)
    return fmt_int(v)


def level_label(code: str | None, lang: str = "zh") -> str:
    if not code:
        return MISSING
    return t(f"level.{code}", lang) if f"level.{code}" in STRINGS else str(code)


def column_names(cols, lang: str = "zh") -> dict[str, str]:
    """Map data column names to display names where i18n knows them (`col.<name>`)."""
    return {c: t(f"col.{c}", lang) for c in cols if f"col.{c}" in STRINGS}


def cell_names(keys, lang: str) -> str:
    """A finding's keys for people: cell labels, section names; never an internal key."""
    from lib.template import KEYS, SECTIONS, key_label

    sections = {
        f"prose.{c}": (f"{num}、{zh}" if lang != "en" else en) for c, num, zh, en in SECTIONS
    }
    out: list[str] = []
    raw = "" if keys is None or (isinstance(keys, float) and keys != keys) else str(keys)
    for k in (x.strip() for x in raw.split(",")):
        if k in KEYS:
            name = key_label(k, lang)
        elif k in sections:
            name = sections[k]
        elif k.startswith("report:"):
            name = t("quality.other_report", lang)
        else:  # quotes ride along in the message; anything else is no place to show
            continue
        if name not in out:
            out.append(name)
    return "；".join(out) if lang != "en" else "; ".join(out)
