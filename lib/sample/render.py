"""Render a sample filing as the formats reports are published in: text, HTML, DOCX.

Every format is drawn from one block list (`blocks`), whose tables are grids of cells with
rowspan/colspan exactly as the national template prints them.
"""

from __future__ import annotations

import html
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from lib.template import S2, S3_COLUMNS, S4_GROUPS, S4_OUTCOMES, SECTIONS, s3_rows

if TYPE_CHECKING:
    from lib.sample.records import Filing

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# Printed forms of section III labels where the sheet says more than the short label.
_S3_PRINTED = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "other": "（六）其他处理",
    "handled_total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
_S3_GROUPS = {
    "withheld": "（三）不予公开",
    "unable": "（四）无法提供",
    "refused": "（五）不予处理",
    "other": "（六）其他处理",
}


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Block:
    kind: str  # title | heading | para | table | sign
    text: str = ""
    rows: list[list[Cell]] | None = None


def num(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


def _val(f: Filing, key: str) -> str:
    return "" if key in f.blank else num(f.cells[key])


def s2_grid(f: Filing) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for g in S2[f.template]:
        rows.append([Cell(g.zh, colspan=4)])
        span = [1] * (len(g.columns) - 1) + [4 - len(g.columns)]
        rows.append([Cell("信息内容")] + [Cell(c.zh, colspan=s) for c, s in zip(g.columns, span)])
        for r in g.rows:
            vals = [_val(f, f"s2.{r.code}.{c.code}") for c in g.columns]
            rows.append([Cell(r.zh)] + [Cell(v, colspan=s) for v, s in zip(vals, span)])
    return rows


def s3_grid(f: Filing) -> list[list[Cell]]:
    cols = [c.code for c in S3_COLUMNS]
    rows = [
        [Cell(NOTE, rowspan=3, colspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(c.zh) for c in S3_COLUMNS[1:6]],
    ]
    tpl_rows = s3_rows(f.template)
    results = [r for r in tpl_rows if r.group not in ("intake", "carried_forward")]
    counts = {g: sum(r.group == g for r in results) for g in _S3_GROUPS}
    seen: dict[str, int] = {}
    for r in tpl_rows:
        vals = [Cell(_val(f, f"s3.{r.code}.{c}")) for c in cols]
        if r.group in ("intake", "carried_forward"):
            rows.append([Cell(_S3_PRINTED[r.code], colspan=3)] + vals)
            continue
        lead = [Cell("三、本年度办理结果", rowspan=len(results))] if r is results[0] else []
        if r.group in _S3_GROUPS and counts[r.group] > 1:
            seen[r.group] = seen.get(r.group, 0) + 1
            if seen[r.group] == 1:
                lead.append(Cell(_S3_GROUPS[r.group], rowspan=counts[r.group]))
            lead.append(Cell(f"{seen[r.group]}.{r.zh}"))
        else:
            lead.append(Cell(_S3_PRINTED[r.code], colspan=2))
        rows.append(lead + vals)
    return rows


def s4_grid(f: Filing) -> list[list[Cell]]:
    labels = [o.zh for o in S4_OUTCOMES]
    suits = [g.zh.split(" · ")[-1] for g in S4_GROUPS[1:]]
    return [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [Cell(x, rowspan=2) for x in labels] + [Cell(s, colspan=5) for s in suits],
        [Cell(x) for x in labels * 2],
        [Cell(_val(f, f"s4.{g.code}_{o.code}")) for g in S4_GROUPS for o in S4_OUTCOMES],
    ]


def signer(f: Filing) -> str:
    return f.body.alias


def date_zh(f: Filing) -> str:
    d = f.signed
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def blocks(f: Filing) -> list[Block]:
    h = {code: f"{num_zh}、{zh}" for code, num_zh, zh, _ in SECTIONS}
    out = [Block("title", f.title), Block("heading", h["s1"])]
    out += [Block("para", p) for p in f.prose["s1"].split("\n")]
    out += [Block("heading", h["s2"]), Block("table", rows=s2_grid(f))]
    out += [Block("heading", h["s3"]), Block("table", rows=s3_grid(f))]
    out += [Block("heading", h["s4"]), Block("table", rows=s4_grid(f))]
    out += [Block("heading", h["s5"])] + [Block("para", p) for p in f.prose["s5"].split("\n")]
    out += [Block("heading", h["s6"]), Block("para", f.prose["s6"])]
    out.append(Block("sign", signer(f)))
    if f.signed:
        out.append(Block("sign", date_zh(f)))
    return out


def flatten(rows: list[list[Cell]]) -> list[list[str]]:
    """Cells of each grid row as copied out of a word processor: a cell covered by a rowspan
    from above stands as an empty cell, one covered by a colspan disappears."""
    covered: dict[tuple[int, int], int] = {}  # (row, col) -> rows still covered
    out = []
    for i, row in enumerate(rows):
        line: list[str] = []
        col = 0
        cells = iter(row)
        while True:
            if (i, col) in covered:
                line.append("")
                col += covered[(i, col)]
                continue
            cell = next(cells, None)
            if cell is None:
                break
            line.append(cell.text)
            for r in range(1, cell.rowspan):
                covered[(i + r, col)] = cell.colspan
            col += cell.colspan
        out.append(line)
    return out


def render_txt(f: Filing) -> bytes:
    """The plain-text layout of ../shared/reports/jiujianlou-2020.txt."""
    lines: list[str] = []
    for b in blocks(f):
        if b.kind == "title":
            lines += [b.text, ""]
        elif b.kind == "table":
            lines.append("该部分以表格形式报告。表格如下：")
            for row in flatten(b.rows or []):
                lines += ["\t" + c for c in row] + [""]
            lines.append("")
        elif b.kind == "sign" and b.text == signer(f):
            lines += ["", b.text]
        else:
            lines.append(b.text)
    return ("\n".join(lines) + "\n").encode(f.encoding)


def _html_table(rows: list[list[Cell]]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse">']
    out.append("<tbody>")
    for row in rows:
        tds = []
        for c in row:
            attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
                f' colspan="{c.colspan}"' if c.colspan > 1 else ""
            )
            tds.append(f"<td{attrs}>{html.escape(c.text) if c.text else '&nbsp;'}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def render_html(f: Filing) -> bytes:
    """A county portal's article page: header, breadcrumb, 发布日期 line, tables, footer."""
    meta = (
        '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
        if f.encoding == "gbk"
        else '<meta charset="utf-8">'
    )
    pub = f.signed.isoformat() if f.signed else ""
    body: list[str] = []
    for b in blocks(f):
        if b.kind == "title":
            body.append(f"<h1>{html.escape(b.text)}</h1>")
            info = f"发布日期：{pub}&nbsp;&nbsp;来源：{html.escape(f.body.name)}"
            body.append(f'<div class="info">{info}&nbsp;&nbsp;字号：[大 中 小]</div>')
            body.append('<div id="zoom">')
        elif b.kind == "heading":
            body.append(f"<p><strong>{html.escape(b.text)}</strong></p>")
        elif b.kind == "para":
            body.append(f'<p style="text-indent:2em">{html.escape(b.text)}</p>')
        elif b.kind == "table":
            body.append(_html_table(b.rows or []))
        else:
            body.append(f'<p style="text-align:right">{html.escape(b.text)}</p>')
    page = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        f"<head>{meta}<title>{html.escape(f.title)}_{f.body.name}_示例县人民政府</title></head>",
        "<body>",
        '<div class="header">示例县人民政府</div>',
        '<div class="nav">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>',
        '<div class="article">',
        *body,
        "</div>",
        "</div>",
        '<div class="footer">主办：示例县人民政府办公室（虚构示例数据）</div>',
        "</body>",
        "</html>",
    ]
    return ("\n".join(page) + "\n").encode(f.encoding)


def render_docx(f: Filing) -> bytes:
    """A Word document with real tables (merged header cells), fixed dates for reproducibility."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    from docx.table import _Cell

    doc = docx.Document()
    # Drop optional parts of python-docx's template (a third of the file's size).
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("stylesWithEffects", "customXml")):
            doc.part.drop_rel(rid)
    for rid, rel in list(doc.part.package.rels.items()):
        if rel.reltype.endswith("thumbnail"):
            doc.part.package.rels.pop(rid)
    stamp = datetime(f.year + 1, 1, 31, 9, 0, 0)
    if f.signed:
        stamp = datetime(f.signed.year, f.signed.month, f.signed.day, 9, 0, 0)
    cp = doc.core_properties
    cp.author = cp.last_modified_by = f.body.alias
    cp.title = f.title
    cp.created = cp.modified = cp.last_printed = stamp
    cp.revision = 1
    for b in blocks(f):
        if b.kind == "table":
            grid = b.rows or []
            ncols = sum(c.colspan for c in grid[0])
            t = doc.add_table(rows=len(grid), cols=ncols)
            t.style = "Table Grid"
            # Cell objects taken once from the XML: python-docx's table.cell() is O(n) per call.
            grid_cells = [[_Cell(tc, t) for tc in tr.tc_lst] for tr in t._tbl.tr_lst]
            taken: set[tuple[int, int]] = set()
            for i, row in enumerate(grid):
                col = 0
                for c in row:
                    while (i, col) in taken:
                        col += 1
                    cell = grid_cells[i][col]
                    if c.rowspan > 1 or c.colspan > 1:
                        cell = cell.merge(grid_cells[i + c.rowspan - 1][col + c.colspan - 1])
                    cell.text = c.text
                    taken.update(
                        (i + r, col + k) for r in range(c.rowspan) for k in range(c.colspan)
                    )
                    col += c.colspan
            continue
        p = doc.add_paragraph()
        run = p.add_run(b.text)
        if b.kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold, run.font.size = True, Pt(16)
        elif b.kind == "heading":
            run.bold = True
        elif b.kind == "sign":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return fixed_zip(buf.getvalue(), stamp)


def fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """Rewrite a zip with fixed member timestamps (python-docx stamps the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()
