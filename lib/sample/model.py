"""Numbers of the sample county: bodies, per-year tables that chain across years, planted defects.

Everything comes from one `random.Random(seed)`, drawn in a fixed order, so a seed always gives
the same sample. `Filing.cells` holds exactly what parsing the rendered file should yield: every
key of `template_keys(template)`, blank cells as 0 with their key in `Filing.blank`.
"""

from __future__ import annotations

import itertools
import random

from lib.errors import GongkaiError
from lib.sample.defects import apply_defects, plan_defects, signed_date
from lib.sample.prose import make_prose
from lib.sample.records import APPLICANTS, COUNTY, LEVEL_WORD, Body, Filing, Sample
from lib.template import s3_rows, template_keys

DEFAULT_YEARS = (2019, 2025)
MAX_BODIES, MAX_YEARS = 5000, 30

_APPLICANT_W = (82, 9, 0.5, 1, 3.5, 4)

# Fictional body names (generic; none taken from the real reports in ../shared).
_SUBDISTRICTS = ("城南街道", "城北街道", "城东街道", "滨河街道")
_TOWNS = ("东湖镇", "白沙镇", "柳溪镇", "桥头镇", "新河镇", "石门镇", "龙泉镇", "杏林镇")
_TOWNS += ("临江镇", "枫林镇")
_TOWNSHIPS = ("青石乡", "北岭乡", "松坪乡", "云溪乡", "梨园乡", "芦花乡")
_EXTRA_A = "安宝长丰福高广和华吉金康乐明平清瑞盛泰兴永裕振中"
_EXTRA_B = "坪岗湾塘店集坝口庄"
_FMT_CYCLE = ("html", "txt", "docx", "pdf", "html", "txt", "html", "pdf", "docx", "html")

# Outcome weights per application (the common rows, then the （六） rows per template).
_OUTCOMES = (
    ("granted", 50),
    ("partial", 5),
    ("unable_not_held", 20),
    ("unable_needs_creation", 4),
    ("unable_unclear", 2),
    ("withheld_secret", 0.2),
    ("withheld_law", 0.5),
    ("withheld_security", 0.3),
    ("withheld_third_party", 2),
    ("withheld_internal", 1),
    ("withheld_process", 2),
    ("withheld_enforcement_file", 0.5),
    ("withheld_query", 1),
    ("refused_petition", 4),
    ("refused_repeat", 3),
    ("refused_publication", 0.5),
    ("refused_mass", 0.5),
    ("refused_confirm", 0.5),
)
_OTHER = {"2019": (("other", 3),), "2021": (("other_no_correction", 2), ("other_no_fee", 0.2))}
_OTHER["2021"] += (("other_misc", 1),)
_TREND = {2019: 0.7, 2020: 0.8, 2021: 1.0, 2022: 1.15, 2023: 1.05, 2024: 0.95, 2025: 0.9}
_S4_GROUPS = ("review", "suit_direct", "suit_after")
_S4_OUT = ("upheld", "corrected", "other", "pending")


def _make_bodies(rng: random.Random, n: int) -> list[Body]:
    n_sub = max(1, round(n * 0.2)) if n >= 3 else 0
    n_tsp = max(1, round(n * 0.3)) if n >= 2 else 0
    n_town = max(1, n - n_sub - n_tsp)
    names: dict[str, list[str]] = {
        "subdistrict": list(_SUBDISTRICTS),
        "town": list(_TOWNS),
        "township": list(_TOWNSHIPS),
    }
    taken = set(_SUBDISTRICTS + _TOWNS + _TOWNSHIPS)
    # Two-character names first, then three-character ones: enough for any allowed --bodies.
    extra = itertools.chain(
        (a + b for b in _EXTRA_B for a in _EXTRA_A),
        (a + c + b for b in _EXTRA_B for a in _EXTRA_A for c in _EXTRA_A if c != a),
    )
    for level, k in (("subdistrict", n_sub), ("town", n_town), ("township", n_tsp)):
        while len(names[level]) < k:
            cand = next(extra) + LEVEL_WORD[level]
            if cand not in taken:
                taken.add(cand)
                names[level].append(cand)
    fmts = [_FMT_CYCLE[i % len(_FMT_CYCLE)] for i in range(n)]
    rng.shuffle(fmts)
    bodies = []
    for level, k in (("subdistrict", n_sub), ("town", n_town), ("township", n_tsp)):
        for name in names[level][:k]:
            lo, hi = {"subdistrict": (40, 80), "town": (20, 60), "township": (8, 25)}[level]
            pop = rng.randint(lo, hi) * 1000 + rng.randint(0, 99) * 10
            early = fmts[len(bodies)]
            late = early if rng.random() < 0.75 else rng.choice(("html", "html", "docx"))
            size = rng.uniform(12, 40) if level == "subdistrict" else 0.0
            bodies.append(Body(name, level, pop, early, late, size, rng.randrange(10**6)))
    return bodies


