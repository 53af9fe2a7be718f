"""Year-over-year 对照 of one body: two of its reports side by side.

- `cell_contrast`: every canonical cell of either year with both values and the change;
  a cell only one template has is kept (the other side is None), never dropped.
- `prose_diff`: the sentences of the later year's prose, each marked as carried over word for
  word, carried over with only its figures changed (the usual boilerplate copy), edited, or
  new; the earlier year's sentences that are gone come after, marked dropped.
- `contrast(db, filters, body, year_a, year_b)`: both, plus the findings of both years, read
  through lib.analytics.queries.
"""

from __future__ import annotations

import difflib
import math
import re

import pandas as pd

from lib.analytics import queries
from lib.check.prose import sentences
from lib.template import KEYS, template_keys

SAME, FIGURES, EDITED, NEW, DROPPED = "same", "figures", "edited", "new", "dropped"
STATUSES = (SAME, FIGURES, EDITED, NEW, DROPPED)
# an edited sentence keeps at least this share of its characters (difflib ratio); below it
# the sentence is new. Chosen on the sample county's prose: rewrites of one clause stay above.
EDITED_RATIO = 0.6
PROSE_SECTIONS = ("s1", "s5", "s6", "s7")
_DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
CONTRAST_COLS = ("key", "section", "a", "b", "delta", "changed")


def _number(v) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def cell_contrast(cells_a: pd.DataFrame, cells_b: pd.DataFrame, template_b: str = "2021"):
    """key, section, a, b, delta (b - a; None unless both are numbers), changed — in the
    later report's template order, then the keys only the earlier one has."""
    va = {k: _number(v) for k, v in zip(cells_a["key"], cells_a["value"])}
    vb = {k: _number(v) for k, v in zip(cells_b["key"], cells_b["value"])}
    present = set(cells_a["key"]) | set(cells_b["key"])
    single = not any(k.startswith("s3.other_misc.") for k in cells_b["key"])
    order = [k for k in template_keys(template_b, single) if k in present]
    seen = set(order)
    order += sorted(k for k in present - seen if k in KEYS) + sorted(present - seen - set(KEYS))
    rows = []
    for k in order:
        a, b = va.get(k), vb.get(k)
        delta = b - a if a is not None and b is not None else None
        rows.append((k, k.split(".", 1)[0], a, b, delta, a != b))
    return pd.DataFrame(rows, columns=list(CONTRAST_COLS))


def _figureless(s: str) -> str:
    return _DIGITS.sub("#", s)


def prose_diff(text_a: str, text_b: str) -> list[tuple[str, str, str | None]]:
    """(status, sentence, the earlier year's counterpart or None) for the later text."""
    sa, sb = sentences(text_a or ""), sentences(text_b or "")
    exact = set(sa)
    shape = {}
    for s in sa:
        shape.setdefault(_figureless(s), s)
    used: set[str] = set()
    out: list[tuple[str, str, str | None]] = []
    for s in sb:
        if s in exact:
            out.append((SAME, s, s))
            used.add(s)
        elif _figureless(s) in shape:
            out.append((FIGURES, s, shape[_figureless(s)]))
            used.add(shape[_figureless(s)])
        else:
            best, ratio = None, 0.0
            for cand in sa:
                m = difflib.SequenceMatcher(None, cand, s, autojunk=False)
                if m.real_quick_ratio() < EDITED_RATIO or m.quick_ratio() < EDITED_RATIO:
                    continue
                r = m.ratio()
                if r > ratio:
                    best, ratio = cand, r
            if best is not None and ratio >= EDITED_RATIO:
                out.append((EDITED, s, best))
                used.add(best)
            else:
                out.append((NEW, s, None))
    out += [(DROPPED, s, None) for s in sa if s not in used]
    return out


def carried_share(diff: list[tuple[str, str, str | None]]) -> float | None:
    """Share of the later text's characters in sentences carried over unchanged or with only
    their figures changed (None for an empty text)."""
    total = sum(len(s) for st, s, _ in diff if st != DROPPED)
    if not total:
        return None
    return sum(len(s) for st, s, _ in diff if st in (SAME, FIGURES)) / total


def contrast(db, filters, body: str, year_a: int, year_b: int) -> dict:
    """Both years' report rows, cells side by side, findings of each, and the prose diff
    per section (with the carried-over share)."""
    base = queries.as_filters(filters)
    f = {"county": base.county, "levels": base.levels, "bodies": (body,)}
    out: dict = {"year_a": int(year_a), "year_b": int(year_b)}
    with queries.session(db) as s:
        reports = queries.report_list(s, f | {"years": (min(year_a, year_b), max(year_a, year_b))})
        reports = reports[reports["year"].isin([year_a, year_b])].set_index("year")
        if year_a not in reports.index or year_b not in reports.index:
            return out | {"missing": [y for y in (year_a, year_b) if y not in reports.index]}
        cells, found, prose = {}, {}, {}
        for y in (year_a, year_b):
            one = f | {"years": (y, y)}
            cells[y] = queries.report_cells(s, one, columns=("key", "value", "blank"))
            found[y] = queries.findings(s, one)
            p = queries.prose(s, int(reports.at[y, "report_id"]))
            prose[y] = dict(zip(p["section"], p["text"]))
    diffs = {
        sec: prose_diff(prose[year_a].get(sec, ""), prose[year_b].get(sec, ""))
        for sec in PROSE_SECTIONS
        if prose[year_a].get(sec) or prose[year_b].get(sec)
    }
    every = [x for d in diffs.values() for x in d]
    return out | {
        "missing": [],
        "reports": reports.reset_index(),
        "cells": cell_contrast(cells[year_a], cells[year_b], str(reports.at[year_b, "template"])),
        "findings": found,
        "prose": diffs,
        "carried": carried_share(every),
    }
