"""The template's own words, for mending labels that OCR read with one character wrong."""

from __future__ import annotations

_WORDS: dict[str, str] | None = None


def _vocabulary() -> dict[str, str]:
    """The template's own words (row and column labels, section titles, 4+ characters) keyed
    by each spelling with one character unknown: 子以公开 finds 予以公开."""
    global _WORDS
    if _WORDS is None:
        from lib import template as tp

        words: set[str] = {z for _c, _n, z, _e in tp.SECTIONS}
        rows = [*tp.S3_ROWS, *tp.S3_GROUPS, *tp.S4_GROUPS]
        cols = [*tp.S3_COLUMNS, *tp.S4_OUTCOMES]
        for groups in tp.S2.values():
            for g in groups:
                rows += g.rows
                cols += g.columns
                words.add(g.zh)
        for x in (*rows, *cols):
            words.update((x.zh, *x.stems))
        _WORDS = {}
        for w in sorted(words, key=len, reverse=True):
            if len(w) >= 4:
                for i in range(len(w)):
                    _WORDS.setdefault(w[:i] + "\0" + w[i + 1 :], w)
    return _WORDS


_LONG_WORDS: tuple = ()


def _long_words(words: dict[str, str]) -> tuple:
    global _LONG_WORDS
    _LONG_WORDS = (
        tuple({w for w in words.values() if len(w) >= 6}),
        sorted({len(w) for w in words.values()}, reverse=True),
    )
    return _LONG_WORDS


def mend_words(text: str) -> str:
    """A label as OCR read it, with a template word that came back with one character wrong
    put right (子以公开 → 予以公开); text that already holds a template word is kept."""
    words = _vocabulary()
    long_words, lengths = _LONG_WORDS or _long_words(words)
    if len(text) < 4 or any(w in text for w in long_words):
        return text
    for n in lengths:
        for s in range(0, len(text) - n + 1):
            win = text[s : s + n]
            for i in range(n):
                w = words.get(win[:i] + "\0" + win[i + 1 :])
                if w is not None and w != win:
                    return text[:s] + w + text[s + n :]
    return text
