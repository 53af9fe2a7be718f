"""Consistency rules R1–R7 (see lib.template.RULES) → Findings a supervisor can read.

check_report: R1–R4 and R7 on one report. check_years: R5 and R6 over one body's reports.
Blank is not zero: a blank total beside filled parts is "total not given" (BLANK_TOTAL), not a
mismatch.
"""

from __future__ import annotations

from functools import lru_cache

from lib.report import Finding, Report
from lib.template import AMOUNT, KEYS, S3_COLUMNS, S3_ROW, S4_GROUPS, SIGNED, s3_outcome_rows

_EPS = 1e-6
_COL_ZH = {c.code: c.zh for c in S3_COLUMNS}
_COL_EN = {c.code: c.en for c in S3_COLUMNS}


def _g(cells: dict, k: str) -> float:
    return float(cells.get(k, 0) or 0)


# Key names are built once per row/column rather than per report (the rules run per file).
@lru_cache(maxsize=4096)
def _s3_row(key: str) -> str | None:
    return key.split(".")[1] if key.startswith("s3.") else None


@lru_cache(maxsize=1024)
def _row_parts(row: str) -> tuple[str, ...]:
    return tuple(f"s3.{row}.{col.code}" for col in S3_COLUMNS if col.code != "total")


@lru_cache(maxsize=64)
def _col_parts(outcome: tuple[str, ...], col: str) -> tuple[str, ...]:
    return tuple(f"s3.{r}.{col}" for r in outcome)


_outcome_rows = lru_cache(maxsize=16)(s3_outcome_rows)


def _fmt(x: float) -> str:
    return f"{x:g}" if not float(x).is_integer() else str(int(x))


def _blank_total(total_key: str, parts: list[str], rep: Report, where_zh: str, where_en: str):
    """A blank total beside filled parts: the total was not given (a finding of its own)."""
    if total_key in rep.blank and any(p not in rep.blank and _g(rep.cells, p) != 0 for p in parts):
        s = sum(_g(rep.cells, p) for p in parts)
        return Finding(
            "BLANK_TOTAL",
            [total_key],
            s,
            None,
            "warning",
            f"{where_zh}：总计未填写（各项之和为 {_fmt(s)}）",
            f"{where_en}: total not given (the parts add up to {_fmt(s)})",
        )
    return None


def _row_total_missing(total_key: str, rep: Report) -> bool:
    """A section-III row total left blank while the row's other cells hold numbers."""
    if total_key not in rep.blank:
        return False
    return any(
        k not in rep.blank and _g(rep.cells, k) != 0 for k in _row_parts(total_key.split(".")[1])
    )


def _sum_rule(rep, rule, total_key, parts, where, mismatch, skip_compare=False):
    """One "total == sum of its parts" rule (R2-R4).

    A blank total beside filled parts is BLANK_TOTAL (`where` = (zh, en) names it); otherwise a
    difference is a `rule` error worded by `mismatch(total, sum) -> (zh, en)`.
    """
    if total_key in rep.blank:
        bt = _blank_total(total_key, parts, rep, *where)
        if bt:
            return bt
    if skip_compare:
        return None
    s = sum(_g(rep.cells, p) for p in parts)
    t = _g(rep.cells, total_key)
    if abs(s - t) <= _EPS:
        return None
    zh, en = mismatch(t, s)
    return Finding(rule, [total_key, *parts], s, t, "error", zh, en)