def _weighted(rng: random.Random, weights: list[float] | tuple[float, ...]) -> int:
    return rng.choices(range(len(weights)), weights=weights)[0]


def _split(rng: random.Random, n: int) -> list[int]:
    """n applications over the six applicant columns."""
    cols = [0] * 6
    for _ in range(n):
        cols[_weighted(rng, _APPLICANT_W)] += 1
    return cols


def _s3(
    rng: random.Random,
    body: Body,
    year: int,
    template: str,
    carried_over: list[int],
    force: set[str],
) -> dict[str, list[int]]:
    if "zero" in force:
        n = 0
    elif body.level == "subdistrict":
        mean = body.size * _TREND.get(year, 1.0)
        n = max(0, round(rng.gauss(mean, mean * 0.25)))
    elif body.level == "town":
        n = _weighted(rng, (25, 25, 18, 12, 8, 5, 3, 2, 2))
    else:
        n = _weighted(rng, (40, 28, 15, 9, 5, 3))
    if "some" in force:
        n = max(n, 3)
    new = _split(rng, n)
    if "cf" in force and new[0] == 0:
        new[0] = 1
    p_cf = 0.07 if body.level == "subdistrict" else 0.05
    cf = [sum(rng.random() < p_cf for _ in range(k)) for k in new]
    if "cf" in force:
        cf[0] = max(cf[0], 1)
    if "no_cf" in force:
        cf = [0] * 6
    rows = {r.code: [0] * 6 for r in s3_rows(template)}
    rows["new"], rows["carried_over"], rows["carried_forward"] = new, list(carried_over), cf
    outcomes = _OUTCOMES + _OTHER[template]
    weights = [w for _, w in outcomes]
    for c in range(6):
        handled = new[c] + carried_over[c] - cf[c]
        rows["handled_total"][c] = handled
        for _ in range(handled):
            rows[outcomes[_weighted(rng, weights)][0]][c] += 1
    return rows


def _s4(rng: random.Random, rows: dict[str, list[int]]) -> dict[str, list[int]]:
    refused = sum(rows["handled_total"]) - sum(rows["granted"])
    cases = {
        "review": sum(rng.random() < 0.07 for _ in range(refused)),
        "suit_direct": sum(rng.random() < 0.025 for _ in range(refused)),
    }
    cases["suit_after"] = sum(rng.random() < 0.25 for _ in range(cases["review"]))
    out = {}
    for g in _S4_GROUPS:
        vals = [0, 0, 0, 0]
        for _ in range(cases[g]):
            vals[_weighted(rng, (55, 15, 20, 10))] += 1
        out[g] = vals
    return out


class _S2State:
    def __init__(self, rng: random.Random, body: Body):
        big = body.level == "subdistrict"
        self.total_published = rng.randint(0, 6)
        self.prev = {
            "licensing": rng.choice((0, 0, 2, 3, 4, 5, 6, 8)),
            "other_services": rng.randint(0, 15),
            "penalty": rng.choice((0, 0, 0, 1, 2)),
            "enforcement": rng.choice((0, 0, 1)),
            "fees": 0,
        }
        self.in_force = rng.randint(2, 10) if big else rng.randint(0, 6)

    def year(self, rng: random.Random, body: Body, template: str, r6: bool) -> dict[str, float]:
        s2: dict[str, float] = {}
        if template == "2019":
            made = _weighted(rng, (55, 30, 12, 3))
            self.total_published += made
            s2 |= {"rules.made": 0, "rules.published": 0, "rules.total_published": 0}
            s2 |= {"normative_docs.made": made, "normative_docs.published": made}
            s2["normative_docs.total_published"] = self.total_published
            for row, dec_hi in (("licensing", 80), ("other_services", 300), ("penalty", 3)):
                s2 |= self._items(rng, row, dec_hi)
            s2 |= self._items(rng, "enforcement", 1)
            s2 |= {"fees.prev_items": self.prev["fees"], "fees.change": 0}
            projects = _weighted(rng, (70, 15, 10, 5))
            s2["procurement.projects"] = projects
            s2["procurement.amount"] = sum(rng.randint(30, 400) * 1000 for _ in range(projects))
            return s2
        issued = _weighted(rng, (50, 30, 15, 5))
        abolished = min(_weighted(rng, (75, 20, 5)), self.in_force + issued)
        self.in_force += issued - abolished + (1 if r6 else 0)
        s2 |= {"rules.issued": 0, "rules.abolished": 0, "rules.in_force": 0}
        s2 |= {"normative_docs.issued": issued, "normative_docs.abolished": abolished}
        s2["normative_docs.in_force"] = self.in_force
        lic_hi = {"subdistrict": 20, "town": 120, "township": 60}[body.level]
        s2["licensing.decisions"] = rng.randint(0, lic_hi) if rng.random() < 0.6 else 0
        pen_lo, pen_hi = {"subdistrict": (5, 120), "town": (0, 45), "township": (0, 15)}[body.level]
        s2["penalty.decisions"] = rng.randint(pen_lo, pen_hi)
        s2["enforcement.decisions"] = rng.randint(1, 5) if rng.random() < 0.3 else 0
        fees = round(rng.uniform(0.2, 12), 2) if rng.random() < 0.1 else 0
        s2["fees.amount_wan"] = fees
        return s2

    def _items(self, rng: random.Random, row: str, dec_hi: int) -> dict[str, float]:
        prev = self.prev[row]
        change = max(-prev, rng.choice((0, 0, 0, 0, 1, -1, 2)))
        self.prev[row] = prev + change
        decisions = rng.randint(0, dec_hi) if prev + change > 0 else 0
        return {f"{row}.prev_items": prev, f"{row}.change": change, f"{row}.decisions": decisions}


