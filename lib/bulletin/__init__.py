"""The county 通报: one click makes a Word document (and a PDF of it) stating a county's year —
filing, main figures with charts, each body's figures, the problems found, where their
rectification stands, copied reports, and what is required — in the official Chinese style
(方正小标宋 title, 黑体 headings, 仿宋 text at 三号) or in English.

`bulletin_docx(db, county, year, lang)` → bytes; `bulletin_pdf(...)` converts it with
LibreOffice (lib.read.office). The numbers come from lib.bulletin.facts.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lib import charts
from lib.analytics.metrics import METRIC, label
from lib.bulletin.facts import KEY_METRICS, RANK_METRICS, Facts, gather
from lib.check.catalog import check_of
from lib.i18n import fmt_delta, fmt_int, fmt_value, t
from lib.read.office import OfficeError, convert, soffice

FONTS = {  # (Latin, East Asian) per role: the 公文 (GB/T 9704) fonts, Times for Latin text
    "title": ("Times New Roman", "方正小标宋简体"),
    "heading": ("Times New Roman", "黑体"),
    "body": ("Times New Roman", "仿宋_GB2312"),
    "table": ("Times New Roman", "宋体"),
}
SIZES = {"title": 22, "heading": 16, "body": 16, "table": 10.5}  # 二号, 三号, 三号, 五号
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip

__all__ = ["OfficeError", "bulletin_docx", "bulletin_pdf", "gather", "pdf_ready", "render"]


def _font(run, role: str) -> None:
    latin, east = FONTS[role]
    run.font.name = latin
    run.font.size = Pt(SIZES[role])
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east)


def _para(doc, text: str, role: str = "body", *, align=None, bold=False, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if role == "body" and indent:
        p.paragraph_format.first_line_indent = Pt(SIZES["body"] * 2)  # two characters
    p.paragraph_format.line_spacing = Pt(28) if role != "table" else None
    if role == "heading":
        p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    _font(run, role)
    run.bold = bold
    return p


def _table(doc, header: list[str], rows: list[list[str]], widths=None) -> None:
    """A grid table; `widths` in cm per column (the text width is 15.6 cm)."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if widths:
        table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        run = cell.paragraphs[0].add_run(text)
        _font(run, "table")
        run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(str(text)), "table")
    if widths:
        for row in table.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Cm(w)
    doc.add_paragraph()


def _png(chart) -> bytes:
    buf = io.BytesIO()
    chart.properties(width=520).save(buf, format="png", scale_factor=2)
    return buf.getvalue()


def _picture(doc, chart) -> None:
    doc.add_picture(io.BytesIO(_png(chart)), width=Cm(15))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _today(lang: str, today: date) -> str:
    month = MONTHS[today.month - 1] if lang == "en" else today.month
    return t("bulletin.date", lang, y=today.year, month=month, d=today.day)


