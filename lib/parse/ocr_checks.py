"""Findings for numbers read from a scan (lib.read.ocr): OCR never guesses silently.

A number read with low confidence, a cell of an OCR'd table left empty (nothing read there),
and a scanned report whose R1–R4 fail each become an OCR finding that names the cell(s) and
where on which page to look.
"""

from __future__ import annotations

from lib.document import Document
from lib.read.ocr import MIN_CONFIDENCE, parse_where
from lib.report import Finding, Report
from lib.template import key_label, template_keys

_TABLE_RULES = ("R1", "R2", "R3", "R4")


_label = key_label


def _where(w: dict) -> tuple[str, str]:
    x0, y0 = w["box"][:2]
    return (f"第 {w['page']} 页（左 {x0:.0%}、上 {y0:.0%} 处）",
            f"page {w['page']} ({x0:.0%} from the left, {y0:.0%} from the top)")  # fmt: skip


def ocr_findings(rep: Report, doc: Document) -> list[Finding]:
    if not doc.meta.get("ocr_pages"):
        return []
    pages = {int(p) for p in doc.meta["ocr_pages"].split(",")}
    out: list[Finding] = []
    for key, value in rep.cells.items():
        w = parse_where(rep.provenance.get(key, ""))
        if w is not None and w["seal"]:
            zh, en = _where(w)
            out.append(Finding(
                "OCR", [key], None, value, "warning",
                f"{_label(key, 'zh')}：扫描件识别为 {value:g}，但数字被印章遮挡，请对照原件{zh}核对",
                f"{_label(key, 'en')}: read from the scan as {value:g}, but a seal covers the "
                f"number; check it against the original at {en}",
            ))  # fmt: skip
        elif w is not None and w["conf"] < MIN_CONFIDENCE:
            zh, en = _where(w)
            out.append(Finding(
                "OCR", [key], None, value, "warning",
                f"{_label(key, 'zh')}：扫描件识别为 {value:g}，把握仅 {w['conf']:.0%}，请对照扫描件{zh}核对",
                f"{_label(key, 'en')}: read from the scan as {value:g} with only {w['conf']:.0%} "
                f"confidence; check it against the scan at {en}",
            ))  # fmt: skip
    # cells read empty, and cells of rows the scan did not yield at all (label unreadable)
    empty = [k for k in template_keys(rep.template, rep.single_other) if k not in rep.derived
             and (not rep.provenance.get(k)
                  or k in rep.blank and _on_ocr_page(rep.provenance[k], pages))]  # fmt: skip
    if empty:
        names = "、".join(_label(k, "zh") for k in empty[:5]) + ("等" if len(empty) > 5 else "")
        # a row read incompletely may have its other numbers in the wrong columns: name them too
        rows = {k.rsplit(".", 1)[0] for k in empty if k.count(".") == 2}
        row_keys = sorted({*empty, *(k for k in rep.cells if k.rsplit(".", 1)[0] in rows)})
        out.append(Finding(
            "OCR", row_keys, None, None, "warning",
            f"扫描件中 {len(empty)} 个单元格未识别出数字（{names}），请对照扫描件核对这些单元格及其所在行",
            f"{len(empty)} cell(s) of the scan had no number read ("
            + ", ".join(_label(k, "en") for k in empty[:5]) + (", …" if len(empty) > 5 else "")
            + "): check them and the rest of their rows against the scan",
        ))  # fmt: skip
    failing = sorted({k for f in rep.findings if f.rule in _TABLE_RULES for k in f.keys})
    if failing:
        out.append(Finding(
            "OCR", failing, None, None, "warning",
            "本报告由扫描件识别，表格勾稽关系（R1–R4）不成立：可能是原报告有误，也可能是识别错误，请对照扫描件核对",
            "This report was read from a scan and its tables do not add up (R1–R4): the report "
            "or the OCR may be wrong; check the cells against the scan",
        ))  # fmt: skip
    return out


def _on_ocr_page(where: str, pages: set[int]) -> bool:
    parts = where.split()
    return len(parts) >= 2 and parts[0] == "page" and parts[1].isdigit() and int(parts[1]) in pages