def _cells(
    template: str, s2: dict[str, float], s3: dict[str, list[int]], s4: dict[str, list[int]]
) -> dict[str, float]:
    cells: dict[str, float] = {f"s2.{k}": v for k, v in s2.items()}
    for row, vals in s3.items():
        for col, v in zip(APPLICANTS, vals):
            cells[f"s3.{row}.{col}"] = v
        cells[f"s3.{row}.total"] = sum(vals)
    if template == "2021":  # derived: the three （六） rows summed, as the parser reports it
        for col in (*APPLICANTS, "total"):
            cells[f"s3.other.{col}"] = sum(
                cells[f"s3.{r}.{col}"]
                for r in ("other_no_correction", "other_no_fee", "other_misc")
            )
    for g, vals in s4.items():
        for out, v in zip(_S4_OUT, vals):
            cells[f"s4.{g}_{out}"] = v
        cells[f"s4.{g}_total"] = sum(vals)
    assert set(cells) == set(template_keys(template)), "sample cells must cover the template"
    return cells


def build_sample(
    bodies: int = 20, years: tuple[int, int] | None = DEFAULT_YEARS, seed: int = 2026
) -> Sample:
    """The whole sample as data: bodies, every filing with its intended cells, the defects."""
    lo, hi = years or DEFAULT_YEARS
    if bodies < 1 or hi < lo:
        raise GongkaiError("sample", "needs at least one body and years lo-hi with lo <= hi")
    if bodies > MAX_BODIES or hi - lo >= MAX_YEARS:
        raise GongkaiError(
            "sample",
            f"at most {MAX_BODIES} bodies and {MAX_YEARS} years (asked {bodies}, {hi - lo + 1})",
        )
    rng = random.Random(seed)
    body_list = _make_bodies(rng, bodies)
    yrs = list(range(lo, hi + 1))
    defects = plan_defects(rng, body_list, yrs)
    at = {(d.kind, d.body, d.year) for d in defects}

    def has(kind: str, body: Body, year: int) -> bool:
        return (kind, body.name, year) in at

    filings: list[Filing] = []
    for body in body_list:
        state = _S2State(rng, body)
        carried = [0] * 6
        if body.level == "subdistrict":
            carried = [rng.choice((0, 0, 1, 2)), 0, 0, 0, 0, 0]
        for y in yrs:
            template = "2019" if y <= 2020 or has("old_template", body, y) else "2021"
            force: set[str] = set()
            if has("copy", body, y) or has("copy_source", body, y):
                force.add("zero")
            if has("copy", body, y + 1) or has("copy_source", body, y + 1):
                force.add("no_cf")
            if has("r5", body, y + 1):
                force.add("cf")
            if any(has(k, body, y) for k in ("r1", "blank_total", "revision")):
                force.add("some")
            if has("r5", body, y):
                carried = [0] * 6  # the planted R5 break: last year's carry-forward forgotten
            s2 = state.year(rng, body, template, has("r6", body, y))
            s3 = _s3(rng, body, y, template, carried, force)
            carried = s3["carried_forward"]
            cells = _cells(template, s2, s3, _s4(rng, s3))
            f = Filing(body, y, template, body.fmt(y), dict(cells))
            f.signed = signed_date(rng, y, late=False)
            f.prose = make_prose(rng, body, y, cells, mention_body=has("copy_source", body, y))
            filings.append(f)
    apply_defects(rng, filings, defects)
    return Sample(COUNTY, body_list, (lo, hi), seed, filings, defects)
