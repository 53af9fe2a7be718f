"""Copied-text detection: MinHash over character 5-grams of the prose, with LSH candidates.

A report's prose (sections I, V, VI; tables stripped) is normalised first: whitespace and
punctuation dropped, digit runs → "0" (copied reports change the numbers), the body's own name
→ "〇" (a copier swaps the name), template headings and table labels removed (every report
shares them). Its 5-gram shingles are hashed to 32 bits and summarised by a 128-permutation
MinHash (datasketch, scheme affine32); the signature is kept as 512 bytes (uint32 × 128).

Pairs: `same_year` — different bodies, same year (finding SIM, 报告内容雷同);
`prior_year` — same body, consecutive years (finding SIM_PRIOR, 与上年报告基本相同).
Scores are MinHash estimates of the Jaccard similarity of the shingle sets. Thresholds were
measured on the sample county and the real corpus: see docs/SIMILARITY.md.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import numpy as np

from lib.check.prose import paragraphs
from lib.parse.registry import normalise_body
from lib.report import Finding, Report
from lib.template import KEYS, SECTIONS

NGRAM = 5
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
SAME_YEAR_THRESHOLD = 0.6
PRIOR_YEAR_THRESHOLD = 0.8
# LSH is asked for candidates a margin below the threshold: the MinHash estimate is noisy
# (±0.04 at J=0.5) and LSH's S-curve is not a step.
_LSH_MARGIN = 0.15
MIN_CHARS = 60  # normalised prose shorter than this ("无。") is not compared
PROSE_SECTIONS = ("s1", "s5", "s6", "s7")

# Phrases every report writes because the template or the guidance asks for them.
_BOILERPLATE_PHRASES = (
    "该部分以表格形式报告",
    "表格如下",
    "中华人民共和国政府信息公开条例",
    "政府信息公开工作年度报告",
    "主动公开政府信息情况",
    "主动公开情况",
    "依申请公开政府信息情况",
    "依申请公开情况",
    "政府信息管理情况",
    "政府信息公开平台建设情况",
    "平台建设情况",
    "政府信息公开监督保障情况",
    "监督保障情况",
    "政府信息公开工作存在的主要问题及改进情况",
    "存在的主要问题及改进措施",
    "存在的主要问题及整改措施",
    "存在的主要问题",
    "下一步工作改进措施",
    "改进情况",
    "改进措施",
    "整改措施",
    "其它需要报告的事项",
)
_KEEP = re.compile(r"[^\u3007\u3400-\u9fffA-Za-z0]")
_DIGITS = re.compile(r"[0-9０-９]+")
_WS = re.compile(r"\s+")


# ------------------------------------------------------------------ text


@cache
def _boilerplate_re() -> re.Pattern:
    phrases = set(_BOILERPLATE_PHRASES)
    phrases |= {zh for _, _, zh, _ in SECTIONS}
    for k in KEYS.values():
        phrases |= {k.row_zh, k.col_zh}
    norm = {_KEEP.sub("", _DIGITS.sub("0", p)) for p in phrases}
    norm = sorted((p for p in norm if len(p) >= 3), key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in norm))


def normalise(text: str, names: Iterable[str] = ()) -> str:
    """The comparable form of a text: no whitespace/punctuation, digits → 0, own name → 〇,
    template headings and labels removed."""
    t = _DIGITS.sub("0", _WS.sub("", text or ""))
    for n in sorted({x for x in names if x and len(x) >= 2}, key=len, reverse=True):
        t = t.replace(n, "〇")
    t = _KEEP.sub("", t)
    return _boilerplate_re().sub("", t)


def _names(body: str) -> tuple[str, ...]:
    return (body, normalise_body(body)) if body else ()


def prose_text(report: Report) -> str:
    """The report's prose sections (tables stripped), the text the scores are computed on."""
    return "\n".join(report.prose.get(c, "") for c in PROSE_SECTIONS if report.prose.get(c))


def compact(text: str) -> str:
    """Text for display and passages: one line per paragraph, wrapped lines re-joined."""
    return "\n".join(paragraphs(text))


# ------------------------------------------------------------------ signatures


def shingle_hashes(norm: str, n: int = NGRAM) -> np.ndarray:
    """Unique 32-bit hashes of the character n-grams of a normalised text."""
    if len(norm) < n:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    m = len(codes) - n + 1
    h = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * np.uint64(1_000_003) + codes[k : k + m]
        # splitmix64 finaliser, then the top 32 bits
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return np.unique(h >> np.uint64(32))