def render(f: Facts, lang: str = "zh", today: date | None = None) -> bytes:
    """The DOCX of gathered facts."""
    today = today or date.today()
    sep = "、" if lang != "en" else ", "
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21)  # A4, 公文 margins
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    _para(doc, t("bulletin.title", lang, county=f.county, year=f.year), "title",
          align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    _para(doc, t("bulletin.to", lang), indent=False)
    _para(doc, t("bulletin.intro", lang, county=f.county, year=f.year))

    _para(doc, t("bulletin.h.filing", lang), "heading", indent=False)
    text = t("bulletin.filed", lang, year=f.year, expected=f.expected, filed=f.filed)
    text += (t("bulletin.missing", lang, names=sep.join(f.missing)) if f.missing
             else t("bulletin.none_missing", lang))  # fmt: skip
    late = [t("bulletin.late_one", lang, body=b, days=d) for b, d in f.late]
    text += (
        t("bulletin.late", lang, names=sep.join(late)) if late else t("bulletin.none_late", lang)
    )
    _para(doc, text)

    _para(doc, t("bulletin.h.figures", lang), "heading", indent=False)
    now, before = f.key.get("new", (None, None))
    if now is None:
        _para(doc, t("bulletin.no_reports", lang))
    elif before is None:
        _para(doc, t("bulletin.new_only", lang, now=fmt_int(now)))
    else:
        way = "up" if now > before else "down" if now < before else "same"
        _para(
            doc, t(f"bulletin.new_{way}", lang, now=fmt_int(now), diff=fmt_int(abs(now - before)))
        )
    rows = []
    for m in KEY_METRICS:
        a, b = f.key[m]
        unit = METRIC[m].unit
        change = None if a is None or b is None else a - b
        rows.append([label(m, lang), fmt_value(a, unit), fmt_value(b, unit),
                     fmt_delta(change, pct=unit == "%")])  # fmt: skip
    _table(doc, [t("bulletin.col.metric", lang), t("bulletin.col.year", lang, year=f.year),
                 t("bulletin.col.year", lang, year=f.year - 1), t("bulletin.col.change", lang)],
           rows)  # fmt: skip
    if f.trend is not None and len(f.trend.dropna()):
        tr = f.trend.assign(series=[t(f"bulletin.series.{m}", lang) for m in f.trend["metric"]])
        _picture(doc, charts.trend_lines(tr, "value", t("bulletin.chart.trend", lang), lang=lang))

    _para(doc, t("bulletin.h.bodies", lang), "heading", indent=False)
    if f.bodies is None or f.bodies.empty:
        _para(doc, t("bulletin.no_reports", lang))
    else:
        _para(doc, t("bulletin.bodies_intro", lang))
        _table(doc, [t("bulletin.col.no", lang), t("bulletin.col.body", lang),
                     *[label(m, lang) for m in RANK_METRICS]],
               [[str(i + 1), r.body, *[fmt_value(getattr(r, m), METRIC[m].unit)
                                       for m in RANK_METRICS]]
                for i, r in enumerate(f.bodies.itertuples(index=False))])  # fmt: skip
        _picture(doc, charts.ranked_bar(f.bodies, "new", t("bulletin.chart.bodies", lang),
                                        lang=lang))  # fmt: skip
    _problems(doc, f, lang)
    _rectification(doc, f, lang, today)
    _copied(doc, f, lang)

    _para(doc, t("bulletin.h.demands", lang), "heading", indent=False)
    for k in ("bulletin.demand1", "bulletin.demand2", "bulletin.demand3"):
        _para(doc, t(k, lang))
    doc.add_paragraph()
    _para(doc, t("bulletin.signature", lang, county=f.county), align=WD_ALIGN_PARAGRAPH.RIGHT,
          indent=False)  # fmt: skip
    _para(doc, _today(lang, today), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _problems(doc, f: Facts, lang: str) -> None:
    _para(doc, t("bulletin.h.problems", lang), "heading", indent=False)
    c = f.checks if f.checks is not None else pd.DataFrame(columns=["rule", "severity", "n"])
    by = {s: int(c.loc[c["severity"] == s, "n"].sum()) for s in ("error", "warning", "info")}
    if not len(c):
        _para(doc, t("bulletin.none_found", lang))
    else:
        _para(doc, t("bulletin.found", lang, n=int(c["n"].sum()), e=by["error"], w=by["warning"],
                     i=by["info"]))  # fmt: skip
        _table(doc, [t("bulletin.col.check", lang), t("bulletin.col.severity", lang),
                     t("bulletin.col.count", lang)],
               [[check_of(r.rule).name(lang), t(f"severity.{r.severity}", lang), fmt_int(r.n)]
                for r in c.itertuples(index=False)])  # fmt: skip
    p = f.problems
    if p is not None and len(p):
        _para(doc, t("bulletin.ranking", lang))
        _table(doc, [t(f"bulletin.col.{k}", lang) for k in
                     ("no", "body", "missing", "errors", "warnings", "days_late", "copied")],
               [[str(i + 1), r.body, t("bulletin.yes", lang) if r.missing else "",
                 fmt_int(r.errors), fmt_int(r.warnings),
                 "" if pd.isna(r.days_late) else fmt_int(r.days_late), fmt_int(r.copied)]
                for i, r in enumerate(p.itertuples(index=False))])  # fmt: skip


def _rectification(doc, f: Facts, lang: str, today: date) -> None:
    _para(doc, t("bulletin.h.rectify", lang), "heading", indent=False)
    _para(doc, t("bulletin.status", lang, date=_today(lang, today), n=f.issues_total,
                 **f.statuses))  # fmt: skip
    issues = f.issues
    if issues is None or issues.empty:
        return
    _table(doc, [t(f"bulletin.col.{k}", lang) for k in
                 ("body", "check", "fix", "owner", "due", "status")],
           [[r.body, check_of(r.rule).name(lang), r.fix, r.owner,
             "" if pd.isna(r.due) else str(r.due)[:10], t(f"rectify.status.{r.status}", lang)]
            for r in issues.itertuples(index=False)], widths=(2.6, 2.6, 5.2, 2.4, 1.6, 1.6))  # fmt: skip
    rest = f.issues_total - len(issues)  # notes (info) and rows past MAX_ISSUES
    if rest > 0:
        _para(doc, t("bulletin.more_issues", lang, n=rest))


def _copied(doc, f: Facts, lang: str) -> None:
    _para(doc, t("bulletin.h.copied", lang), "heading", indent=False)
    p = f.pairs
    if p is None or p.empty:
        _para(doc, t("bulletin.none_copied", lang))
        return
    _para(doc, t("bulletin.copied_intro", lang))
    _table(doc, [t(f"bulletin.col.{k}", lang) for k in ("body_a", "body_b", "kind", "score")],
           [[f"{r.body_a}（{r.year_a}）" if lang != "en" else f"{r.body_a} ({r.year_a})",
             f"{r.body_b}（{r.year_b}）" if lang != "en" else f"{r.body_b} ({r.year_b})",
             t(f"bulletin.kind.{r.kind}", lang), f"{float(r.score):.0%}"]
            for r in p.itertuples(index=False)])  # fmt: skip


def bulletin_docx(db, county: str, year: int, lang: str = "zh", today: date | None = None):
    """The 通报 of `county` for `year` as DOCX bytes."""
    return render(gather(db, county, year, lang), lang, today)


def bulletin_pdf(db, county: str, year: int, lang: str = "zh", today: date | None = None):
    """The same document as PDF (LibreOffice); OfficeError when LibreOffice is missing/fails."""
    return convert(bulletin_docx(db, county, year, lang, today), "docx", "pdf")


def pdf_ready() -> bool:
    """Whether a PDF can be made here (LibreOffice found)."""
    return soffice() is not None
