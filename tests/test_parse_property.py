"""Property: whatever is done to a real report, parsing returns a Report or raises the library's
own error (GongkaiError), quickly. Mutations: drop lines, shuffle cells, garble bytes, truncate."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pdfplumber
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.errors import GongkaiError
from lib.parse import parse_file
from lib.report import Report

FIX = Path(__file__).parent / "fixtures" / "reports"
_SOURCES: dict[str, bytes] = {}


def source(name: str) -> bytes:
    if name not in _SOURCES:
        if name.endswith(".pdf.txt"):  # text copied out of a real PDF
            with pdfplumber.open(FIX / name[:-4]) as pdf:
                text = "\n".join(p.extract_text() or "" for p in pdf.pages)
            _SOURCES[name] = text.encode("utf-8")
        else:
            _SOURCES[name] = (FIX / name).read_bytes()
    return _SOURCES[name]


TEXTS = ["jiujianlou-2020.txt", "huaian-city-gov-2024.pdf.txt", "hongze-district-gov-2023.pdf.txt"]
ALL = [*TEXTS, "shuyang-fgj-2023.html"]


def _check(data: bytes, name: str) -> None:
    try:
        rep = parse_file(None, data=data, name=name)
    except GongkaiError as e:
        assert str(e).startswith(name + ": ") and "\n" not in str(e)
        return
    assert isinstance(rep, Report)
    assert all(isinstance(v, float | int) for v in rep.cells.values())
    assert rep.template in ("2019", "2021")


mutation = st.one_of(
    st.tuples(st.just("drop"), st.lists(st.integers(0, 10_000), max_size=60)),
    st.tuples(st.just("shuffle"), st.randoms(use_true_random=False)),
    st.tuples(
        st.just("garble"),
        st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), max_size=50),
    ),
    st.tuples(st.just("truncate"), st.floats(0, 1)),
)


def _mutate(data: bytes, m) -> bytes:
    kind, arg = m
    if kind == "drop":
        lines = data.split(b"\n")
        drop = {i % max(1, len(lines)) for i in arg}
        return b"\n".join(ln for i, ln in enumerate(lines) if i not in drop)
    if kind == "shuffle":  # shuffle the cells/lines inside a window of the table part
        lines = data.split(b"\n")
        a = arg.randrange(0, max(1, len(lines)))
        window = lines[a : a + arg.randrange(2, 40)]
        arg.shuffle(window)
        return b"\n".join(lines[:a] + window + lines[a + len(window) :])
    if kind == "garble":
        b = bytearray(data)
        for pos, val in arg:
            if b:
                b[pos % len(b)] = val
        return bytes(b)
    return data[: int(len(data) * arg)]


@settings(
    max_examples=120,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(name=st.sampled_from(ALL), m=mutation)
def test_mutated_reports_parse_or_fail_cleanly(name, m):
    _check(_mutate(source(name), m), name.replace(".pdf.txt", ".txt"))


@settings(max_examples=30, deadline=timedelta(seconds=10), derandomize=True)
@given(cut=st.floats(0, 1), junk=st.binary(max_size=64))
def test_truncated_pdf_and_appended_junk(cut, junk):
    data = (FIX / "hongze-district-gov-2024.pdf").read_bytes()
    _check(data[: int(len(data) * cut)] + junk, "hongze-district-gov-2024.pdf")