@cache
def _lsh_params(threshold: float) -> tuple[int, int]:
    """datasketch's (bands, rows) for a threshold; computing them takes ~50 ms, so once."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


@cache
def _permutations() -> np.ndarray:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def _hashvalues(norm: str) -> np.ndarray | None:
    if len(norm) < MIN_CHARS:
        return None
    from datasketch import MinHash  # imported when used: it pulls in scipy (0.3 s)

    m = MinHash(
        num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=_permutations(), scheme=SCHEME
    )
    m.update_batch(shingle_hashes(norm).tolist())
    return m.hashvalues.astype(np.uint32)


def signature(text: str, body: str = "") -> bytes:
    """The MinHash signature of a text (512 bytes), or b"" when the text is too short to
    compare. `body` is the report's own body, masked so that a copier's name swap is ignored."""
    hv = _hashvalues(normalise(text, _names(body)))
    return b"" if hv is None else hv.tobytes()


def _unpack(sig: bytes) -> np.ndarray | None:
    if not sig:
        return None
    hv = np.frombuffer(sig, dtype=np.uint32)
    if len(hv) != NUM_PERM:
        raise ValueError(f"signature has {len(hv)} values, expected {NUM_PERM}")
    return hv


def score(sig_a: bytes, sig_b: bytes) -> float | None:
    """Estimated Jaccard similarity of two signatures (None when either text was too short)."""
    a, b = _unpack(sig_a), _unpack(sig_b)
    if a is None or b is None:
        return None
    return float(np.mean(a == b))


def jaccard(text_a: str, text_b: str, body_a: str = "", body_b: str = "") -> float | None:
    """Exact Jaccard similarity of the shingle sets (for per-section detail of a found pair)."""
    na, nb = normalise(text_a, _names(body_a)), normalise(text_b, _names(body_b))
    if len(na) < MIN_CHARS or len(nb) < MIN_CHARS:
        return None
    a, b = shingle_hashes(na), shingle_hashes(nb)
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def section_scores(report_a: Report, report_b: Report) -> dict[str, float | None]:
    """Exact similarity of sections I and V and of all the prose, for a pair's detail view."""
    out = {}
    for code in ("s1", "s5"):
        out[code] = jaccard(
            report_a.prose.get(code, ""), report_b.prose.get(code, ""), report_a.body, report_b.body
        )
    out["prose"] = jaccard(prose_text(report_a), prose_text(report_b), report_a.body, report_b.body)
    return out


# ------------------------------------------------------------------ pairs


@dataclass(frozen=True)
class Item:
    """One report to compare: an id the caller understands, body, year, and text or signature."""

    id: Hashable
    body: str
    year: int | None
    text: str = ""
    sig: bytes | None = None


class Pair(NamedTuple):
    id_a: Hashable  # for prior_year: the earlier report
    id_b: Hashable
    score: float
    kind: str  # "same_year" | "prior_year"


def _item(x) -> Item:
    if isinstance(x, Item):
        return x
    if isinstance(x, dict):
        return Item(x["id"], x["body"], x["year"], x.get("text", ""), x.get("sig"))
    return Item(*x)


def _signatures(items: Sequence[Item]) -> dict[Hashable, np.ndarray]:
    out = {}
    for it in items:
        sig = it.sig if it.sig is not None else signature(it.text, it.body)
        hv = _unpack(sig)
        if hv is not None:
            out[it.id] = hv
    return out


def find_pairs(
    items: Iterable,
    threshold: float = SAME_YEAR_THRESHOLD,
    prior_threshold: float = PRIOR_YEAR_THRESHOLD,
) -> list[Pair]:
    """Similar pairs among `items` ((id, body, year, text[, sig]) tuples, dicts or `Item`s):
    different bodies in the same year at `threshold`, one body's consecutive years at
    `prior_threshold`. Sorted by score, highest first."""
    items = [_item(x) for x in items]
    return _pairs(items, _signatures(items), threshold, prior_threshold, only=None)


def findings_for_new(
    new_items: Iterable,
    index_items: Iterable,
    threshold: float = SAME_YEAR_THRESHOLD,
    prior_threshold: float = PRIOR_YEAR_THRESHOLD,
) -> list[Pair]:
    """Pairs that involve at least one of `new_items`, against each other and `index_items`
    (already stored reports; pass their stored `sig` to skip re-hashing). An index item with
    the id of a new item is replaced by it."""
    new = [_item(x) for x in new_items]
    new_ids = {it.id for it in new}
    years = {it.year for it in new}
    near = {(normalise_body(it.body), it.year) for it in new}
    index = [
        it
        for it in map(_item, index_items)
        if it.id not in new_ids
        and (
            it.year in years
            or (normalise_body(it.body), (it.year or 0) + 1) in near
            or (normalise_body(it.body), (it.year or 0) - 1) in near
        )
    ]
    items = index + new
    return _pairs(items, _signatures(items), threshold, prior_threshold, only=new_ids)


