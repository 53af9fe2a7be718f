"""Copied-text detection: speed at county and province scale, precision/recall of the thresholds.

usage: .venv/bin/python benchmarks/bench_similarity.py [--reports 10000] [--seed 7]

1. Real corpus + sample county: every pair scored; the sample's planted near copies (see
   data/sample/README.md) are the positives, every other pair a negative.
2. Generated reports: prose recombined from the sentences of the real reports, with random
   variation (numbers, names, wording, sentence choice); a body's next year keeps a part of its
   sentences (as real bodies do); planted same-year copies and next-year copies with 0-25 % of
   their sentences replaced. Precision and recall per kind and per threshold.
3. Time to score a county (20 bodies × 7 years) and the province-sized set, from text
   (signatures + pairs). Targets: ≤ 1 s and ≤ 60 s.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.check import similarity as sim  # noqa: E402
from lib.check.prose import sentences  # noqa: E402
from lib.parse import parse_file  # noqa: E402

REAL = (
    "jiujianlou-2020.txt",
    "hongze-district-gov-2023.pdf",
    "hongze-district-gov-2024.pdf",
    "huaian-city-gov-2024.pdf",
    "shuyang-fgj-2023.html",
)
_PLACES = (
    ROOT / "tests/fixtures/reports",
    ROOT.parent / "shared/corpus",
    ROOT.parent / "shared/reports",
)
_WORDS = [
    ("加强", "强化"),
    ("进一步", "持续"),
    ("推进", "推动"),
    ("认真", "切实"),
    ("不断", "持续"),
]
_WORDS += [("及时", "按时"), ("完善", "健全"), ("提升", "提高"), ("全面", "全力")]
_NAME_CHARS = "东西南北中新安平和兴华阳山河石桥李王张刘陈杨黄赵周吴马龙凤青白金玉"


def _find(name: str) -> Path:
    for p in _PLACES:
        if (p / name).exists():
            return p / name
    raise SystemExit(f"{name}: real report not found in {', '.join(map(str, _PLACES))}")


def real_reports():
    out = []
    for n in REAL:
        r = parse_file(_find(n))
        out.append((n, r))
    return out


def sample_reports():
    """The sample county (data/sample, or written to a temporary folder), originals only, and
    the generator's record of the planted copy."""
    from lib.sample import build_sample, write_sample

    d = ROOT / "data/sample"
    tmp = None
    if not (d / "bodies.csv").exists():
        tmp = tempfile.TemporaryDirectory()
        d = Path(tmp.name)
        write_sample(d)
    out = []
    for p in sorted(d.rglob("*")):
        if p.suffix in (".txt", ".html", ".docx", ".pdf") and "修订" not in p.name:
            out.append((str(p.relative_to(d)), parse_file(p)))
    defects = build_sample().defects
    copy = {(x.body, x.year) for x in defects if x.kind in ("copy", "copy_source")}
    if tmp:
        tmp.cleanup()
    return out, copy


# ------------------------------------------------------------------ generated set


def _vary(s: str, rng: random.Random) -> str:
    s = re.sub(r"\d+", lambda m: str(rng.randint(0, 3000)), s)
    for a, b in _WORDS:
        if a in s and rng.random() < 0.3:
            s = s.replace(a, b)
    return s


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        n = "".join(rng.choice(_NAME_CHARS) for _ in range(rng.choice((2, 3))))
        n += rng.choice(("乡", "镇", "镇", "街道"))
        if n not in used:
            used.add(n)
            return n


