"""Label normalisation: make the many spellings of one table label comparable with a stem.

Full-width → half-width (NFKC), traditional → simplified (OpenCC t2s, loaded lazily and only
for text that holds traditional characters), whitespace removed, ordinals unified (`1、` → `1.`),
bracketed instructions stripped (`上一年项目数量(指2019年事项数)` → `上一年项目数量`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that only occur in traditional script (a cheap test before running OpenCC).
_TRAD = frozenset(
    "開處關體與報資這書條項結總計類屬無請機後據為務來個們對時於會從區縣鄉鎮門護權製辦審訴復議"
    "檔規範許罰強費購權內確認絕補緩環價當實現辦級統數據構織組際團術發質歷傳閱讀單舉覆義專囑"
    "護應節範圍聯題問災態維穩險護擔產產衛療禮聽說試詢謀論該誤請諮證識譯變讓財貨賬資質贊輸轉"
    "辭農運過達違遞遠適選遺郵鄰醫銷錄鐘門閉開間陳陸陽隊隨險隱雙雜離難電靜響順預領頻題類顯風"
    "飛養餘驗體髮鬥齊龍剛劃劇勞勢勵區協卻參號員問啟喪單嚴圖圓團報場壞壓壽夠夢奮奪婦學寧寶實寫"
    "審將專尋對導屆層岡島峽幣幫廣廢廳張彈從徵復德憲應懷戰戶拋擇擊擴斷於時書會東條權樣標機檢歸"
    "係動國執採業決沒況減爲獲祕糾納經繳繼續萬複訟訪進額"  # the rest of the template's labels
)
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』《》〈〉")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")"})
_ORD_NUM = re.compile(r"(?<![\d.])(\d{1,2})\s*[、.，,．]\s*(?=\D)")
_ORD_CN = re.compile(r"\(\s*([一二三四五六七八九十])\s*\)")
_CN_TOP = re.compile(r"^([一二三四五六七八九十]+)\s*[.．,，]")
# A bracketed remark (instruction, note) inside a label; ordinals like (一) are kept.
_INSTRUCTION = re.compile(r"\([^()]{2,}\)")
_OPEN_TAIL = re.compile(r"\([^()]{2,}$")
_CLOSE_HEAD = re.compile(r"^[^()]*\)")

_cc = None


def _t2s(s: str) -> str:
    global _cc
    if _cc is None:
        from opencc import OpenCC

        _cc = OpenCC("t2s")
    return _cc.convert(s)


_TRAD_RE: re.Pattern | None = None


def has_traditional(s: str) -> bool:
    global _TRAD_RE
    if _TRAD_RE is None:
        _TRAD_RE = re.compile("[" + "".join(sorted(_TRAD)) + "]")
    return _TRAD_RE.search(s) is not None


def simplify(s: str) -> str:
    """Traditional → simplified where the text holds traditional characters."""
    if has_traditional(s):
        s = _t2s(s)
        # Mirrors sometimes change words too: 檔案 (→ 档案) stands for 文件 in labels.
        s = s.replace("档案", "文件")
    return s


@lru_cache(maxsize=65536)
def norm(s: str) -> str:
    """Normalised label: half-width, simplified, no whitespace, no quotes, unified ordinals."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s).translate(_BRACKETS)
    s = simplify(s)
    s = _SPACE.sub("", s).translate(_QUOTES).replace("\u200b", "").replace("\ufeff", "")
    s = s.replace("其它", "其他").replace("−", "-").replace("／", "/")
    s = _ORD_CN.sub(r"(\1)", s)
    s = _ORD_NUM.sub(r"\1.", s)
    s = _CN_TOP.sub(r"\1、", s)
    return s


@lru_cache(maxsize=65536)
def label(s: str) -> str:
    """A label reduced to its stem: normalised, with bracketed instructions removed.

    Also drops the dangling half of a remark broken over two lines (`…只计这一情` / `形)`).
    """
    s = norm(s)
    if "(" not in s and ")" not in s:
        return s
    prev = None
    while prev != s:
        prev = s
        s = _INSTRUCTION.sub("", s)
    s = (
        _CLOSE_HEAD.sub("", s)
        if s.find(")") >= 0 and (s.find("(") < 0 or s.find(")") < s.find("("))
        else s
    )
    s = _OPEN_TAIL.sub("", s)
    return s


def contains_any(text: str, stems: tuple[str, ...] | list[str]) -> str | None:
    """The first stem (normalised) found in `text`, or None."""
    for st in stems:
        n = norm(st)
        if n and n in text:
            return n
    return None