def check_report(rep: Report) -> list[Finding]:
    out: list[Finding] = []
    c = rep.cells
    cols = [col.code for col in S3_COLUMNS]
    # R1: new + carried_over == handled_total + carried_forward, per column
    for col in cols:
        a, b = _g(c, f"s3.new.{col}"), _g(c, f"s3.carried_over.{col}")
        h, f = _g(c, f"s3.handled_total.{col}"), _g(c, f"s3.carried_forward.{col}")
        if abs((a + b) - (h + f)) > _EPS:
            keys = [
                f"s3.{r}.{col}" for r in ("new", "carried_over", "handled_total", "carried_forward")
            ]
            blank = [k for k in keys if k in rep.blank]
            if f"s3.handled_total.{col}" in blank or (col == "total" and blank):
                continue  # a total not given: reported as BLANK_TOTAL by R2/R3
            out.append(
                Finding(
                    "R1",
                    keys,
                    a + b,
                    h + f,
                    "error",
                    f"第三部分“{_COL_ZH[col]}”列：本年新收 {_fmt(a)} + 上年结转 {_fmt(b)} ≠ "
                    f"办理结果总计 {_fmt(h)} + 结转下年度 {_fmt(f)}",
                    f"Section III, column {_COL_EN[col]}: new {_fmt(a)} + carried over {_fmt(b)} "
                    f"≠ handled total {_fmt(h)} + carried forward {_fmt(f)}",
                )
            )
    # R2: row total == natural + the five organisation columns
    rows = [r for r in dict.fromkeys(_s3_row(k) for k in c) if r is not None]
    for r in rows:
        tk = f"s3.{r}.total"
        if tk in rep.derived:
            continue
        parts = list(_row_parts(r))
        zh_row = S3_ROW[r].zh if r in S3_ROW else r
        en_row = S3_ROW[r].en if r in S3_ROW else r
        f = _sum_rule(
            rep, "R2", tk, parts, (f"第三部分“{zh_row}”行", f"Section III row {en_row}"),
            lambda t, s, zh_row=zh_row, en_row=en_row: (
                f"第三部分“{zh_row}”行：总计 {_fmt(t)} ≠ 自然人与各类法人或其他组织之和 {_fmt(s)}",
                f"Section III row {en_row}: total {_fmt(t)} ≠ sum of the applicant columns {_fmt(s)}",
            ),
        )  # fmt: skip
        if f:
            out.append(f)
    # R3: handled_total == sum of outcome rows, per column
    outcome = _outcome_rows(rep.template, rep.single_other if rep.template == "2021" else None)
    for col in cols:
        parts = list(_col_parts(outcome, col))
        tk = f"s3.handled_total.{col}"
        f = _sum_rule(
            rep, "R3", tk, parts,
            (f"第三部分“{_COL_ZH[col]}”列办理结果", f"Section III column {_COL_EN[col]}"),
            lambda t, s, col=col: (
                f"第三部分“{_COL_ZH[col]}”列：办理结果总计 {_fmt(t)} ≠ 各项办理结果之和 {_fmt(s)}",
                f"Section III, column {_COL_EN[col]}: handled total {_fmt(t)} ≠ sum of outcomes {_fmt(s)}",
            ),
            # row totals not given: each is reported as BLANK_TOTAL by R2
            skip_compare=col == "total" and any(_row_total_missing(p, rep) for p in parts),
        )  # fmt: skip
        if f:
            out.append(f)
    # R4: section IV totals
    for g in S4_GROUPS:
        parts = [f"s4.{g.code}_{o}" for o in ("upheld", "corrected", "other", "pending")]
        vals = " + ".join(_fmt(_g(c, p)) for p in parts)
        f = _sum_rule(
            rep, "R4", f"s4.{g.code}_total", parts, (f"第四部分“{g.zh}”", f"Section IV {g.en}"),
            lambda t, s, g=g, vals=vals: (
                f"第四部分“{g.zh}”：总计 {_fmt(t)} ≠ 维持、纠正、其他、尚未审结之和 {vals} = {_fmt(s)}",
                f"Section IV {g.en}: total {_fmt(t)} ≠ upheld + corrected + other + pending "
                f"{vals} = {_fmt(s)}",
            ),
        )  # fmt: skip
        if f:
            out.append(f)
    # R7: whole numbers >= 0 (change may be negative, amounts may have decimals)
    for k, v in c.items():
        if type(v) is float and v >= 0 and v.is_integer():
            continue  # valid whatever the key's kind (the common case: skip the lookups)
        meta = KEYS.get(k)
        if meta is None or k in rep.derived:
            continue
        v = float(v)
        bad = None
        if meta.kind == AMOUNT:
            if v < 0:
                bad = "negative amount"
        elif meta.kind == SIGNED:
            if not v.is_integer():
                bad = "not a whole number"
        elif v < 0 or not v.is_integer():
            bad = "negative" if v < 0 else "not a whole number"
        if bad:
            out.append(
                Finding(
                    "R7",
                    [k],
                    None,
                    v,
                    "error",
                    f"{meta.label_zh}：{_fmt(v)} 不是非负整数",
                    f"{meta.label_en}: {_fmt(v)} is {bad}",
                )
            )
    return out


def check_years(series: list[dict]) -> list[Finding]:
    """R5/R6 warnings over one body's reports: dicts with year, template, cells (and blank)."""
    out: list[Finding] = []
    by_year = {}
    for r in series:
        if r.get("year") is not None:
            by_year[int(r["year"])] = r
    for y in sorted(by_year):
        prev = by_year.get(y - 1)
        if prev is None:
            continue
        cur = by_year[y]
        pc, cc = prev.get("cells", {}), cur.get("cells", {})
        for col in S3_COLUMNS:
            fk, ck = f"s3.carried_forward.{col.code}", f"s3.carried_over.{col.code}"
            if fk not in pc or ck not in cc:
                continue
            a, b = float(pc[fk] or 0), float(cc[ck] or 0)
            if abs(a - b) > _EPS:
                out.append(
                    Finding(
                        "R5",
                        [ck],  # the cell of this year; last year's is in the message, not marked
                        a,
                        b,
                        "warning",
                        f"{y}年“上年结转”（{col.zh}）为 {_fmt(b)}，但{y - 1}年报告“结转下年度继续办理”为 {_fmt(a)}",
                        f"{y} carried over ({col.en}) is {_fmt(b)}, but the {y - 1} report carried "
                        f"forward {_fmt(a)}",
                    )
                )
        if str(cur.get("template")) == "2021" and str(prev.get("template")) == "2021":
            for row, zh, en in (
                ("rules", "规章", "rules"),
                ("normative_docs", "行政规范性文件", "normative documents"),
            ):
                ks = [f"s2.{row}.{c}" for c in ("in_force", "issued", "abolished")]
                if not all(k in cc for k in ks) or ks[0] not in pc:
                    continue
                exp = float(pc[ks[0]] or 0) + float(cc[ks[1]] or 0) - float(cc[ks[2]] or 0)
                act = float(cc[ks[0]] or 0)
                if abs(exp - act) > _EPS:
                    out.append(
                        Finding(
                            "R6",
                            ks,
                            exp,
                            act,
                            "warning",
                            f"{y}年{zh}现行有效件数 {_fmt(act)} ≠ 上年 {_fmt(float(pc[ks[0]] or 0))} + 本年制发 "
                            f"{_fmt(float(cc[ks[1]] or 0))} − 本年废止 {_fmt(float(cc[ks[2]] or 0))} = {_fmt(exp)}",
                            f"{y} {en} in force {_fmt(act)} ≠ last year's {_fmt(float(pc[ks[0]] or 0))} + "
                            f"issued {_fmt(float(cc[ks[1]] or 0))} − abolished {_fmt(float(cc[ks[2]] or 0))} = {_fmt(exp)}",
                        )
                    )
    return out
