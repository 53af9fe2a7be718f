"""The planted defects of the sample: which body-year carries which, and how each is applied.

Every finding type the checks produce has at least one cause here (see data/sample/README.md).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from lib.sample.prose import copy_prose, make_prose
from lib.sample.records import APPLICANTS, LEVEL_WORD, Body, Defect, Filing


def plan_defects(rng: random.Random, bodies: list[Body], years: list[int]) -> list[Defect]:
    """Choose which body-year carries which defect (distinct body-years where possible)."""
    used: set[tuple[str, int]] = set()
    out: list[Defect] = []
    by_level = {lv: [b for b in bodies if b.level == lv] for lv in LEVEL_WORD}
    mid = years[len(years) // 2]

    def pick(cands: list[Body], yrs: list[int], kind: str, note: str) -> Defect | None:
        pairs = [(b, y) for b in cands for y in yrs if (b.name, y) not in used]
        if not pairs:
            return None
        b, y = rng.choice(pairs)
        used.add((b.name, y))
        d = Defect(kind, b.name, y, note)
        out.append(d)
        return d

    tsp = by_level["township"] or bodies
    if 2021 in years:
        pick(tsp, [2021], "old_template", "2021 report still on the 2019 template")
    if len(tsp) >= 2:
        pool = [b for b in tsp if (b.name, mid) not in used]
        if len(pool) >= 2:
            a, b = rng.sample(pool, 2)
            used.update({(a.name, mid), (b.name, mid)})
            out.append(Defect("copy_source", a.name, mid, "prose copied by " + b.name))
            out.append(
                Defect(
                    "copy",
                    b.name,
                    mid,
                    f"sections 一 and 五 copied from {a.name} with a few words changed; "
                    f"{a.name} left in once (wrong body name)",
                )
            )
    copying = {d.body for d in out if d.kind in ("copy", "copy_source")}
    if by_level["township"]:  # only a 乡 can get its level word wrong this way
        pick(
            [b for b in tsp if b.name not in copying] or tsp,
            years,
            "wrong_level",
            "a 乡 writing 全镇 in section 五",
        )
    towns = by_level["town"] or bodies
    pick(towns, years, "r1", "R1 broken: 本年新收 natural (and 总计) one too high")
    pick(bodies, years, "blank_total", "三（七）总计 · 总计 left blank beside filled parts (HTML)")
    sub = by_level["subdistrict"] or bodies
    late_years = [y for y in years if y >= 2021] or years
    pick(sub, late_years, "revision", "original has 予以公开 one too high (R3); revision corrects")
    pick(bodies, [years[0]], "gbk", "HTML page encoded in GBK (meta charset=gbk)")
    if len(years) >= 3:
        pick(towns, years[1:-1], "missing", "no report filed")
    if len(years) >= 2:
        pick(sub, years[1:], "r5", "上年结转 written as 0 although last year carried cases forward")
        r6_years = [y for y in years if y >= 2022 and y - 1 in years]
        pick(bodies, r6_years, "r6", "现行有效件数 one higher than last year + 制发 − 废止")
    return out


def signed_date(rng: random.Random, year: int, late: bool) -> date:
    if late:
        return date(year + 1, rng.choice((3, 5)), rng.randint(2, 28))
    return date(year + 1, 1, rng.randint(6, 31))


def apply_defects(rng: random.Random, filings: list[Filing], defects: list[Defect]) -> None:
    """Turn the clean filings into the published ones: typos, blanks, copies, dates, files."""
    by = {(f.body.name, f.year): f for f in filings}
    for d in defects:
        f = by[(d.body, d.year)]
        f.defects.append(d.kind)
        if d.kind == "r1":
            f.cells["s3.new.natural"] += 1
            f.cells["s3.new.total"] += 1
            f.prose = make_prose(rng, f.body, f.year, f.cells)
        elif d.kind == "blank_total":
            f.fmt = "html"
            f.cells["s3.handled_total.total"] = 0
            f.blank.add("s3.handled_total.total")
        elif d.kind == "gbk":
            f.fmt, f.encoding = "html", "gbk"
        elif d.kind == "wrong_level":
            f.prose = make_prose(rng, f.body, f.year, f.cells, wrong_level=True)
        elif d.kind == "copy":
            src = by[(next(x.body for x in defects if x.kind == "copy_source"), d.year)]
            f.prose = copy_prose(rng, src.prose, src.body.name, f.body.name)
        elif d.kind == "revision":
            fixed = replace(f, cells=dict(f.cells), blank=set(f.blank))
            fixed.revision, fixed.defects = True, ["revision"]
            fixed.signed = date(f.year + 1, 3, rng.randint(1, 28))
            fixed.prose = dict(f.prose)
            fixed.prose["s6"] = (
                f"本报告于{fixed.signed.year}年{fixed.signed.month}月{fixed.signed.day}日修订，"
                "更正了第三部分表格中“予以公开”的数据，原报告同时废止。"
            )
            f.cells["s3.granted.natural"] += 1
            f.cells["s3.granted.total"] += 1
            filings.insert(filings.index(f) + 1, fixed)
    # Timeliness: a few late filings; two without any date (never a portal page: those always
    # show a 发布日期).
    plain = [f for f in filings if not f.defects and f.fmt != "html"]
    for f in rng.sample(plain, min(2, len(plain))):
        f.signed = None
        f.defects.append("undated")
        defects.append(Defect("undated", f.body.name, f.year, "no date anywhere in the report"))
    plain = [f for f in filings if not f.defects and f.signed and f.signed.month == 1]
    for f in rng.sample(plain, min(3, len(plain))):
        f.signed = signed_date(rng, f.year, late=True)
        f.defects.append("late")
        defects.append(Defect("late", f.body.name, f.year, f"signed {f.signed.isoformat()}"))
    for f in filings:
        if f.signed and f.signed.month > 1 and "late" not in f.defects and not f.revision:
            f.defects.append("late")
            defects.append(Defect("late", f.body.name, f.year, f"signed {f.signed.isoformat()}"))
    # Some portals and Word files leave zero cells of the organisation columns empty (as the real
    # shuyang-fgj-2023 page does): blank, not zero. Chosen by style, so no draw from rng.
    for f in filings:
        if f.fmt in ("html", "docx") and f.body.style % 3 == 0 and not f.defects:
            f.blank |= {
                k
                for k, v in f.cells.items()
                if v == 0
                and k.startswith("s3.")
                and not (f.template == "2021" and k.startswith("s3.other."))
                and k.rsplit(".", 1)[1] in APPLICANTS[1:]
            }
            if f.template == "2021":  # the derived （六） sum is blank when its parts all are
                parts = ("other_no_correction", "other_no_fee", "other_misc")
                f.blank |= {
                    f"s3.other.{c}"
                    for c in APPLICANTS[1:]
                    if all(f"s3.{r}.{c}" in f.blank for r in parts)
                }
    missing = [d for d in defects if d.kind == "missing"]
    for d in missing:
        filings.remove(by[(d.body, d.year)])