def generate(n_reports: int, years: int, pool: list[str], seed: int):
    """Items (id, body, year, text) and the planted pairs {(id_a, id_b): (kind, edit share)}."""
    rng = random.Random(seed)
    n_bodies = max(2, n_reports // years)
    used: set[str] = set()
    bodies = [_name(rng, used) for _ in range(n_bodies)]
    first = 2019
    sents: dict[tuple[int, int], list[str]] = {}
    for b in range(n_bodies):
        for y in range(years):
            k = rng.randint(15, 35)
            if y and rng.random() < 0.8:  # a body keeps a part of last year's sentences
                keep = rng.sample(
                    sents[(b, y - 1)], int(len(sents[(b, y - 1)]) * rng.uniform(0.1, 0.4))
                )
                new = rng.sample(pool, max(0, k - len(keep)))
                sents[(b, y)] = [_vary(s, rng) for s in keep + new]
            else:
                sents[(b, y)] = [_vary(s, rng) for s in rng.sample(pool, k)]
    planted: dict[tuple[str, str], tuple[str, float]] = {}

    def rid(b, y):
        return f"{bodies[b]}-{first + y}"

    def copy(src: list[str], share: float) -> list[str]:
        out = [_vary(s, rng) for s in src]
        for i in rng.sample(range(len(out)), int(round(len(out) * share))):
            out[i] = _vary(rng.choice(pool), rng)
        return out

    n_copies = max(1, n_reports // 50)
    taken: set[tuple[int, int]] = set()  # a report is in one planted pair at most

    def free(*slots):
        if any(x in taken for x in slots):
            return False
        taken.update(slots)
        return True

    for _ in range(n_copies):  # same-year copies: body t copies body s
        s, t = rng.sample(range(n_bodies), 2)
        y = rng.randrange(years)
        if not free((s, y), (t, y)):
            continue
        share = rng.uniform(0, 0.25)
        sents[(t, y)] = [x.replace(bodies[s], bodies[t]) for x in copy(sents[(s, y)], share)]
        planted[(rid(s, y), rid(t, y))] = ("same_year", share)
    for _ in range(n_copies):  # next-year copies of the body's own report
        b = rng.randrange(n_bodies)
        y = rng.randrange(years - 1)
        if not free((b, y), (b, y + 1)):
            continue
        share = rng.uniform(0, 0.2)
        sents[(b, y + 1)] = copy(sents[(b, y)], share)
        planted[(rid(b, y), rid(b, y + 1))] = ("prior_year", share)
    items = []
    for (b, y), ss in sents.items():
        text = f"{first + y}年，{bodies[b]}" + "".join(ss)
        items.append(sim.Item(rid(b, y), bodies[b], first + y, text))
    return items, planted


# ------------------------------------------------------------------ measures


def _pr(pairs, planted, kind):
    """Precision/recall of `pairs` against the planted pairs of one kind. A chain of copies
    (A→B and A→C) makes B–C a copy too: pairs inside one copy family count as true."""
    truth = {frozenset(k) for k, (kd, _) in planted.items() if kd == kind}
    family: dict = {}
    for k in truth:
        a, b = tuple(k)
        fa, fb = family.get(a, {a}), family.get(b, {b})
        merged = fa | fb
        for x in merged:
            family[x] = merged
    got = {frozenset((p.id_a, p.id_b)) for p in pairs if p.kind == kind}
    tp_truth = len(truth & got)
    tp = sum(1 for g in got if g in truth or (len(g) == 2 and _same_family(g, family)))
    prec = tp / len(got) if got else 1.0
    rec = tp_truth / len(truth) if truth else 1.0
    return prec, rec, len(got), len(truth)


def _same_family(g, family):
    a, b = tuple(g)
    return b in family.get(a, ())


def measure_generated(n: int, years: int, pool, seed: int):
    items, planted = generate(n, years, pool, seed)
    t0 = time.perf_counter()
    sigs = [sim.Item(it.id, it.body, it.year, sig=sim.signature(it.text, it.body)) for it in items]
    t1 = time.perf_counter()
    pairs = sim.find_pairs(sigs)
    t2 = time.perf_counter()
    return items, planted, pairs, t1 - t0, t2 - t1, sigs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    real = real_reports()
    pool = sorted({s for _, r in real for s in sentences(sim.prose_text(r)) if len(s) >= 12})
    print(f"sentence pool: {len(pool)} sentences from {len(real)} real reports")

    # 1. real + sample: every pair's score
    sample, copied = sample_reports()
    corpus = real + sample
    print(f"\n[1] real + sample corpus: {len(real)} real + {len(sample)} sample reports")
    sigs = {n: sim.signature(sim.prose_text(r), r.body) for n, r in corpus}
    rows = []
    for i, (na, ra) in enumerate(corpus):
        for nb, rb in corpus[i + 1 :]:
            s = sim.score(sigs[na], sigs[nb])
            if s is None:
                continue
            if ra.body != rb.body and ra.year == rb.year:
                kind = "same_year"
            elif ra.body == rb.body and ra.year is not None and abs(ra.year - (rb.year or 0)) == 1:
                kind = "prior_year"
            else:
                continue
            positive = kind == "same_year" and {(ra.body, ra.year), (rb.body, rb.year)} <= copied
            rows.append((s, kind, positive, na, nb))
    rows.sort(reverse=True)
    real_names = {n for n, _ in real}
    for kind, threshold in (("same_year", sim.SAME_YEAR_THRESHOLD),
                            ("prior_year", sim.PRIOR_YEAR_THRESHOLD)):  # fmt: skip
        ks = [r for r in rows if r[1] == kind]
        pos = [r for r in ks if r[2]]
        neg = [r for r in ks if not r[2]]
        flagged = [r for r in ks if r[0] >= threshold]
        tp = sum(1 for r in flagged if r[2])
        print(
            f"  {kind}: {len(ks)} pairs compared, {len(pos)} planted copies; "
            f"threshold {threshold}: flagged {len(flagged)}, true {tp}"
            f" → precision {tp / len(flagged) if flagged else 1:.3f}, "
            f"recall {tp / len(pos) if pos else 1:.3f}"
        )
        print(
            f"    planted copy scores: {', '.join(f'{r[0]:.3f}' for r in pos) or '-'}; "
            f"highest other pairs: {', '.join(f'{r[0]:.3f}' for r in neg[:5])}"
        )
        rl = [r for r in neg if r[3] in real_names and r[4] in real_names]
        if rl:
            print(
                f"    real reports: highest {kind} score {rl[0][0]:.3f} ({rl[0][3]} / {rl[0][4]})"
            )

    # 2. generated set: precision/recall
    items, planted, pairs, t_sig, t_pairs, sig_items = measure_generated(
        args.reports, 7, pool, args.seed
    )
    n_bodies = len({it.body for it in items})
    print(f"\n[2] generated province-sized set: {len(items)} reports ({n_bodies} bodies × 7 "
          f"years), seed {args.seed}")  # fmt: skip
    for kind in ("same_year", "prior_year"):
        p, r, ng, nt = _pr(pairs, planted, kind)
        print(f"  {kind:10s}: planted {nt}, flagged {ng}, precision {p:.3f}, recall {r:.3f}")
    low = sim.find_pairs(sig_items, threshold=0.3, prior_threshold=0.3)
    print("  threshold sweep (same_year | prior_year): precision / recall")
    for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        sel = [q for q in low if q.score >= t]
        a = _pr(sel, planted, "same_year")
        b = _pr(sel, planted, "prior_year")
        print(f"    {t:.2f}: {a[0]:.3f} / {a[1]:.3f}   |   {b[0]:.3f} / {b[1]:.3f}")
    scores = {frozenset((q.id_a, q.id_b)): q.score for q in low}
    print("  recall at the default thresholds by share of sentences the copier replaced:")
    for kind, threshold in (("same_year", sim.SAME_YEAR_THRESHOLD),
                            ("prior_year", sim.PRIOR_YEAR_THRESHOLD)):  # fmt: skip
        cells = []
        for lo in (0.0, 0.05, 0.10, 0.15, 0.20):
            ks = [k for k, (kd, e) in planted.items() if kd == kind and lo <= e < lo + 0.05]
            hit = sum(1 for k in ks if scores.get(frozenset(k), 0) >= threshold)
            cells.append(f"{lo:.0%}-{lo + 0.05:.0%}: {hit}/{len(ks)}")
        print(f"    {kind:10s} " + "   ".join(cells))
    print(
        f"  time: signatures {t_sig:.1f} s + pairs {t_pairs:.1f} s = {t_sig + t_pairs:.1f} s "
        f"(target ≤ 60 s)"
    )

    # 3. county: 20 bodies × 7 years from text
    items, _ = generate(140, 7, pool, args.seed + 1)
    t0 = time.perf_counter()
    county_pairs = sim.find_pairs(items)
    dt = time.perf_counter() - t0
    print(
        f"\n[3] county (20 bodies × 7 years = {len(items)} reports) scored from text in "
        f"{dt:.2f} s (target ≤ 1 s), {len(county_pairs)} pairs"
    )


if __name__ == "__main__":
    main()
