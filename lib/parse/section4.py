"""Section IV (administrative review and litigation): 15 numbers in table order."""

from __future__ import annotations

from lib.parse.runs import run_finding, split_s4
from lib.parse.sections import Item
from lib.parse.text import norm
from lib.parse.values import Value, parse_value, token_value
from lib.template import S4_GROUPS, S4_OUTCOMES

KEYS = tuple(f"s4.{g.code}_{c.code}" for g in S4_GROUPS for c in S4_OUTCOMES)


def _vals(it: Item) -> list[tuple[Value, str]]:
    out = []
    for text, w in zip(it.values, it.wheres):
        v = parse_value(text) if it.table else token_value(text)
        out.append((v if v is not None else Value(0.0, True, None, text), w))
    # Empty cells at the row's ends (an unlabelled first column) are no table cells.
    while len(out) > 15 and out[0][0].blank and not out[0][0].text.strip():
        out.pop(0)
    while len(out) > 15 and out[-1][0].blank and not out[-1][0].text.strip():
        out.pop()
    return out


def _group(lab: str) -> str | None:
    for g in reversed(S4_GROUPS):  # 复议后起诉 names 复议 too: test the lawsuits first
        if any(norm(s) in lab for s in g.stems):
            return g.code
    return None


def parse_s4(items: list[Item]) -> tuple[dict[str, tuple[Value, str]], list]:
    """Cells by key, and notes on what could not be placed (text, or a finding)."""
    groups = [it for it in items if it.has_digit() or (it.table and len(it.values) == 15)]
    runs = [v.strip() for it in groups if it.run for v in it.values if v.strip()]
    if runs and len(runs) != 15:
        return _run_together(runs, next(it for it in groups if it.run))
    notes: list[str] = []
    seq: list[tuple[Value, str]] | None = None
    for it in groups:  # the usual layout: one row of 15
        if len(_vals(it)) == 15:
            seq = _vals(it)
            break
    if seq is None and groups:
        # One row per group (行政复议 0 0 0 0 0 ...): place by the row's label.
        by_group = {}
        for it in groups:
            g = _group(it.label)
            if g and len(it.values) == 5 and g not in by_group:
                by_group[g] = _vals(it)
        if len(by_group) == 3:
            seq = [v for g in S4_GROUPS for v in by_group[g.code]]
    if seq is None and groups:
        allv = [v for it in groups for v in _vals(it)]
        if len(allv) != 15:
            # Lone numbers are page numbers when the rest makes up the table.
            rest = [v for it in groups if len(it.values) > 1 for v in _vals(it)]
            if len(rest) == 15:
                allv = rest
        if len(allv) == 16:  # a stray number (page number): drop the one R4 points to
            fits = [i for i in range(16) if _r4(allv[:i] + allv[i + 1 :])]
            if len(fits) == 1:
                notes.append(f"section IV: 16 numbers; number {fits[0] + 1} dropped (R4)")
                allv = allv[: fits[0]] + allv[fits[0] + 1 :]
        if len(allv) > 15 and len(_vals(groups[0])) >= 15:
            allv = _vals(groups[0])
        if len(allv) != 15:
            notes.append(f"section IV: {len(allv)} numbers found where 15 are expected")
        seq = allv[:15]
    out: dict[str, tuple[Value, str]] = {}
    for i, k in enumerate(KEYS):
        if seq and i < len(seq):
            out[k] = seq[i]
    return out, notes


def _run_together(runs: list[str], it: Item) -> tuple[dict[str, tuple[Value, str]], list]:
    """Crawler text: the 15 numbers ran together. The one reading where every group adds up
    (R4), else all 15 unknown with a finding quoting the run."""
    found = split_s4(runs) or []
    w = it.wheres[0] if it.wheres else it.where
    if len(found) == 1:
        return {k: (Value(x, False, None, f"{x:g}"), w) for k, x in zip(KEYS, found[0])}, []
    blank = {k: (Value(0.0, True, None, ""), w) for k in KEYS}
    return blank, [run_finding(list(KEYS), runs, len(found), "第四部分", "section IV")]


def _r4(seq: list[tuple[Value, str]]) -> bool:
    n = [v.num for v, _ in seq]
    return all(abs(sum(n[g : g + 4]) - n[g + 4]) < 1e-9 for g in (0, 5, 10))