def _pairs(items, sigs, threshold, prior_threshold, only) -> list[Pair]:
    out: list[Pair] = []
    by_year: dict = defaultdict(list)
    by_body: dict = defaultdict(list)
    for it in items:
        if it.id in sigs:
            by_year[it.year].append(it)
            by_body[normalise_body(it.body)].append(it)

    from datasketch import LeanMinHash, MinHashLSH

    lsh_threshold = max(0.1, threshold - _LSH_MARGIN)
    for year, group in by_year.items():
        if year is None or len(group) < 2:
            continue
        lsh = MinHashLSH(num_perm=NUM_PERM, params=_lsh_params(lsh_threshold))
        order = {it.id: i for i, it in enumerate(group)}
        lean = {
            it.id: LeanMinHash(seed=SEED, hashvalues=sigs[it.id], scheme=SCHEME) for it in group
        }
        for it in group:
            lsh.insert(order[it.id], lean[it.id], check_duplication=False)
        for it in group:
            if only is not None and it.id not in only:
                continue
            for j in lsh.query(lean[it.id]):
                other = group[j]
                i = order[it.id]
                # each unordered pair once: by position, unless only the new side queries
                if j == i or (only is None or other.id in only) and j < i:
                    continue
                if normalise_body(other.body) == normalise_body(it.body):
                    continue
                s = float(np.mean(sigs[it.id] == sigs[other.id]))
                if s >= threshold:
                    a, b = (it, other) if i < j else (other, it)
                    out.append(Pair(a.id, b.id, s, "same_year"))

    for group in by_body.values():
        by_y = {it.year: it for it in group if it.year is not None}
        for y, it in by_y.items():
            prev = by_y.get(y - 1)
            if prev is None or (only is not None and it.id not in only and prev.id not in only):
                continue
            s = float(np.mean(sigs[it.id] == sigs[prev.id]))
            if s >= prior_threshold:
                out.append(Pair(prev.id, it.id, s, "prior_year"))
    out.sort(key=lambda p: (-p.score, str(p.id_a), str(p.id_b)))
    return out


# ------------------------------------------------------------------ passages


def _matching_blocks(a: str, b: str, min_len: int) -> list:
    """Common runs of at least `min_len` characters that are more than template wording."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        m
        for m in sm.get_matching_blocks()
        if m.size >= min_len and len(normalise(a[m.a : m.a + m.size])) >= min_len * 2 // 3
    ]


def shared_passages(text_a: str, text_b: str, min_len: int = 15) -> list[str]:
    """The long passages two texts share verbatim (whitespace ignored), in the order of
    `text_a`, longest runs of at least `min_len` characters."""
    a, b = compact(text_a), compact(text_b)
    return [a[m.a : m.a + m.size].strip("\n") for m in _matching_blocks(a, b, min_len)]


def side_by_side(
    text_a: str, text_b: str, min_len: int = 15
) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both texts (compacted) cut into segments (text, shared?) for a highlighted view."""
    a, b = compact(text_a), compact(text_b)
    blocks = _matching_blocks(a, b, min_len)

    def cut(s: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
        out, pos = [], 0
        for start, size in sorted(spans):
            if start > pos:
                out.append((s[pos:start], False))
            out.append((s[start : start + size], True))
            pos = start + size
        if pos < len(s):
            out.append((s[pos:], False))
        return out

    return cut(a, [(m.a, m.size) for m in blocks]), cut(b, [(m.b, m.size) for m in blocks])


# ------------------------------------------------------------------ findings


def pair_finding(
    pair: Pair,
    this_body: str,
    other_id: Hashable,
    other_body: str,
    other_year: int | None,
    passages: Sequence[str] = (),
) -> Finding:
    """The finding a pair puts on one of its two reports (call once per side)."""
    pct = f"{pair.score:.0%}"
    first = (passages[0][:60] + ("…" if len(passages[0]) > 60 else "")) if passages else ""
    shared_zh = f"共同段落如：“{first}”" if first else ""
    shared_en = f" Shared passage, e.g.: “{first}”" if first else ""
    if pair.kind == "prior_year":
        rule, threshold = "SIM_PRIOR", PRIOR_YEAR_THRESHOLD
        zh = f"与本机关{other_year}年度报告基本相同（正文相似度{pct}）。{shared_zh}"
        en = f"Basically the same as this body's {other_year} report (prose similarity {pct})."
    else:
        rule, threshold = "SIM", SAME_YEAR_THRESHOLD
        zh = f"报告内容雷同：与{other_body}同年度报告的正文相似度为{pct}。{shared_zh}"
        en = f"Copied text: the prose is {pct} similar to {other_body}'s report of the same year."
    return Finding(
        rule=rule,
        keys=[f"report:{other_id}", "prose"],
        expected=threshold,
        actual=round(pair.score, 4),
        severity="warning",
        message_zh=zh,
        message_en=en + shared_en,
    )
