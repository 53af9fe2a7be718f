"""Parse throughput per format on real reports (and real reports converted), one core.

Prints reports per CPU-second for `lib.parse.parse_file` (read + parse + rules) and for the format library's
bare read of the same bytes, and their ratio. Targets: text ≥ 500/s, HTML ≥ 200/s, DOCX ≥ 50/s,
PDF ≥ 1/s (5-page report); parse/bare-read overhead ≤ 1.5×.

    .venv/bin/python benchmarks/bench_parse.py [--seconds 2]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

FIX = ROOT / "tests" / "fixtures" / "reports"


def _inputs(tmp: Path) -> dict[str, list[tuple[str, bytes]]]:
    import pdfplumber
    from convert import docx_from_parts, html_parts, text_parts

    pdfs = sorted(FIX.glob("*.pdf"))
    txt = [("jiujianlou-2020.txt", (FIX / "jiujianlou-2020.txt").read_bytes())]
    for p in pdfs:  # text copied out of the real PDFs
        with pdfplumber.open(p) as pdf:
            t = "\n".join(pg.extract_text() or "" for pg in pdf.pages)
        txt.append((p.stem + ".txt", t.encode()))
    html = [(p.name, p.read_bytes()) for p in sorted(FIX.glob("*.html"))]
    docx = []
    for name, parts in (
        ("shuyang.docx", html_parts(FIX / "shuyang-fgj-2023.html")),
        ("jiujianlou.docx", text_parts(FIX / "jiujianlou-2020.txt")),
    ):
        out = docx_from_parts(parts, tmp / name)
        docx.append((name, out.read_bytes()))
    pdf = [(p.name, p.read_bytes()) for p in pdfs]
    return {"txt": txt, "html": html, "docx": docx, "pdf": pdf}


def _bare_cells(fmt: str, data: bytes) -> None:
    """The library's read plus the text of every table cell and of the page: what the DOCX and
    PDF bare reads already include, so the ratios compare like with like."""
    if fmt != "html":
        return _bare(fmt, data)
    import lxml.html

    doc = lxml.html.document_fromstring(data)
    for table in doc.iter("table"):
        for tr in table.iter("tr"):
            [td.text_content() for td in tr if td.tag in ("td", "th")]
    doc.text_content()


def _bare(fmt: str, data: bytes) -> None:
    if fmt == "txt":
        from lib.read.text import decode

        decode(data)[0].splitlines()
    elif fmt == "html":
        import lxml.html

        lxml.html.document_fromstring(data)
    elif fmt == "docx":
        import docx

        d = docx.Document(io.BytesIO(data))
        for t in d.tables:
            for row in t.rows:
                [c.text for c in row.cells]
    else:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.extract_text()


def _rate(fn, files, seconds: float) -> float:
    for name, data in files:  # warm up (imports, caches)
        fn(name, data)
    # CPU time of this process: the figure for one core, not disturbed by other processes.
    n, t0 = 0, time.process_time()
    while time.process_time() - t0 < seconds:
        for name, data in files:
            fn(name, data)
            n += 1
    return n / (time.process_time() - t0)


TARGET = {"txt": 500, "html": 200, "docx": 50, "pdf": 1}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    from lib.parse import parse_file
    from lib.read import read_document

    with tempfile.TemporaryDirectory() as tmp:
        inputs = _inputs(Path(tmp))
    print(
        f"{'format':6} {'files':>5} {'parse/s':>9} {'read/s':>9} {'bare/s':>9} "
        f"{'parse:bare':>10} {'parse:cells':>11} {'parse:read':>10}  target"
    )
    for fmt, files in inputs.items():
        secs = args.seconds * (3 if fmt == "pdf" else 1)
        parse_rate = _rate(lambda n, d: parse_file(None, data=d, name=n), files, secs)
        read_rate = _rate(lambda n, d: read_document(None, data=d, name=n), files, secs)
        bare_rate = _rate(lambda n, d, f=fmt: _bare(f, d), files, secs)
        cells_rate = (
            _rate(lambda n, d, f=fmt: _bare_cells(f, d), files, secs)
            if fmt == "html"
            else bare_rate
        )
        ok = "ok" if parse_rate >= TARGET[fmt] else "MISSED"
        print(
            f"{fmt:6} {len(files):>5} {parse_rate:>9.1f} {read_rate:>9.1f} {bare_rate:>9.1f} "
            f"{bare_rate / parse_rate:>9.2f}x {cells_rate / parse_rate:>10.2f}x "
            f"{read_rate / parse_rate:>9.2f}x  "
            f"≥{TARGET[fmt]} {ok}"
        )
    print(
        "parse = lib.parse.parse_file (read + map + rules); read = lib.read.read_document;\n"
        "bare = the format library alone (txt: decode + split lines; html: lxml; docx: python-docx\n"
        "tables; pdf: pdfplumber text + tables). parse:cells also reads every HTML table cell's\n"
        "text and the page text with lxml (as the DOCX and PDF bare reads do); parse:read is the\n"
        "parser's own overhead. Target: parse:bare ≤ 1.5x."
    )


if __name__ == "__main__":
    main()
