"""Real files transformed: the real 九间楼乡 2020 text report under other names, years and
numbers. Used by the ingest tests and benchmarks/bench_ingest.py (many distinct reports)."""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JIUJIANLOU = ROOT / "tests" / "fixtures" / "reports" / "jiujianlou-2020.txt"
NAME, YEAR = "九间楼乡", "2020"
NEW, CARRIED_OVER = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"
GRANTED, HANDLED = "（一）予以公开", "（七）总计"
NOT_HELD, FORWARD = "1.本机关不掌握相关政府信息", "四、结转下年度继续办理"
_CHARS = "东西南北中上下前后左右青白红黄金石山水林田河湖桥溪岭"


def jiujianlou_text() -> str:
    return JIUJIANLOU.read_text(encoding="utf-8")


def _own_prose(text: str, seed: str) -> str:
    """Every long prose paragraph after the first rewritten as seeded text drawn from the
    report's own characters: bodies then differ in their prose as real ones do (the shared
    template wording stays), and copied-text detection sees distinct reports."""
    rng = random.Random(seed)
    lines = text.split("\n")
    long_lines = [i for i, line in enumerate(lines) if len(line) > 80 and line[0] != "\t"]
    chars = sorted({c for i in long_lines for c in lines[i] if "\u4e00" <= c <= "\u9fff"})
    for i in long_lines[1:]:
        n = len(lines[i])
        body = "".join(rng.choice(chars) for _ in range(n))
        lines[i] = "。".join(body[k : k + 30] for k in range(0, n, 30)) + "。"
    return "\n".join(lines)


def set_row(text: str, label: str, values: list[int]) -> str:
    """Replace the seven numbers under a section-III row label (one number per line)."""
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.strip() == label)
    for j, v in enumerate(values):
        assert lines[i + 1 + j].strip().isdigit(), (label, lines[i + 1 + j])
        lines[i + 1 + j] = f"\t{v}"
    return "\n".join(lines)


def body_name(i: int) -> str:
    n = len(_CHARS)
    return _CHARS[i % n] + _CHARS[(i // n) % n] + _CHARS[(i // n // n) % n] + "乡"


def variant(name: str, year: int, new: int = 0, not_held: int = 0, over: int = 0, fwd: int = 0):
    """The report of `name` for `year` with `new` applications (granted except `not_held`),
    `over` carried over and `fwd` carried forward, all by natural persons; R1–R3 hold."""
    text = jiujianlou_text().replace(NAME, name).replace(YEAR, str(year))
    text = _own_prose(text, f"{name}{year}")
    granted = new + over - fwd - not_held
    for label, v in ((NEW, new), (CARRIED_OVER, over), (GRANTED, granted), (NOT_HELD, not_held),
                     (HANDLED, new + over - fwd), (FORWARD, fwd)):  # fmt: skip
        text = set_row(text, label, [v, 0, 0, 0, 0, 0, v])
    return text


def write_variants(out: Path, n: int, years: int = 7, first_year: int = 2014) -> list[Path]:
    """n distinct text reports: n // years bodies × `years` years, numbers varying."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        b, y = divmod(i, years)
        name = body_name(b)
        new = (i * 7) % 11
        p = out / f"{name}-{first_year + y}.txt"
        p.write_text(variant(name, first_year + y, new=new, not_held=new // 3), encoding="utf-8")
        paths.append(p)
    return paths
