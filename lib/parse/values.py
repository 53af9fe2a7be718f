"""Cell text → value. Blank is not zero: an empty/`-`/`—`/`/`/`无` cell is 0 with a blank mark."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Value:
    num: float
    blank: bool = False
    unit: str | None = None  # "元" | "万元" when written in the cell
    text: str = ""  # the cell as written (for messages)


BLANK_MARKS = frozenset(
    {"", "-", "--", "—", "——", "–", "/", "\\", "无", "空", "—/—", "_", "－", "一", "×", "x"}
)
# Only unambiguous blank marks stand as tokens in running text (`无`, `一` are words there).
TOKEN_BLANKS = frozenset({"-", "--", "—", "——", "–", "/", "－"})

_NUM = re.compile(
    r"^([+\-])?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(万元|元|万|件|个|项|条|次|家|人|宗|起)?"
    r"(\(.*\))?$"
)
_WS = re.compile(r"\s+")


def _clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("−", "-").replace("–", "-").replace("﹣", "-").replace("\u00a0", " ")
    return _WS.sub("", t)


@lru_cache(maxsize=65536)
def parse_value(text: str) -> Value | None:
    """A cell's value, or None when the cell is not a number (it is a label).

    `22（其中修订 16 件）` → 22 (the annotation is dropped); `25.1万元` → 25.1 with unit 万元.
    """
    t = _clean(text or "")
    if t in BLANK_MARKS or (text or "").strip() in BLANK_MARKS:
        return Value(0.0, True, None, text or "")
    m = _NUM.match(t)
    if not m:
        return None
    sign, whole, frac, unit, _note = m.groups()
    num = float(whole.replace(",", "") + (frac or ""))
    if sign == "-":
        num = -num
    u = {"万元": "万元", "万": "万元", "元": "元"}.get(unit or "")
    return Value(num, False, u, text)


def is_value(text: str) -> bool:
    return parse_value(text) is not None


@lru_cache(maxsize=65536)
def token_value(tok: str) -> Value | None:
    """A whitespace-separated token of running text (PDF text lines) read as a number.

    Stricter than a cell: no words such as `无`, no annotations.
    """
    t = _clean(tok)
    if t in TOKEN_BLANKS:
        return Value(0.0, True, None, tok)
    if not t or not (t[0].isdigit() or (t[0] in "+-" and len(t) > 1 and t[1].isdigit())):
        return None
    v = parse_value(t)
    if v is None or "(" in t:
        return None
    return v


def yuan(v: Value, header_unit: str | None) -> tuple[float, str]:
    """An amount in yuan and the unit it was written in ("元", "万元" or "unknown")."""
    unit = v.unit or header_unit
    if unit == "万元":
        return round(v.num * 10000, 6), "万元"
    if unit == "元":
        return v.num, "元"
    return v.num, "unknown"


def wan(v: Value, header_unit: str | None = None) -> tuple[float, str]:
    """An amount in 万元 (the 2021 fees column's stated unit); written in 元, it is converted."""
    if (v.unit or header_unit) == "元":
        return round(v.num / 10000, 6), "元"
    return v.num, "万元"
