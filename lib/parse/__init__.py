"""Document → canonical Report, mapping every number by its label, not its position.

`parse_document(doc)` raises ParseError when the document is no annual report;
`parse_file(path, data, name)` reads, parses and runs the per-report rules (R1–R4, R7).
"""

from __future__ import annotations

import os

from lib.document import Document
from lib.errors import ParseError
from lib.parse.crawl import reline
from lib.parse.meta import body_of, published_of, title_of, year_of
from lib.parse.runs import run_finding, split_cells
from lib.parse.section2 import cell_values, grid_values, parse_s2, template_of
from lib.parse.section3 import parse_s3
from lib.parse.section4 import parse_s4
from lib.parse.sections import Item, items_of, split_sections
from lib.parse.values import Value, wan, yuan
from lib.report import Finding, Report
from lib.template import KEYS, S2, S3_COLUMNS, key_label, template_keys

__all__ = ["parse_document", "parse_file"]

_S3_START = ("本年新收", "申请人情况", "自然人")
_S2_WORDS = ("第二十条", "信息内容")


def _fallback_zones(items: list[Item], zones: dict[str, list[Item]]) -> None:
    """Place the tables by their labels when the headings are missing or misnumbered."""
    s3 = zones.get("s3") or []
    if s3 and not any(i.has_digit() for i in zones.get("s4", [])):
        # No section IV heading: its table follows the 结转下年度 row inside zone III.
        end = next((k for k, i in enumerate(s3) if "结转下年度" in i.label), None)
        if end is not None and any(i.has_digit() for i in s3[end + 1 :]):
            zones["s4"] = s3[end + 1 :]
            zones["s3"] = s3 = s3[: end + 1]
    if not any("本年新收" in i.label or "予以公开" in i.label for i in s3):
        start = next((k for k, i in enumerate(items) if any(w in i.label for w in _S3_START)), None)
        if start is None:
            return
        end = next(
            (k for k in range(start, len(items)) if "结转下年度" in items[k].label),
            len(items) - 1,
        )
        zones["s3"] = items[start : end + 1]
        taken = {id(i) for i in zones["s3"]}
        for z in ("s1", "s2", "s4"):  # the table is no longer part of the zone it sat in
            if z in zones:
                zones[z] = [i for i in zones[z] if id(i) not in taken]
        if not any(any(w in i.label for w in _S2_WORDS) for i in zones.get("s2", [])):
            s2_start = next(
                (k for k, i in enumerate(items[:start]) if any(w in i.label for w in _S2_WORDS)),
                None,
            )
            if s2_start is not None:
                zones["s2"] = items[s2_start:start]
        if not any(i.has_digit() for i in zones.get("s4", [])):
            after = []
            for i in items[end + 1 :]:
                if "存在的主要问题" in i.label or "需要报告" in i.label:
                    break
                after.append(i)
            zones["s4"] = after


