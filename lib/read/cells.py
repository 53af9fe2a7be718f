"""Text helpers shared by the readers: whitespace cleaning and stated publication dates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_CHAR = re.compile(rf"[{_CJK}\u201c\u201d\u2018\u2019\u2014\u2026\u00b7]")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PUBLISHED = re.compile(r"(?:发布日期|发布时间|公开日期)\s*[:：]?\s*" + DATE.pattern)


_RADICAL = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")
_RADICAL_MAP: dict[int, str] | None = None


def unify_radicals(text: str) -> str:
    """Kangxi radicals and compatibility ideographs → the ordinary ideographs they show.

    PDF fonts often map glyphs to U+2F00-block radicals ('⼀⼆⾏⽂' for '一二行文'): the text
    looks right but matches nothing. NFKC gives the unified ideograph for each of them.
    """
    global _RADICAL_MAP
    if not _RADICAL.search(text):
        return text
    if _RADICAL_MAP is None:
        table = {}
        for cp in [*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)]:
            nf = unicodedata.normalize("NFKC", chr(cp))
            if nf != chr(cp) and len(nf) == 1:
                table[cp] = nf
        # Radicals Supplement forms that stand for whole characters but have no NFKC mapping.
        for radical, char in zip(
            "⺠⻓⻋⻔⻚⻛⻢⻥⻜⻅⻉⻄⻘⻝⻨⻩⻬⻮⻯⻆⻗⻣⻊",
            "民长车门页风马鱼飞见贝西青食麦黄齐齿龙角雨骨足",
            strict=True,
        ):
            table[ord(radical)] = char
        _RADICAL_MAP = table
    return text.translate(_RADICAL_MAP)


def clean(text: str) -> str:
    """Collapse whitespace (incl. NBSP, ideographic space); drop it between CJK characters.

    Whitespace between two CJK characters only ever comes from markup or line wrapping.
    """
    if not _WS.search(text):
        return text  # most cells ('0', labels) need nothing
    return _CJK_GAP.sub("", _WS.sub(" ", text)).strip()


def mostly_chinese(text: str) -> bool:
    """Most non-ASCII characters are CJK ideographs or CJK punctuation."""
    wide = [ch for ch in text[:200_000] if ord(ch) > 127]
    cjk = sum(1 for ch in wide if _CJK_CHAR.match(ch))
    return bool(wide) and cjk >= 0.8 * len(wide)


def iso_date(m: re.Match) -> str | None:
    y, mo, d = (int(x) for x in m.groups()[-3:])
    if 1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def stated_published(texts: Iterable[str]) -> str | None:
    """The date the document says it was published (发布日期/发布时间/公开日期), if any."""
    for s in texts:
        m = _PUBLISHED.search(s)
        if m and iso_date(m):
            return iso_date(m)
    return None


def block_texts(blocks) -> Iterable[str]:
    for b in blocks:
        rows = getattr(b, "rows", None)
        if rows is None:
            yield b.text
        else:
            yield from ("\t".join(r) for r in rows)
