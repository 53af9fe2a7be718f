"""One report on screen (no streamlit here): its tables re-rendered from the stored cells,
cells that break a rule, were corrected or are blank styled, the provenance box of a cell, and
the correction history."""

from __future__ import annotations

import json

import pandas as pd

from lib.i18n import t
from lib.template import S2, S3_COLUMNS, S4_GROUPS, S4_OUTCOMES, s3_rows

FINDING_STYLE = "background-color: #ffc9c9; color: #862e2e; font-weight: 600"
BLANK_STYLE = "background-color: #f1f3f5; color: #868e96; font-style: italic"
CORRECTED_STYLE = "background-color: #d0ebff; color: #1c4f82; font-weight: 600"


def report_styled(values, keys, marked: set, blanks: set, corrected=frozenset()):
    """A report table as a Styler: numbers for people, rule-breaking cells red, corrected
    cells blue, blanks grey."""
    from lib.i18n import fmt_int

    def one(k: str) -> str:
        if k in marked:
            return FINDING_STYLE
        return CORRECTED_STYLE if k in corrected else BLANK_STYLE if k in blanks else ""

    def style(_df):
        return keys.apply(lambda col: col.map(one)).set_axis(values.columns, axis=1)

    return values.style.format(fmt_int).apply(style, axis=None)


def provenance_text(row, name: str, lang: str, fix=None, excerpt=None) -> str:
    """The provenance box of one cell (Markdown, text escaped): value, blank, where it was
    read, the original row as written with the cell read in bold, and its correction."""
    from lib.i18n import fmt_int
    from lib.markup import md_escape

    lines = [f"{md_escape(name)} = **{fmt_int(row['value'])}**"]
    if row.get("blank"):
        lines.append(t("township.blank", lang))
    where = row.get("provenance") or "—"
    lines.append(t("township.provenance_at", lang, where=md_escape(where)))
    if excerpt:
        cells, at = excerpt
        # a merged cell is repeated across the columns it spans: show it once
        keep = [i for i, c in enumerate(cells) if i in (0, at, at + 1) or c != cells[i - 1]]
        shown = [f"**{md_escape(cells[i]) or '∅'}**" if i == at else md_escape(cells[i])
                 for i in keep]  # fmt: skip
        lines.append(t("township.original", lang) + " | ".join(shown))
    if fix is not None:
        lines.append(md_escape(correction_line(fix, lang)))
    return "  \n".join(lines)


def finding_line(f, lang: str) -> str:
    """A finding (a row or dict with rule, message_zh, message_en) as one line: its check's plain
    name, then the message (never the bare code)."""
    from lib.check.catalog import check_of

    return f"{check_of(str(f['rule'])).name(lang)} · {f['message_en' if lang == 'en' else 'message_zh']}"


def correction_line(fix, lang: str) -> str:
    """One corrected cell (a row of lib.analytics.queries.corrections) in words."""
    from lib.i18n import fmt_int

    return t("correct.line", lang, original=fmt_int(fix["original"]), value=fmt_int(fix["value"]),
             user=fix["user_name"], at=str(fix["corrected_at"])[:16], reason=fix["reason"])  # fmt: skip


def corrections_display(hist: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The correction history for people: cell by label, action in words."""
    from lib.template import key_label

    return pd.DataFrame(
        {
            "corrected_at": hist["corrected_at"],
            "user_name": hist["user_name"],
            "year": hist["year"],
            "cells": [key_label(k, lang) for k in hist["key"]],
            "fix_kind": [t(f"correct.kind.{k}", lang) for k in hist["kind"]],
            "original": hist["original"],
            "previous": hist["previous"],
            "value": hist["value"],
            "reason": hist["reason"],
        }
    )


def _cell_maps(cells: pd.DataFrame) -> tuple[dict, dict, dict]:
    value = dict(zip(cells["key"], cells["value"]))
    blank = dict(zip(cells["key"], cells["blank"])) if "blank" in cells else {}
    prov = dict(zip(cells["key"], cells["provenance"])) if "provenance" in cells else {}
    return value, blank, prov


def finding_keys(findings: pd.DataFrame) -> dict[str, list[int]]:
    """Canonical key -> positions of the findings that name it."""
    out: dict[str, list[int]] = {}
    for i, raw in enumerate(findings.get("keys", pd.Series(dtype=str))):
        if raw is None or (isinstance(raw, float) and raw != raw):  # no keys (NaN)
            continue
        try:
            keys = json.loads(raw) if isinstance(raw, str) else list(raw or [])
        except (ValueError, TypeError):
            keys = [k.strip() for k in str(raw).split(",") if k.strip()]
        for k in keys:
            out.setdefault(str(k), []).append(i)
    return out


def report_tables(
    cells: pd.DataFrame, template: str, lang: str, single_other: bool | None = None
) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Sections II (one table per 第二十条 item: "s2.1", "s2.5", …), III and IV as in the
    report's template: {name: (values, keys)}.

    `values` holds the stored numbers (None where the report has no such cell), `keys` the
    canonical key of each cell (same shape) so the page can mark findings and show provenance.
    """
    value, _blank, _prov = _cell_maps(cells)
    zh = lang != "en"
    out: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
    tpl = template if template in S2 else "2021"
    for g in S2[tpl]:
        index = [r.zh if zh else r.en for r in g.rows]
        cols = [c.zh if zh else c.en for c in g.columns]
        vals = [[value.get(f"s2.{r.code}.{c.code}") for c in g.columns] for r in g.rows]
        ks = [[f"s2.{r.code}.{c.code}" for c in g.columns] for r in g.rows]
        out[f"s2.{g.code}"] = (
            pd.DataFrame(vals, index=index, columns=cols),
            pd.DataFrame(ks, index=index, columns=cols),
        )
    if single_other is None:
        single_other = not any(k.startswith("s3.other_misc.") for k in value)
    r3 = s3_rows(tpl, single_other)
    vals = [[value.get(f"s3.{r.code}.{c.code}") for c in S3_COLUMNS] for r in r3]
    ks = [[f"s3.{r.code}.{c.code}" for c in S3_COLUMNS] for r in r3]
    cols = [c.zh if zh else c.en for c in S3_COLUMNS]
    index = [r.zh if zh else r.en for r in r3]
    out["s3"] = (
        pd.DataFrame(vals, index=index, columns=cols),
        pd.DataFrame(ks, index=index, columns=cols),
    )
    vals4 = [[value.get(f"s4.{g.code}_{c.code}") for c in S4_OUTCOMES] for g in S4_GROUPS]
    ks4 = [[f"s4.{g.code}_{c.code}" for c in S4_OUTCOMES] for g in S4_GROUPS]
    index4 = [g.zh if zh else g.en for g in S4_GROUPS]
    cols4 = [c.zh if zh else c.en for c in S4_OUTCOMES]
    out["s4"] = (
        pd.DataFrame(vals4, index=index4, columns=cols4),
        pd.DataFrame(ks4, index=index4, columns=cols4),
    )
    return out