def parse_document(doc: Document) -> Report:
    original, relined = doc, reline(doc)
    doc = relined or doc
    items = items_of(doc)
    if relined is not None:
        for it in items:
            it.run = not it.table
    zones, pre, _heads = split_sections(items)
    _fallback_zones(items, zones)
    s3items = zones.get("s3") or []
    s3 = parse_s3(s3items)
    if not s3.rows:
        reason = "not an annual report: no section 三 table found"
        if doc.meta.get("image_pages"):
            from lib.read.ocr import INSTALL

            reason += f" (page(s) {doc.meta['image_pages']} hold only images: {INSTALL})"
        raise ParseError(doc.file, reason)
    s2 = parse_s2(zones.get("s2") or [])
    s4cells, s4notes = parse_s4(zones.get("s4") or [])

    rows = set(s3.rows)
    three = bool(rows & {"other_no_correction", "other_no_fee", "other_misc"})
    template = template_of(s2) or ("2021" if three else "2019")
    single_other = template == "2021" and not three

    rep = Report(
        file=doc.file,
        body="",
        year=None,
        template=template,
        format=doc.format,
        encoding=doc.encoding,
        sha256=doc.sha256,
        single_other=single_other,
    )
    keys = template_keys(template, single_other)
    found: dict[str, tuple[Value, str]] = {}
    # ---- section II
    groups = {r.code: g for g in S2[template] for r in g.rows}
    for code, it in s2.rows:
        g = groups.get(code)
        if g is None:
            rep.extra_rows.append(_extra(2, it, "row of the other template"))
            continue
        cols = g.columns
        vals = grid_values(it, cols) or cell_values(it)
        if it.run and len(vals) != len(cols):
            vals = _run_cells(it, cols, code, rep)
        if len(vals) > len(cols):
            lead = vals[: len(vals) - len(cols)]
            vals = (
                vals[len(vals) - len(cols) :]
                if all(v.blank for v, _ in lead)
                else vals[: len(cols)]
            )
        for c, (v, w) in zip(cols, vals):
            key = f"s2.{code}.{c.code}"
            if key in found:
                continue
            if c.code == "amount":
                num, unit = yuan(v, s2.amount_unit)
                rep.units[key] = unit
                v = Value(num, v.blank, v.unit, v.text)
            elif c.code == "amount_wan":
                num, unit = wan(v, s2.fees_unit)
                rep.units[key] = unit
                v = Value(num, v.blank, v.unit, v.text)
            found[key] = (v, w)
    for it in s2.extra:
        rep.extra_rows.append(_extra(2, it, "row not in the template"))
    # ---- section III
    for k, v in s3.cells.items():
        found[k] = (v, s3.where[k])
    # ---- section IV
    found.update(s4cells)

    for key in keys:
        if key in found:
            v, w = found[key]
            rep.cells[key] = v.num
            if v.blank:
                rep.blank.add(key)
            if w:
                rep.provenance[key] = w
        else:
            rep.cells[key] = 0.0
            rep.blank.add(key)
    if template == "2021" and not single_other:
        for col in S3_COLUMNS:
            parts = [
                f"s3.{r}.{col.code}" for r in ("other_no_correction", "other_no_fee", "other_misc")
            ]
            key = f"s3.other.{col.code}"
            rep.cells[key] = sum(rep.cells[p] for p in parts)
            rep.derived.add(key)
            rep.blank.discard(key)
            if all(p in rep.blank for p in parts):
                rep.blank.add(key)
            rep.provenance[key] = "derived: sum of （六） rows 1-3"
    elif template == "2019" and three:
        # 2019 section II with 2021 （六） rows: keep the single row as their sum.
        for col in S3_COLUMNS:
            parts = [
                f"s3.{r}.{col.code}" for r in ("other_no_correction", "other_no_fee", "other_misc")
            ]
            key = f"s3.other.{col.code}"
            rep.cells[key] = sum(s3.cells[p].num for p in parts if p in s3.cells)
            rep.blank.discard(key)
            rep.derived.add(key)

    # ---- notes → findings
    split = [row for kind, row, _d in s3.notes if kind == "resplit"]
    if relined is not None and split:  # crawler text: every row ran together; one note
        rep.findings.append(
            Finding(
                "MISREAD",
                split,
                None,
                None,
                "info",
                f"第三部分有 {len(split)} 行的数字连在一起（网页转存丢了单元格分隔），"
                "均按总计关系唯一拆分",
                f"section III: the numbers of {len(split)} rows ran together (the page lost its "
                "cell separators); each split the one way its row adds up",
            )
        )
    for kind, row, detail in s3.notes:
        if kind == "resplit" and relined is not None:
            continue
        if kind == "glued":
            before, after, dropped = detail
            rep.findings.append(
                Finding(
                    "MISREAD",
                    [row],
                    after,
                    before,
                    "info",
                    f"{_label(row)}：读出 {before:g}，末尾 {dropped} 疑为粘连的页码，按 {after:g} 记录",
                    f"{_label(row, 'en')}: read {before:g}; trailing {dropped} looks like a glued "
                    "page number, "
                    f"recorded {after:g}",
                )
            )
        elif kind == "resplit":
            got, used = detail
            rep.findings.append(
                Finding(
                    "MISREAD",
                    [row],
                    None,
                    None,
                    "info",
                    f"第三部分一行读到 {' '.join(got)}（{len(got)} 个数，应为 7 个），"
                    f"按总计关系读作 {' '.join(f'{x:g}' for x in used)}",
                    f"section III row read as {' '.join(got)} ({len(got)} numbers where 7 "
                    f"belong); read as {' '.join(f'{x:g}' for x in used)} so that the row adds up",
                )
            )
        elif kind == "run":
            got, n = detail
            keys = [f"s3.{row}.{c.code}" for c in S3_COLUMNS]
            rep.findings.append(
                run_finding(
                    keys, got, n, f"第三部分“{_row(row)}”行", f"section III row {_row(row, 'en')}"
                )
            )
        elif kind == "columns":
            rep.findings.append(
                Finding(
                    "LAYOUT",
                    [f"s3.{row}.total"],
                    7,
                    len(detail),
                    "warning",
                    f"第三部分“{_row(row)}”行读到 {len(detail)} 个数，应为 7 个，已按顺序填入",
                    f"section III row {_row(row, 'en')}: {len(detail)} numbers where 7 are "
                    "expected; "
                    "filled left to right",
                )
            )
    for n in s4notes:
        if isinstance(n, Finding):
            rep.findings.append(n)
        else:
            rep.findings.append(Finding("LAYOUT", [], 15, None, "warning", "第四部分：" + n, n))
    for er in rep.extra_rows:
        rep.findings.append(
            Finding(
                "EXTRA_ROW",
                [],
                None,
                None,
                "info",
                f"第{'二' if er['section'] == 2 else '三'}部分有模板之外的行“{er['label']}”，已单独保留",
                f"section {er['section']} has a row not in the template ({er['label']}); kept as extra",
            )
        )
    for key, unit in rep.units.items():
        if unit == "unknown" and rep.cells.get(key):
            rep.findings.append(
                Finding(
                    "UNIT",
                    [key],
                    None,
                    rep.cells[key],
                    "info",
                    f"{_label(key)}未写明单位（元或万元），按原数 {rep.cells[key]:g} 记录",
                    f"{_label(key, 'en')}: no unit (元/万元) written; kept as given "
                    f"({rep.cells[key]:g})",
                )
            )

    # ---- metadata
    title = title_of(doc, pre)
    full = doc.text()
    head = full[:3000]
    rep.title = title
    rep.year = year_of(title, head, doc.file)
    lines = [ln for ln in full.split("\n") if ln.strip()]
    rep.body = body_of(title, head, [ln.strip() for ln in lines[-12:]])
    rep.published = published_of(doc, lines)
    for sec in ("s1", "s5", "s6", "s7"):
        if sec in zones:
            rep.prose[sec] = "\n".join(
                " ".join([i.raw, *i.values]).strip() for i in zones[sec] if not i.table
            )
    rep.full_text = original.text() if relined is not None else full
    return rep


