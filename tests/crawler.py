"""Reports as a portal crawler leaves them (issue 12, item 3): tags stripped without separators,
so a table row's cells run together (`一、本年新收政府信息公开申请数量713000074`) and empty
cells vanish. Drawn from the sample generator's block list, so every template and layout it
knows is covered, with the filing's own cells as the truth."""

from __future__ import annotations

import random

from lib.sample.render import blocks, flatten, signer

MODES = ("rows", "spaced", "table_line", "one_line", "letter")


def _row(cells: list[str], rng: random.Random, spaced: bool) -> str:
    cells = [c for c in cells if c.strip()]  # an empty cell leaves nothing behind
    if not spaced:
        return "".join(cells)
    # some crawlers keep a space here and there: between two cells, or not
    return "".join(c + (" " if rng.random() < 0.3 else "") for c in cells).rstrip()


def crawler_lines(f, mode: str = "rows", seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    lines: list[str] = []
    for b in blocks(f):
        if b.kind == "table":
            rows = [_row(r, rng, mode == "spaced") for r in flatten(b.rows or [])]
            rows = [r for r in rows if r]
            lines += ["".join(rows)] if mode in ("table_line", "one_line", "letter") else rows
        else:
            lines.append(b.text)
    return lines


def crawler_text(f, mode: str = "rows", seed: int = 0) -> str:
    lines = crawler_lines(f, mode, seed)
    if mode == "one_line":
        return "".join(lines) + "\n"
    if mode == "letter":
        # the report sent inside a letter (函) to the county office, as portals publish it
        head = [
            f"关于报送{f.year}年度政府信息公开工作年度报告的函",
            "县政务公开办：",
            f"根据《中华人民共和国政府信息公开条例》要求，现将我单位{f.year}年度政府信息公开"
            "工作年度报告报送如下，请审阅。",
        ]
        tail = ["特此函告。", signer(f), f"{f.year + 1}年1月20日"]
        return "\n".join(head + ["".join(lines)] + tail) + "\n"
    return "\n".join(lines) + "\n"


def filing_of(truth: dict):
    """A real report's hand-checked truth as a filing the renderer can draw: its own numbers
    and blank cells, in its own template, with short prose."""
    from datetime import date

    from lib.sample.records import Body, Filing

    class RealBody(Body):
        alias = property(lambda self: self.name)  # signed with the name as the title gives it

    class Real(Filing):  # titled as real reports are: 淮安市人民政府2024年政府信息公开工作年度报告
        title = property(lambda self: f"{self.body.name}{self.year}年政府信息公开工作年度报告")

    year = int(truth["year"])
    body = RealBody(truth["body"], "town", 0, "txt", "txt", 0.0)
    cells = dict(truth["cells"])
    if truth["template"] == "2021" and "s3.other_misc.total" not in cells:
        # one （六）其他处理 row: drawn as the three rows of the template, all under 其他
        for k, v in truth["cells"].items():
            if k.startswith("s3.other."):
                col = k.rsplit(".", 1)[1]
                cells[f"s3.other_misc.{col}"] = v
                cells[f"s3.other_no_correction.{col}"] = cells[f"s3.other_no_fee.{col}"] = 0
    prose = {
        "s1": f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，做好政府信息公开工作。",
        "s5": "一是公开内容的深度还不够。二是政策解读形式单一。",
        "s6": "本年度未收取信息处理费。",
    }
    return Real(body, year, str(truth["template"]), "txt", cells,
                  set(truth.get("blank_keys", ())), prose, date(year + 1, 1, 15))  # fmt: skip