def _extra(section: int, it: Item, why: str) -> dict:
    return {
        "section": section,
        "label": it.raw,
        "values": list(it.values),
        "where": it.where,
        "note": why,
    }


_label = key_label


def _run_cells(it: Item, cols, code: str, rep: Report) -> list[tuple[Value, str]]:
    """A section II row of crawler text with its cells run together: the one cut into the
    row's columns, else every cell unknown with a finding quoting the run."""
    runs = [v.strip() for v in it.values]
    found = split_cells(runs, len(cols)) or []
    w = it.wheres[0] if it.wheres else it.where
    if len(found) == 1:
        return [(Value(x, False, None, f"{x:g}"), w) for x in found[0]]
    keys = [f"s2.{code}.{c.code}" for c in cols]
    k = KEYS[keys[0]]
    rep.findings.append(
        run_finding(keys, runs, len(found), f"第二部分“{k.row_zh}”行", f"section II row {k.row_en}")
    )
    return [(Value(0.0, True, None, ""), w) for _ in cols]


def _row(row: str, lang: str = "zh") -> str:
    k = KEYS.get(f"s3.{row}.total")
    return (k.row_en if lang == "en" else k.row_zh) if k else row


def parse_file(
    path: str | os.PathLike | None, data: bytes | None = None, name: str | None = None
) -> Report:
    """Read, parse and check one file. Raises ReadError / ParseError (lib.errors)."""
    from lib.check.rules import check_report
    from lib.parse.ocr_checks import ocr_findings
    from lib.read import read_document

    doc = read_document(path, data=data, name=name)
    rep = parse_document(doc)
    rep.findings = check_report(rep) + rep.findings
    rep.findings += ocr_findings(rep, doc)
    return rep
